import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

/**
 * The server's worker threads run `dist/job-worker.js`, and the restart tests spawn `dist/index.js` in a child
 * process: both must be built from the current sources. `pnpm test` runs after `pnpm build` (turbo), but a
 * direct `vitest run` after an edit would test stale code, so the JS (no declarations) is rebuilt when older than
 * any source file.
 */
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const outputs = ['dist/index.js', 'dist/job-worker.js', 'dist/request-checker.js'].map((file) =>
    join(root, file),
  );
  const builtAt = Math.min(...outputs.map(modifiedAt));
  if (builtAt >= newestSource(join(root, 'src'))) return;
  await build({
    config: false,
    entry: {
      index: 'src/index.ts',
      'job-worker': 'src/execution/job-worker.ts',
      'request-checker': 'src/execution/request-checker-worker.ts',
    },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    silent: true,
    external: [
      '@bosonic/core',
      '@bosonic/protocol',
      '@bosonic/simulator',
      'better-sqlite3',
      'bullmq',
      'fastify',
      'ioredis',
      'pg',
      'pino',
    ],
  });
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, modifiedAt(path));
    }
  }
  return newest;
}
