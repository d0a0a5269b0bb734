import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The worker threads run the built dist/job-worker.js: build it first when it is missing or stale.
    globalSetup: ['./vitest.global-setup.ts'],
    // Servers, worker threads and native jobs are CPU-bound on a 2-core machine: one test file at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
