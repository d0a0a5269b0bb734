#!/usr/bin/env node
// `pnpm --filter @bosonic/server fuzz -- --seconds 300 --seed 7`: the HTTP fuzz test of the suite, run longer and
// with a chosen seed (FUZZ_SECONDS and FUZZ_SEED in the test). It prints the requests tried and their answers by
// status; a failure names the request, and the same seed replays it.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  const value = at < 0 ? fallback : args[at + 1];
  if (!/^\d+$/.test(value ?? '')) {
    console.error(`--${name} takes a non-negative integer (got ${value})`);
    process.exit(2);
  }
  return value;
};
const env = {
  ...process.env,
  FUZZ_SECONDS: option('seconds', '300'),
  FUZZ_SEED: option('seed', String(Date.now() % 1e9)),
};
console.log(`HTTP API fuzz for ${env.FUZZ_SECONDS} s, seed ${env.FUZZ_SEED}`);
const { status } = spawnSync('vitest', ['run', 'src/e2e/http-fuzz.test.ts'], {
  stdio: 'inherit',
  env,
  shell: process.platform === 'win32',
});
process.exit(status ?? 1);
