import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { BACKGROUND_PRIORITY_STEPS } from '../../execution/thread-priority.js';
import type { FromWorker, ToWorker } from '../../execution/worker-messages.js';
import { locateWorkerScript, startWorkerThread } from '../../execution/worker-threads.js';
import type { ExecutionLimits } from '../../jobs/sampler-job-plan.js';
import type { SimulatorPlatform } from '../../platforms/platforms.js';
import type { ClaimedJob, JobOutcome } from '../../store/job-record.js';
import type { JobStore } from '../../store/job-store.js';
import type { JobQueue } from '../job-queue.js';

/** Options of a {@link WorkerPool}. */
export interface WorkerPoolOptions {
  store: JobStore;
  /** Worker threads, each running one job at a time (plus quick ones, see {@link QUICK_JOBS_PER_WORKER}). */
  size: number;
  platforms: ReadonlyMap<string, SimulatorPlatform>;
  limits: ExecutionLimits;
  /** Least time between two progress writes of a job, in ms. */
  progressIntervalMs: number;
  logger: Logger;
  /** How long `close()` lets running jobs stop before terminating their workers, in ms (default 2000). */
  stopTimeoutMs?: number;
}

/**
 * Tiny jobs a worker runs next to its one job of any size. Each takes well under a millisecond of compute and
 * little memory; running a few at once overlaps their hand-overs to native threads, which is most of their time.
 * More would add threads competing with the HTTP thread for the cores (measured: 2 serves best on 2 cores).
 */
export const QUICK_JOBS_PER_WORKER = 2;

interface Slot {
  worker: Worker;
  /** True once the worker thread runs: jobs go only to workers that started. */
  online: boolean;
  /** The jobs it runs, by id. */
  jobs: Map<string, ClaimedJob>;
  /** The one job of any size it runs (the others are quick). */
  large: string | undefined;
  exited: Promise<void>;
}

/**
 * The in-process executor: a pool of worker threads that take waiting jobs from the store, oldest first. Each
 * worker runs one job of any size at a time and, next to it, up to {@link QUICK_JOBS_PER_WORKER} tiny ones
 * (which may pass larger jobs waiting for a worker). Progress is written back as the workers report it (each
 * throttles its own reports), the outcome when a job ends. A worker that dies takes its jobs down with an error
 * message and is replaced.
 */
export class WorkerPool implements JobQueue {
  readonly #options: WorkerPoolOptions;
  readonly #workerFile: string;
  readonly #slots = new Set<Slot>();
  /** Cancel requests that arrived while their job was between claim and dispatch. */
  readonly #cancelPending = new Set<string>();
  /** Callbacks of `close()` waiting for a job to report its end. */
  readonly #stopWaiters = new Map<string, () => void>();
  #pumping = false;
  #pumpAgain = false;
  #started = false;
  #closing = false;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#workerFile = locateWorkerScript('job-worker');
  }

  get runningCount(): number {
    let count = 0;
    for (const slot of this.#slots) count += slot.jobs.size;
    return count;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (let i = 0; i < this.#options.size; i++) this.#spawn();
    this.#pump();
  }

  async checkAvailable(): Promise<void> {
    // Worker threads of this process: available as long as the process runs.
  }

  notifyEnqueued(_jobId: string): void {
    this.#pump();
  }

  notifyCancelRequested(jobId: string): void {
    const slot = this.#slotOf(jobId);
    if (slot !== undefined) this.#post(slot, { type: 'cancel', jobId });
    else this.#cancelPending.add(jobId);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    // Ask running jobs to stop (native work stops within milliseconds), then put them back in the queue.
    const stopped: Promise<void>[] = [];
    for (const slot of this.#slots) {
      for (const jobId of slot.jobs.keys()) {
        stopped.push(new Promise((resolve) => this.#stopWaiters.set(jobId, resolve)));
        this.#post(slot, { type: 'cancel', jobId });
      }
    }
    await Promise.race([
      Promise.all(stopped),
      new Promise((resolve) => setTimeout(resolve, this.#options.stopTimeoutMs ?? 2000).unref()),
    ]);
    for (const slot of this.#slots) {
      for (const job of slot.jobs.values()) await this.#requeue(job);
      slot.jobs.clear();
    }
    await Promise.all(
      [...this.#slots].map(async (slot) => {
        await slot.worker.terminate();
        await slot.exited;
      }),
    );
    this.#slots.clear();
  }

  #slotOf(jobId: string): Slot | undefined {
    for (const slot of this.#slots) if (slot.jobs.has(jobId)) return slot;
    return undefined;
  }

  #spawn(): void {
    const worker = startWorkerThread(this.#workerFile, 'bosonic-job-worker', {
      limits: this.#options.limits,
      progressIntervalMs: this.#options.progressIntervalMs,
      prioritySteps: BACKGROUND_PRIORITY_STEPS,
    });
    let resolveExit!: () => void;
    const slot: Slot = {
      worker,
      online: false,
      jobs: new Map(),
      large: undefined,
      exited: new Promise((resolve) => {
        resolveExit = resolve;
      }),
    };
    this.#slots.add(slot);
    let failure: Error | undefined;
    worker.once('online', () => {
      slot.online = true;
      this.#pump();
    });
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      resolveExit();
      this.#slots.delete(slot);
      if (this.#closing) return;
      this.#options.logger.error({ err: failure, code }, 'a job worker stopped; starting another');
      const reason = failure === undefined ? `exit code ${code}` : `${failure.name}: ${failure.message}`;
      for (const job of slot.jobs.values()) {
        void this.#finish(job, {
          status: 'error',
          results: null,
          message: `The worker running this job stopped unexpectedly (${reason})`,
        });
      }
      slot.jobs.clear();
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
    const job = slot.jobs.get(message.jobId);
    if (job === undefined || job.attempt !== message.attempt) return;
    if (message.type === 'progress') {
      this.#options.store
        .reportProgress(job.id, job.attempt, message.progress, message.message)
        .catch((error: unknown) =>
          this.#options.logger.error({ err: error, jobId: job.id }, 'progress not saved'),
        );
      return;
    }
    slot.jobs.delete(job.id);
    if (slot.large === job.id) slot.large = undefined;
    this.#cancelPending.delete(job.id);
    const stopWaiter = this.#stopWaiters.get(job.id);
    this.#stopWaiters.delete(job.id);
    if (this.#closing && message.outcome.status !== 'completed') {
      void this.#requeue(job).finally(stopWaiter);
      return;
    }
    void this.#finish(job, message.outcome).finally(() => {
      stopWaiter?.();
      this.#pump();
    });
  }

  async #finish(job: ClaimedJob, outcome: JobOutcome): Promise<void> {
    try {
      const stored = await this.#options.store.finishJob(job.id, job.attempt, outcome);
      this.#options.logger.debug(
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

  /** Hands waiting jobs to workers with room until either runs out. Never runs twice at once. */
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
      const ready = [...this.#slots].filter((slot) => slot.online);
      // A worker without a large job takes the oldest job of any size; otherwise one with room takes a quick one.
      const free = ready
        .filter((slot) => slot.large === undefined && slot.jobs.size < QUICK_JOBS_PER_WORKER)
        .sort((a, b) => a.jobs.size - b.jobs.size)[0];
      const roomy = ready
        .filter((slot) => slot.jobs.size < QUICK_JOBS_PER_WORKER + (slot.large === undefined ? 0 : 1))
        .sort((a, b) => a.jobs.size - b.jobs.size)[0];
      const slot = free ?? roomy;
      if (slot === undefined) return;
      const job = await this.#options.store.claimNext(free === undefined ? { quickOnly: true } : {});
      if (job === undefined) return;
      if (this.#closing || !this.#slots.has(slot)) {
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
    slot.jobs.set(job.id, job);
    if (!job.quick) slot.large = job.id;
    this.#post(slot, {
      type: 'run',
      jobId: job.id,
      attempt: job.attempt,
      platform: platform.name,
      request: job.request,
      maxExecutionTime: job.maxExecutionTime,
    });
    if (this.#cancelPending.delete(job.id)) this.#post(slot, { type: 'cancel', jobId: job.id });
    this.#options.logger.debug({ jobId: job.id, attempt: job.attempt }, 'job started');
  }
}
