import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { BosonicError } from '@bosonic/core';
import {
  deserializeError,
  EXITED,
  SEQ,
  SHARED_SLOTS,
  type SyncJobOrder,
  type SyncReport,
} from './sync-messages.js';

/** What the blocked caller does with each report, on its own thread, as it arrives. */
export interface SyncReportHandlers {
  created(id: string): void;
  status(report: Extract<SyncReport, { type: 'status' }>['response']): void;
  results(report: Extract<SyncReport, { type: 'results' }>['response']): void;
}

/** A worker that has not said anything this long after starting is taken for dead. */
const FIRST_REPORT_DEADLINE_MS = 60_000;
/** `Atomics.wait` wakes up at least this often, in case a wake-up was missed. */
const WAIT_SLICE_MS = 250;

/**
 * Runs a remote job to completion while BLOCKING the calling thread: a worker thread creates the job, polls it
 * and fetches its results; this thread sleeps in `Atomics.wait` on a shared counter the worker bumps after each
 * report, and handles the reports (`created`, `status`, `results`) synchronously as they come — so progress
 * listeners still hear every update, on the caller's thread.
 *
 * @throws the worker's failure, rebuilt with its bosonic class (`AuthenticationError`, `HttpError`,
 *   `NetworkError`, `ValidationError`, …); a `BosonicError` coded `ERR_SYNC_WORKER` when the worker could not
 *   be started or died without a word.
 */
export function runBlocking(order: SyncJobOrder, handlers: SyncReportHandlers): void {
  const workerFile = locateWorkerFile();
  const shared = new Int32Array(new SharedArrayBuffer(SHARED_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const { port1: inbox, port2: outbox } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(workerFile, {
      workerData: { order, port: outbox, shared },
      transferList: [outbox],
    });
  } catch (error) {
    inbox.close();
    throw new BosonicError(`Could not start the executeSync worker (${workerFile})`, 'ERR_SYNC_WORKER', {
      cause: error,
    });
  }
  // Nothing of the worker may keep the process alive once this function has returned.
  worker.unref();
  const started = Date.now();
  let heardFrom = false;
  let failure: Error | undefined;
  try {
    for (;;) {
      const seen = Atomics.load(shared, SEQ);
      // Read before draining: whatever the worker posted before it exited is then drained below.
      const exited = Atomics.load(shared, EXITED) === 1;
      let finished = false;
      for (let received = receiveMessageOnPort(inbox); received; received = receiveMessageOnPort(inbox)) {
        heardFrom = true;
        const report = received.message as SyncReport;
        switch (report.type) {
          case 'created':
            handlers.created(report.id);
            break;
          case 'status':
            handlers.status(report.response);
            break;
          case 'results':
            handlers.results(report.response);
            break;
          case 'error':
            failure = deserializeError(report.error);
            break;
          case 'done':
            finished = true;
            break;
        }
      }
      if (finished) break;
      if (exited) {
        throw new BosonicError('The executeSync worker stopped before the job completed', 'ERR_SYNC_WORKER');
      }
      if (!heardFrom && Date.now() - started > FIRST_REPORT_DEADLINE_MS) {
        throw new BosonicError('The executeSync worker did not start', 'ERR_SYNC_WORKER');
      }
      Atomics.wait(shared, SEQ, seen, WAIT_SLICE_MS);
    }
  } finally {
    inbox.close();
    void worker.terminate();
  }
  if (failure !== undefined) throw failure;
}

/**
 * The built worker: beside the bundle (`dist/sync-worker.js`); when running from the sources (tests), the
 * package's `dist/` build of it.
 */
function locateWorkerFile(): string {
  const candidates = [
    new URL('./sync-worker.js', import.meta.url),
    new URL('../../dist/sync-worker.js', import.meta.url),
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new BosonicError(
    `The executeSync worker script is missing (looked for ${candidates.map((c) => fileURLToPath(c)).join(', ')}); build @bosonic/cloud first`,
    'ERR_SYNC_WORKER',
  );
}
