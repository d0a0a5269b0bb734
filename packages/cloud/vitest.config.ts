import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // A bound on a hung test, not a speed check: some tests start servers and child processes, which a
    // loaded 2-core machine can slow down a lot.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
