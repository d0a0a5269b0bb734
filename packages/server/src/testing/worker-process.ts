import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '../start-worker.js';
import { type SpawnedChild, spawnChild } from './child-process.js';

/** A worker of the distributed mode running in a child process (built `dist/`), for tests. */
export type WorkerProcess = SpawnedChild;

const CHILD_SCRIPT = fileURLToPath(new URL('./worker-child.mjs', import.meta.url));

/** Options of a worker in a child process: `startWorker`'s, and the level of its log lines on stdout (none without). */
export type WorkerProcessOptions = Omit<WorkerOptions, 'logger'> & { logLevel?: 'debug' | 'info' | 'warn' };

/** Starts `startWorker(options)` in a child process and resolves once it runs. */
export function spawnWorker(options: WorkerProcessOptions): Promise<WorkerProcess> {
  return spawnChild(CHILD_SCRIPT, {
    args: [JSON.stringify(options)],
    ready: /^READY$/m,
    what: 'The worker process',
  });
}
