import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerOptions } from '../server-options.js';
import { type RunningServer, startServer } from '../start-server.js';

/** The tokens of test servers. */
export const TOKEN_A = 'token-alice-0123456789';
export const TOKEN_B = 'token-bob-9876543210';

/** A fresh data directory, removed by the returned function. */
export function temporaryDataDir(): { dataDir: string; remove: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosonic-server-'));
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** An in-process server on 127.0.0.1 with two tokens, silent, in a fresh data directory. */
export async function startTestServer(
  options: Partial<ServerOptions> = {},
): Promise<RunningServer & { dataDir: string; stop(): Promise<void> }> {
  const { dataDir, remove } = temporaryDataDir();
  const server = await startServer({
    dataDir,
    tokens: [TOKEN_A, TOKEN_B],
    logger: false,
    workers: 2,
    fsync: false,
    ...options,
  });
  return {
    url: server.url,
    host: server.host,
    port: server.port,
    close: () => server.close(),
    dataDir,
    async stop() {
      await server.close();
      remove();
    },
  };
}
