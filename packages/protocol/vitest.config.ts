import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // A bound on a hung test, not a speed check (durations belong to `pnpm bench`): the suite must pass on a loaded
    // 2-core machine, where a test that takes 1 s alone can take 30 s.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
