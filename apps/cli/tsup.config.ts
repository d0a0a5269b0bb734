import { defineConfig } from 'tsup';

export default defineConfig({
  // cli.js is the `bosonic` binary (tsup keeps its shebang and makes it executable); index.js is the
  // programmatic API (experiment files, result formatting) for tools that embed the CLI's pieces.
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
