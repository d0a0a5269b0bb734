import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../start-server.js';
import { cleanupAfterEach } from '../testing/cleanups.js';
import { rawCall } from '../testing/raw-http.js';
import { TOKEN_A, TOKEN_B } from '../testing/test-server.js';

/**
 * Issue 14, item 7: the configured tokens are the only ones accepted (a token removed from the configuration
 * stays revoked, even on a later start without any), tokens can come from a file instead of the command line,
 * and the data directory and its files are private to the server's user.
 */

const { defer, dataDir } = cleanupAfterEach();

async function start(options: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const server = await startServer({ logger: false, fsync: false, workers: 1, ...options });
  defer(() => server.close());
  return server;
}

async function statusWith(server: RunningServer, token: string): Promise<number> {
  return (await rawCall(server.url, 'GET', '/api/jobs/availability', { token })).status;
}

describe('configured tokens', () => {
  it('are authoritative: a token removed from the configuration is refused, also by a later start without any', async () => {
    const dir = dataDir();
    let server = await start({ dataDir: dir, tokens: [TOKEN_A, TOKEN_B] });
    expect(await statusWith(server, TOKEN_B)).toBe(200);
    await server.close();

    server = await start({ dataDir: dir, tokens: [TOKEN_A] });
    expect(await statusWith(server, TOKEN_A)).toBe(200);
    expect(await statusWith(server, TOKEN_B)).toBe(401);
    await server.close();

    server = await start({ dataDir: dir });
    expect(server.createdToken).toBeUndefined();
    expect(await statusWith(server, TOKEN_A)).toBe(200);
    expect(await statusWith(server, TOKEN_B)).toBe(401);
  });

  it('may come from a token file (one per line, # comments), added to the others', async () => {
    const dir = dataDir();
    const file = join(dataDir(), 'tokens');
    writeFileSync(file, `# tokens of the team\n${TOKEN_A}\n\n  ${TOKEN_B}  \n`, { mode: 0o600 });
    const third = 'token-carol-5555555555';
    const server = await start({ dataDir: dir, tokenFile: file, tokens: [third] });
    expect(await statusWith(server, TOKEN_A)).toBe(200);
    expect(await statusWith(server, TOKEN_B)).toBe(200);
    expect(await statusWith(server, third)).toBe(200);
    expect(await statusWith(server, 'token-mallory-000000')).toBe(401);
  });

  it('refuses a token file with a bad line or none at all, naming the line and not the secret', async () => {
    const dir = dataDir();
    const file = join(dataDir(), 'tokens');
    writeFileSync(file, `${TOKEN_A}\nshort\n`, { mode: 0o600 });
    const bad = startServer({ dataDir: dir, tokenFile: file, logger: false });
    await expect(bad).rejects.toThrow(ValidationError);
    await expect(bad).rejects.toThrow(/line 2/);
    writeFileSync(file, '# nothing yet\n');
    await expect(startServer({ dataDir: dir, tokenFile: file, logger: false })).rejects.toThrow(
      /holds no token/,
    );
    await expect(
      startServer({ dataDir: dir, tokenFile: join(dir, 'missing'), logger: false }),
    ).rejects.toThrow(/tokenFile: cannot read/);
  });
});

describe('public routes', () => {
  it('are the ones marked public: the probes and the dashboard answer without a token, no API route does', async () => {
    const server = await start({ dataDir: dataDir(), tokens: [TOKEN_A] });
    for (const path of ['/api/health', '/api/ready', '/api/health?verbose=1', '/', '/dashboard/app.js']) {
      expect((await rawCall(server.url, 'GET', path)).status, path).toBe(200);
    }
    for (const path of [
      '/api/jobs/availability',
      '/api/platforms',
      '/api/jobs',
      '/api/job/status/00000000-0000-0000-0000-000000000000',
      '/api/health/../jobs',
      '/api//jobs',
      '/API/jobs',
    ]) {
      expect((await rawCall(server.url, 'GET', path)).status, path).toBe(401);
    }
  });
});

describe('files of the data directory', () => {
  it('are private: the directory 0700, the database and its log 0600, even when the directory existed 0755', async () => {
    const dir = dataDir();
    chmodSync(dir, 0o755);
    const server = await start({ dataDir: dir, tokens: [TOKEN_A] });
    expect(await statusWith(server, TOKEN_A)).toBe(200);
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    for (const file of ['jobs.sqlite', 'jobs.sqlite-wal']) {
      expect((statSync(join(dir, file)).mode & 0o777).toString(8), file).toBe('600');
    }
  });
});

describe('the token created on a first start', () => {
  it('is created only once the server listens: a start on a port in use leaves none, the next one shows it', async () => {
    const dir = dataDir();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const { port } = taken.address() as AddressInfo;
    await expect(startServer({ dataDir: dir, port, logger: false })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });

    const server = await start({ dataDir: dir });
    expect(server.createdToken).toEqual(expect.any(String));
    expect(await statusWith(server, server.createdToken as string)).toBe(200);
    expect(await statusWith(server, TOKEN_A)).toBe(401);
  });
});
