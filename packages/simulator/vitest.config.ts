import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The native jobs are CPU-bound and the machine has 2 cores: run test files one at a time.
    fileParallelism: false,
    testTimeout: 180_000,
  },
});
