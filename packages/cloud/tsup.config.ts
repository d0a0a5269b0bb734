import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker of RemoteJob.executeSync is its own entry: it must exist as a file beside the bundle
  // (dist/sync-worker.js), since a worker thread is started from a path.
  entry: { index: 'src/index.ts', 'sync-worker': 'src/sync/sync-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
