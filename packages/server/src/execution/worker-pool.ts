import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BosonicError } from '@bosonic/core';
import type { Logger } from 'pino';
import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';
import type { SimulatorPlatform } from '../platforms/platforms.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { ClaimedJob, JobOutcome } from '../store/job-record.js';
import type { JobStore } from '../store/job-store.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

/** Options of a {@link WorkerPool}. */
export interface WorkerPoolOptions {
  store: JobStore;
  /** Worker threads, each running one job at a time. */
  size: number;
  platforms: ReadonlyMap<string, SimulatorPlatform>;
  limits: ExecutionLimits;
  /** Least time between two progress writes of a job, in ms. */
  progressIntervalMs: number;
  logger: Logger;
  /** How long `close()` lets running jobs stop before terminating their workers, in ms (default 2000). */
  stopTimeoutMs?: number;
}

interface Slot {
  worker: Worker;
  job: ClaimedJob | undefined;
  /** Settles when the running job reports its end (used by `close`). */
  jobDone: (() => void) | undefined;
  exited: Promise<void>;
}

/**
 * The in-process executor: a pool of worker threads that take waiting jobs from the store, oldest first, one
 * per worker. Progress is written back as the workers report it (each worker throttles its own reports), the
 * outcome when a job ends. A worker that dies takes its job down with an error message and is replaced.
 */
export class WorkerPool implements JobQueue {
  readonly #options: WorkerPoolOptions;
  readonly #workerFile: string;
  readonly #slots = new Set<Slot>();
  /** Cancel requests that arrived while their job was between claim and dispatch. */
  readonly #cancelPending = new Set<string>();
  #pumping = false;
  #pumpAgain = false;
  #started = false;
  #closing = false;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#workerFile = locateWorkerFile();
  }

  get runningCount(): number {
    let count = 0;
    for (const slot of this.#slots) if (slot.job !== undefined) count++;
    return count;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (let i = 0; i < this.#options.size; i++) this.#spawn();
    this.#pump();
  }

  notifyEnqueued(_jobId: string): void {
    this.#pump();
  }

  notifyCancelRequested(jobId: string): void {
    for (const slot of this.#slots) {
      if (slot.job?.id === jobId) {
        this.#post(slot, { type: 'cancel', jobId });
        return;
      }
    }
    this.#cancelPending.add(jobId);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const busy = [...this.#slots].filter((slot) => slot.job !== undefined);
    // Ask running jobs to stop (native work stops within milliseconds), then put them back in the queue.
    const stopped = busy.map(
      (slot) =>
        new Promise<void>((resolve) => {
          slot.jobDone = resolve;
          this.#post(slot, { type: 'cancel', jobId: slot.job!.id });
        }),
    );
    await Promise.race([
      Promise.all(stopped),
      new Promise((resolve) => setTimeout(resolve, this.#options.stopTimeoutMs ?? 2000).unref()),
    ]);
    for (const slot of this.#slots) {
      const job = slot.job;
      slot.job = undefined;
      if (job !== undefined) await this.#requeue(job);
    }
    await Promise.all(
      [...this.#slots].map(async (slot) => {
        await slot.worker.terminate();
        await slot.exited;
      }),
    );
    this.#slots.clear();
  }

  #spawn(): void {
    const worker = new Worker(this.#workerFile, { name: 'bosonic-job-worker' });
    let resolveExit!: () => void;
    const slot: Slot = {
      worker,
      job: undefined,
      jobDone: undefined,
      exited: new Promise((resolve) => {
        resolveExit = resolve;
      }),
    };
    this.#slots.add(slot);
    let failure: Error | undefined;
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      resolveExit();
      this.#slots.delete(slot);
      if (this.#closing) return;
      this.#options.logger.error({ err: failure, code }, 'a job worker stopped; starting another');
      const job = slot.job;
      slot.job = undefined;
      if (job !== undefined) {
        const reason = failure === undefined ? `exit code ${code}` : `${failure.name}: ${failure.message}`;
        void this.#finish(job, {
          status: 'error',
          results: null,
          message: `The worker running this job stopped unexpectedly (${reason})`,
        });
      }
      // A worker that cannot even start would fail in a loop: wait a little before the next one.
      setTimeout(
        () => {
          if (!this.#closing) {
            this.#spawn();
            this.#pump();
          }
        },
        failure === undefined ? 0 : 1000,
      ).unref();
    });
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    const job = slot.job;
    if (job === undefined || job.id !== message.jobId || job.attempt !== message.attempt) return;
    if (message.type === 'progress') {
      this.#options.store
        .reportProgress(job.id, job.attempt, message.progress, message.message)
        .catch((error: unknown) =>
          this.#options.logger.error({ err: error, jobId: job.id }, 'progress not saved'),
        );
      return;
    }
    slot.job = undefined;
    this.#cancelPending.delete(job.id);
    const done = slot.jobDone;
    slot.jobDone = undefined;
    if (this.#closing && message.outcome.status !== 'completed') {
      void this.#requeue(job).finally(done);
      return;
    }
    void this.#finish(job, message.outcome).finally(() => {
      done?.();
      this.#pump();
    });
  }

  async #finish(job: ClaimedJob, outcome: JobOutcome): Promise<void> {
    try {
      const stored = await this.#options.store.finishJob(job.id, job.attempt, outcome);
      this.#options.logger.info(
        { jobId: job.id, attempt: job.attempt, status: outcome.status, stored },
        outcome.message ?? 'job finished',
      );
    } catch (error) {
      this.#options.logger.error({ err: error, jobId: job.id }, 'job outcome not saved');
    }
  }

  async #requeue(job: ClaimedJob): Promise<void> {
    try {
      await this.#options.store.requeueJob(job.id, job.attempt);
    } catch (error) {
      this.#options.logger.error({ err: error, jobId: job.id }, 'job not put back in the queue');
    }
  }

  #post(slot: Slot, message: ToWorker): void {
    slot.worker.postMessage(message);
  }

  /** Hands waiting jobs to idle workers until either runs out. Never runs twice at once. */
  #pump(): void {
    if (!this.#started || this.#closing) return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    void this.#drain()
      .catch((error: unknown) => this.#options.logger.error({ err: error }, 'job dispatch failed'))
      .finally(() => {
        this.#pumping = false;
        if (this.#pumpAgain) {
          this.#pumpAgain = false;
          this.#pump();
        }
      });
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#closing) return;
      const slot = [...this.#slots].find((candidate) => candidate.job === undefined);
      if (slot === undefined) return;
      const job = await this.#options.store.claimNext();
      if (job === undefined) return;
      if (this.#closing || !this.#slots.has(slot) || slot.job !== undefined) {
        await this.#requeue(job);
        return;
      }
      this.#dispatch(slot, job);
    }
  }

  #dispatch(slot: Slot, job: ClaimedJob): void {
    const platform = this.#options.platforms.get(job.platform);
    if (platform === undefined) {
      void this.#finish(job, {
        status: 'error',
        results: null,
        message: `This server no longer offers the platform ${job.platform}`,
      });
      return;
    }
    slot.job = job;
    this.#post(slot, {
      type: 'run',
      order: {
        jobId: job.id,
        attempt: job.attempt,
        platform,
        request: job.request,
        limits: this.#options.limits,
        progressIntervalMs: this.#options.progressIntervalMs,
      },
    });
    if (this.#cancelPending.delete(job.id)) this.#post(slot, { type: 'cancel', jobId: job.id });
    this.#options.logger.debug({ jobId: job.id, attempt: job.attempt }, 'job started');
  }
}

/**
 * The built worker: beside this module in the bundle (dist/job-worker.js); when running from the sources
 * (tests), the package's dist/ (the test setup builds it).
 */
function locateWorkerFile(): string {
  const candidates = [
    new URL('./job-worker.js', import.meta.url),
    new URL('../../dist/job-worker.js', import.meta.url),
  ].map((url) => fileURLToPath(url));
  const found = candidates.find((file) => existsSync(file));
  if (found === undefined) {
    throw new BosonicError(
      `The job worker script is missing (looked for ${candidates.join(', ')}); build @bosonic/server first`,
      'ERR_WORKER_MISSING',
    );
  }
  return found;
}
