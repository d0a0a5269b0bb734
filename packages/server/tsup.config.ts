import { defineConfig } from 'tsup';

export default defineConfig({
  // The job worker and the request checker are entries of their own: a worker thread is started from a file,
  // which must exist beside the bundle (dist/job-worker.js, dist/request-checker.js).
  entry: {
    index: 'src/index.ts',
    'job-worker': 'src/execution/job-worker.ts',
    'request-checker': 'src/execution/request-checker-worker.ts',
    // Not part of the package's API: the benchmark starts its PostgreSQL and Redis with the tests' helpers.
    'bench-services': 'src/testing/services/index.ts',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // Dependencies stay dependencies: one copy of bosonic's classes, and the native addons load from their packages.
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
    'secure-json-parse',
  ],
});
