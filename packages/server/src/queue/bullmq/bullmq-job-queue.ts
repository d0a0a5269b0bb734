import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ServiceUnavailableError } from '../../errors/service-unavailable-error.js';
import type { SharedJobStore } from '../../store/job-store.js';
import type { JobQueue } from '../job-queue.js';
import type { BullMQJobExecutor } from './bullmq-job-executor.js';
import { reconcile } from './reconciler.js';
import { QUEUE_NAME, type QueuedJobData, RUN_JOB } from './redis-connection.js';

/** Options of a {@link BullMQJobQueue}. */
export interface BullMQJobQueueOptions {
  store: SharedJobStore;
  /** A non-blocking Redis connection (commands fail fast while Redis is down). */
  redis: Redis;
  /** Runs of a job that crashes may interrupt before it is failed (the reconciler applies it). */
  maxAttempts: number;
  /** How often the reconciler runs, in ms (default 5000). */
  reconcileIntervalMs?: number;
  /** The executor of this node, when it runs jobs too (`--workers N`, N > 0). */
  executor?: BullMQJobExecutor;
  logger: Logger;
}

/**
 * The API side of the distributed queue: a stored job is announced to BullMQ under its own id, and a reconciler
 * regularly queues again what Redis lost (see {@link reconcile}), so an accepted job is never stranded whatever
 * happens to Redis. Cancel requests need no message: executors read them from the database when they renew their
 * leases (twice a second).
 */
export class BullMQJobQueue implements JobQueue {
  readonly #options: BullMQJobQueueOptions;
  readonly #queue: Queue<QueuedJobData>;
  #timer: NodeJS.Timeout | undefined;
  #reconciling: Promise<void> | undefined;
  #closed = false;

  constructor(options: BullMQJobQueueOptions) {
    this.#options = options;
    this.#queue = new Queue<QueuedJobData>(QUEUE_NAME, {
      connection: options.redis,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
    });
    this.#queue.on('error', (error) => options.logger.warn({ err: error }, 'queue connection error'));
  }

  get runningCount(): number {
    return this.#options.executor?.runningCount ?? 0;
  }

  start(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.reconcileNow();
    this.#timer = setInterval(() => this.reconcileNow(), this.#options.reconcileIntervalMs ?? 5000);
    this.#timer.unref();
  }

  /** Runs a reconciliation now (unless one is running); failures are logged, the next period tries again. */
  reconcileNow(): Promise<void> {
    this.#reconciling ??= reconcile(this.#options.store, this.#queue, {
      maxAttempts: this.#options.maxAttempts,
    })
      .then((report) => {
        if (
          report.requeued.length + report.canceled.length + report.failed.length + report.enqueued.length >
          0
        ) {
          this.#options.logger.warn(report, 'reconciled the queue with the database');
        }
      })
      .catch((error: unknown) => this.#options.logger.warn({ err: error }, 'queue reconciliation failed'))
      .finally(() => {
        this.#reconciling = undefined;
      });
    return this.#reconciling;
  }

  async checkAvailable(): Promise<void> {
    // A connection being (re)established gets a moment: a node that just started, a Redis that just restarted.
    if (this.#options.redis.status !== 'ready') await untilReady(this.#options.redis, 1000);
    if (this.#options.redis.status !== 'ready') {
      throw new ServiceUnavailableError(
        'queue',
        `The job queue (Redis) cannot be reached (${this.#options.redis.status})`,
      );
    }
  }

  notifyEnqueued(jobId: string): void {
    this.#queue
      .add(RUN_JOB, { jobId }, { jobId })
      // The job is stored: the reconciler queues it once Redis answers again.
      .catch((error: unknown) =>
        this.#options.logger.warn({ err: error, jobId }, 'job not announced to the queue'),
      );
  }

  notifyCancelRequested(_jobId: string): void {
    // Nothing to send: the executor running the job sees the request at its next lease renewal (≤ 0.5 s).
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#reconciling;
    await this.#options.executor?.close();
    await this.#queue.close();
  }
}

/** Resolves when `redis` is ready or after `timeoutMs`, whichever comes first. */
export function untilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
  });
}
