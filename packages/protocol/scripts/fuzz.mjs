#!/usr/bin/env node
// Runs the codec fuzz test for longer than the suite does: `pnpm --filter @bosonic/protocol fuzz -- --seconds 300
// --seed 7`. The options reach the test as FUZZ_SECONDS and FUZZ_SEED; the report (inputs tried per target and
// how each was answered) is printed, and the exit status is vitest's.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seconds: { type: 'string', default: '300' },
    seed: { type: 'string', default: String(Date.now() % 1e9) },
  },
});
for (const [name, value] of Object.entries(values)) {
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a non-negative integer, got '${value}'`);
    process.exit(2);
  }
}
console.log(`codec fuzz: ${values.seconds} s, seed ${values.seed} (replay with --seed ${values.seed})`);
const run = spawnSync('vitest', ['run', 'src/serialization/fuzz/codec-fuzz.test.ts'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, FUZZ_SECONDS: values.seconds, FUZZ_SEED: values.seed },
});
process.exit(run.status ?? 1);
