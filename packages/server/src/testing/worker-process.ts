import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '../start-worker.js';

/** A worker of the distributed mode running in a child process (built `dist/`), for tests. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./worker-child.mjs', import.meta.url));

/** Starts `startWorker(options)` in a child process and resolves once it runs. */
export function spawnWorker(options: Omit<WorkerOptions, 'logger'>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CHILD_SCRIPT, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      if (!/^READY$/m.test(output)) return;
      child.stdout?.off('data', onData);
      resolve({
        child,
        exited,
        output: () => output,
        kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    void exited.then(({ code, signal }) =>
      reject(new Error(`The worker process exited before running (${code ?? signal}):\n${output}`)),
    );
  });
}
