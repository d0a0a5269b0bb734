import { type ChildProcess, spawn } from 'node:child_process';

/** How a child process ended: its exit code (null when killed by a signal) and the signal. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A Node.js script running in a child process, for tests. */
export interface SpawnedChild {
  readonly child: ChildProcess;
  /** Resolves once the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** The match of the readiness pattern in the process's output. */
  readonly ready: RegExpExecArray;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends `signal` (default SIGKILL) unless the process has already exited; resolves once it has. */
  kill(signal?: NodeJS.Signals): Promise<ChildExit>;
}

/** Options of {@link spawnChild}. */
export interface SpawnChildOptions {
  /** Arguments after the script's path. */
  args: readonly string[];
  /** Matched against stdout: the child is ready once it matches (e.g. `/^READY (\S+)$/m`). */
  ready: RegExp;
  /** What the process is, for the error when it exits before it is ready ("The server process"). */
  what: string;
}

/**
 * Runs `node <script> ...args`, captures its stdout and stderr, and resolves once its stdout matches
 * `options.ready`; rejects with its output if it exits before. The caller kills it (`kill()`), always.
 */
export function spawnChild(script: string, options: SpawnChildOptions): Promise<SpawnedChild> {
  const child = spawn(process.execPath, [script, ...options.args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let output = '';
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    let ready: RegExpExecArray | null = null;
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (ready !== null) return;
      stdout += text;
      ready = options.ready.exec(stdout);
      if (ready === null) return;
      resolve({
        child,
        exited,
        ready,
        output: () => output,
        kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then(({ code, signal }) => {
      if (ready === null)
        reject(new Error(`${options.what} exited before it was ready (${code ?? signal}):\n${output}`));
    });
  });
}
