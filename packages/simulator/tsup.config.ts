import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // The core package is a dependency, never bundled: one copy of its classes (instanceof on errors, states).
  external: ['@bosonic/core'],
});
