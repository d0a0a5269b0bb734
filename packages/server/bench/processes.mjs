// The processes the benchmarks start: a server (API node) or a worker of the built dist/, each reporting its CPU
// seconds on SIGTERM (`CPU <s>`) before it stops; the first line it prints is `READY <url>` (`READY worker`).

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const INDEX = JSON.stringify(new URL('../dist/index.js', import.meta.url).href);

/** An API node (`startServer`), also reporting its event loop's delay (`LOOP <p99 ms> <max ms>`). */
export const SERVER_SCRIPT = `
  import { monitorEventLoopDelay } from 'node:perf_hooks';
  import { startServer } from ${INDEX};
  const server = await startServer(JSON.parse(process.argv[1]));
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  process.stdout.write('READY ' + server.url + '\\n');
  process.on('SIGTERM', () => {
    const { userCPUTime, systemCPUTime } = process.resourceUsage();
    process.stdout.write('CPU ' + (userCPUTime + systemCPUTime) / 1e6 + '\\n');
    process.stdout.write('LOOP ' + loopDelay.percentile(99) / 1e6 + ' ' + loopDelay.max / 1e6 + '\\n');
    server.close().then(() => process.exit(0));
  });
`;

/** A worker of the distributed mode (`startWorker`). */
export const WORKER_SCRIPT = `
  import { startWorker } from ${INDEX};
  const worker = await startWorker(JSON.parse(process.argv[1]));
  process.stdout.write('READY worker\\n');
  process.on('SIGTERM', () => {
    const { userCPUTime, systemCPUTime } = process.resourceUsage();
    process.stdout.write('CPU ' + (userCPUTime + systemCPUTime) / 1e6 + '\\n');
    worker.close().then(() => process.exit(0));
  });
`;

/**
 * Starts `script` with `options` (JSON in argv) and resolves once it printed READY; `stdin: 'pipe'` keeps a pipe to
 * its stdin (for scripts that take commands there).
 */
export function startProcess(script, options, nodeFlags = [], { stdin = 'ignore' } = {}) {
  const child = spawn(
    process.execPath,
    [...nodeFlags, '--input-type=module', '-e', script, JSON.stringify(options)],
    {
      stdio: [stdin, 'pipe', 'inherit'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /READY (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1], output: () => out });
    });
    child.once('exit', (code) => reject(new Error(`process exited early (${code})`)));
  });
}

/** Stops a started process with SIGTERM and resolves with the CPU seconds it reported. */
export async function stopProcess({ child, output }) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('close', resolve));
  return Number(/CPU (\S+)/.exec(output())?.[1] ?? Number.NaN);
}
