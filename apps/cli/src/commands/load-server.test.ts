import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadServer, ServerNotInstalledError } from './load-server.js';

/** A module, in a directory with no node_modules, that imports `specifier`: a real failed resolution. */
function moduleImporting(specifier: string): () => Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'bosonic-no-server-'));
  const file = join(dir, 'entry.mjs');
  writeFileSync(file, `export * from '${specifier}';\n`);
  return () => import(pathToFileURL(file).href);
}

describe('loadServer', () => {
  it('loads @bosonic/server where it is installed (this workspace)', async () => {
    const server = await loadServer('serve');
    expect(typeof server.runServerFromCli).toBe('function');
  });

  it('says how to install @bosonic/server where it is missing', async () => {
    const error = await loadServer('worker', moduleImporting('@bosonic/server')).then(
      () => expect.unreachable('the import should fail'),
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ServerNotInstalledError);
    expect((error as ServerNotInstalledError).code).toBe('ERR_SERVER_NOT_INSTALLED');
    expect((error as Error).message).toBe(
      'bosonic worker needs @bosonic/server, which is not installed: it is an optional peer dependency of ' +
        '@bosonic/cli (the other commands do without it). Install it where @bosonic/cli is: ' +
        'npm install @bosonic/server (with -g for a global bosonic)',
    );
  });

  it('does not mistake another missing module for the server', async () => {
    const error = await loadServer('serve', moduleImporting('better-sqlite3-that-is-not-there')).then(
      () => expect.unreachable('the import should fail'),
      (thrown: unknown) => thrown,
    );
    expect(error).not.toBeInstanceOf(ServerNotInstalledError);
    expect((error as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  });
});
