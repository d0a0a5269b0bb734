#!/usr/bin/env node
// The `bosonic` binary. Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted (Ctrl-C).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
