import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerOptions } from '../server-options.js';

/** A server running in a child process (built `dist/`), for tests. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./server-child.mjs', import.meta.url));

/** Starts `runServerFromCli(options)` in a child process and resolves once it listens. */
export function spawnServer(options: Omit<ServerOptions, 'logger'>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CHILD_SCRIPT, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /^READY (\S+)$/m.exec(output);
      if (match !== null) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (more: Buffer) => {
          output += more.toString('utf8');
        });
        resolve({
          url: match[1]!,
          child,
          exited,
          output: () => output,
          kill(signal = 'SIGKILL') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`The server process exited before listening (${code ?? signal}):\n${output}`)),
    );
  });
}
