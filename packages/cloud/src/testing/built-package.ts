import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `dist/index.js` of this package: what users run, with the executeSync worker beside it. */
export const BUILT_ENTRY = new URL('../../dist/index.js', import.meta.url);

/**
 * Imports the BUILT package (tests of executeSync's worker thread and of other processes must run what ships).
 * @throws a clear error when the package was not built.
 */
export async function importBuiltPackage(): Promise<typeof import('../index.js')> {
  if (!existsSync(fileURLToPath(BUILT_ENTRY))) {
    throw new Error('These tests use the built package: run `pnpm --filter @bosonic/cloud build` first');
  }
  return (await import(BUILT_ENTRY.href)) as typeof import('../index.js');
}
