import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { BosonicError } from '@bosonic/core';

/** Node flags about the process's entry point, which a worker must not inherit (those taking a value: true). */
const ENTRY_FLAGS: ReadonlyMap<string, boolean> = new Map([
  ['--input-type', false],
  ['--eval', true],
  ['-e', true],
  ['--print', true],
  ['-p', true],
  ['--check', false],
  ['-c', false],
  ['--interactive', false],
  ['-i', false],
]);

/**
 * A worker thread of the server (job worker, request checker). It inherits the process's Node flags, except those
 * about the process's entry point (`node --input-type=module -e …`), which stop a worker; when those had to be
 * removed and the rest is refused as well (V8 flags cannot be set per worker), it starts without flags.
 */
export function startWorkerThread(
  file: string,
  name: string,
  workerData: unknown,
  options: Pick<WorkerOptions, 'resourceLimits'> = {},
): Worker {
  const base: WorkerOptions = { name, workerData, ...options };
  const execArgv = workerExecArgv(process.execArgv);
  if (execArgv.length === process.execArgv.length) return new Worker(file, base);
  try {
    return new Worker(file, { ...base, execArgv });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(file, { ...base, execArgv: [] });
  }
}

/** The process's Node flags without those about its entry point (`node --input-type=module -e …`). */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i]!;
    const [flagName, inlineValue] = flag.split('=', 2);
    const takesValue = ENTRY_FLAGS.get(flagName!);
    if (takesValue === undefined) kept.push(flag);
    else if (takesValue && inlineValue === undefined) i++;
  }
  return kept;
}

/**
 * A built worker script (`dist/<name>.js`): beside this module in the bundle; when running from the sources
 * (tests), the package's dist/ (the test setup builds it).
 */
export function locateWorkerScript(name: string): string {
  const candidates = [
    new URL(`./${name}.js`, import.meta.url),
    new URL(`../../dist/${name}.js`, import.meta.url),
  ].map((url) => fileURLToPath(url));
  const found = candidates.find((file) => existsSync(file));
  if (found === undefined) {
    throw new BosonicError(
      `The worker script ${name}.js is missing (looked for ${candidates.join(', ')}); build @bosonic/server first`,
      'ERR_WORKER_MISSING',
    );
  }
  return found;
}
