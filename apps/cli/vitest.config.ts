import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The binary tests spawn real processes (and the packaging test installs tarballs): give them room.
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
