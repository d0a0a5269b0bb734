import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type RunningJob, runJob } from '../../execution/run-job.js';
import type { SampleShard } from '../../jobs/sample-shards.js';
import type { ExecutionLimits } from '../../jobs/sampler-job-plan.js';
import type { SimulatorPlatform } from '../../platforms/platforms.js';
import type { ClaimedJob, JobOutcome } from '../../store/job-record.js';
import type { SharedJobStore } from '../../store/job-store.js';
import { QUEUE_NAME, type QueuedJobData, RUN_JOB } from './redis-connection.js';
import {
  coordinateShards,
  planStoredRequest,
  runShard,
  type ShardContext,
  type TrackedShard,
} from './shard-execution.js';

/** Options of a {@link BullMQJobExecutor}. */
export interface BullMQJobExecutorOptions {
  store: SharedJobStore;
  /** A Redis connection (blocking: `maxRetriesPerRequest: null`); BullMQ duplicates it for its blocking reads. */
  redis: Redis;
  /** Jobs run at the same time by this process. */
  concurrency: number;
  platforms: ReadonlyMap<string, SimulatorPlatform>;
  limits: ExecutionLimits;
  /** Least time between two progress writes of a job, in ms. */
  progressIntervalMs: number;
  /** Runs of a job that crashes may interrupt before it is failed. */
  maxAttempts: number;
  /** How often running jobs' leases are renewed and their cancel requests looked up, in ms (default 500). */
  leaseRenewalMs?: number;
  /**
   * BullMQ's lock on a job being run, in ms (default 30 000): after a worker dies, its jobs go back to BullMQ's
   * wait list about this long later (BullMQ's stalled-job check), and another worker takes them.
   */
  lockDurationMs?: number;
  /** How long `close()` lets running jobs stop before giving up on them, in ms (default 5000). */
  stopTimeoutMs?: number;
  logger: Logger;
}

interface LocalRun {
  job: ClaimedJob;
  run: RunningJob;
  /** The database gave the job to another run (this one's lease lapsed): stop, write nothing. */
  superseded: boolean;
}

/**
 * Runs stored jobs that BullMQ hands out, on this process (`bosonic worker`, or an API node with workers). BullMQ
 * gives each queued job to one worker at a time (its lock; a dead worker's jobs are handed out again by BullMQ's
 * stalled-job check); the database decides whether a run may start (`claimJob`: a job under a live lease is not run
 * twice) and fences the writes of a superseded run by attempt number. While a job runs its lease is renewed twice a
 * second, which also brings cancel requests, from any API node, to the run within a second.
 */
export class BullMQJobExecutor {
  readonly #options: BullMQJobExecutorOptions;
  readonly #runs = new Map<string, LocalRun>();
  /** Shards of split jobs running here, keyed `id/shard`. */
  readonly #shards = new Map<string, TrackedShard>();
  readonly #shardContext: ShardContext;
  readonly #worker: Worker<QueuedJobData>;
  /** To queue again, once BullMQ has let go of them, the jobs put back in the database by `close()`. */
  readonly #queue: Queue<QueuedJobData>;
  readonly #renewal: NodeJS.Timeout;
  readonly #requeued: string[] = [];
  #closing: Promise<void> | undefined;

  constructor(options: BullMQJobExecutorOptions) {
    this.#options = options;
    this.#shardContext = {
      store: options.store,
      limits: options.limits,
      progressIntervalMs: options.progressIntervalMs,
      logger: options.logger,
      closing: () => this.#closing !== undefined,
      track: (shard) => {
        const key = `${shard.lease.id}/${shard.lease.shard}`;
        this.#shards.set(key, shard);
        return () => this.#shards.delete(key);
      },
    };
    const lockDuration = options.lockDurationMs ?? 30_000;
    this.#queue = new Queue<QueuedJobData>(QUEUE_NAME, { connection: options.redis });
    this.#queue.on('error', (error) => options.logger.warn({ err: error }, 'queue connection error'));
    this.#worker = new Worker<QueuedJobData>(QUEUE_NAME, (job) => this.#process(job), {
      connection: options.redis,
      concurrency: options.concurrency,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      // Crashes are counted by the database's attempt number (maxAttempts), not by BullMQ.
      maxStalledCount: 1_000_000,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    });
    this.#worker.on('error', (error) => options.logger.warn({ err: error }, 'worker connection error'));
    this.#renewal = setInterval(() => void this.#renewLeases(), options.leaseRenewalMs ?? 500);
    this.#renewal.unref();
  }

  /** Jobs running here now. */
  get runningCount(): number {
    return this.#runs.size + this.#shards.size;
  }

  /**
   * Stops taking jobs; running ones are stopped and put back in the database's queue (except those that complete
   * meanwhile), then queued again in Redis for another worker.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const closed = this.#worker.close();
      for (const local of this.#runs.values()) local.run.cancel();
      for (const shard of this.#shards.values()) shard.cancel();
      const stopTimeout = this.#options.stopTimeoutMs ?? 5000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        closed.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), stopTimeout);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut) await this.#worker.close(true);
      clearInterval(this.#renewal);
      if (this.#requeued.length > 0) {
        await this.#queue
          .addBulk(this.#requeued.map((jobId) => ({ name: RUN_JOB, data: { jobId }, opts: { jobId } })))
          .catch((error: unknown) =>
            // The reconciler of any other node queues them instead.
            this.#options.logger.warn({ err: error }, 'jobs put back could not be queued again'),
          );
      }
      await this.#queue.close();
    })();
    return this.#closing;
  }

  async #process(queued: Job<QueuedJobData>): Promise<void> {
    const { store, logger } = this.#options;
    const jobId = queued.data.jobId;
    if (queued.data.shard !== undefined) {
      await this.#processShard(jobId, queued.data.shard);
      return;
    }
    const job = await store.claimJob(jobId, { maxAttempts: this.#options.maxAttempts });
    if (job === undefined) return;
    const platform = this.#options.platforms.get(job.platform);
    if (platform === undefined) {
      await this.#finish(job, {
        status: 'error',
        results: null,
        message: `This server no longer offers the platform ${job.platform}`,
      });
      return;
    }
    logger.debug({ jobId, attempt: job.attempt }, 'job run started');
    const onProgress = (progress: number, message: string | null): void => {
      store
        .reportProgress(jobId, job.attempt, progress, message)
        .catch((error: unknown) => logger.warn({ err: error, jobId }, 'progress not saved'));
    };
    const planned = planStoredRequest(job.request, platform, this.#options.limits);
    const run =
      'plan' in planned && planned.plan.shards !== undefined
        ? coordinateShards(
            this.#shardContext,
            job,
            {
              plan: planned.plan as typeof planned.plan & { shards: SampleShard[] },
              jobContext: planned.jobContext,
            },
            (count) => this.#queueShards(jobId, count),
            onProgress,
          )
        : this.#runWhole(job, platform, onProgress);
    await this.#await(job, run);
  }

  #runWhole(
    job: ClaimedJob,
    platform: SimulatorPlatform,
    onProgress: (progress: number, message: string | null) => void,
  ): RunningJob {
    return runJob(
      {
        jobId: job.id,
        attempt: job.attempt,
        platform,
        request: job.request,
        maxExecutionTime: job.maxExecutionTime,
        limits: this.#options.limits,
        progressIntervalMs: this.#options.progressIntervalMs,
      },
      onProgress,
    );
  }

  /** Waits for a run of `job` and stores how it ended (or puts it back at shutdown). */
  async #await(job: ClaimedJob, run: RunningJob): Promise<void> {
    const { store } = this.#options;
    const jobId = job.id;
    const local: LocalRun = { job, run, superseded: false };
    this.#runs.set(jobId, local);
    if (this.#closing !== undefined) run.cancel();
    try {
      const outcome = await run.outcome;
      // Logged once the run has stopped, before the job is stored or put back: another run can only start after.
      this.#options.logger.debug({ jobId, attempt: job.attempt, status: outcome.status }, 'job run ended');
      if (local.superseded) return;
      if (this.#closing !== undefined && outcome.status !== 'completed') {
        await store.requeueJob(jobId, job.attempt);
        this.#requeued.push(jobId);
        return;
      }
      await this.#finish(job, outcome);
    } finally {
      this.#runs.delete(jobId);
    }
  }

  /** A BullMQ job of one shard: run it when the database gives it to this worker. */
  async #processShard(jobId: string, shard: number): Promise<void> {
    const claim = await this.#options.store.claimShard(jobId, shard);
    if (claim === undefined) return;
    const lease = { id: jobId, shard, attempt: claim.attempt };
    const platform = this.#options.platforms.get(claim.platform);
    const planned =
      platform === undefined
        ? { error: `This server no longer offers the platform ${claim.platform}` }
        : planStoredRequest(claim.request, platform, this.#options.limits);
    if ('error' in planned || planned.plan.shards === undefined) {
      const message = 'error' in planned ? planned.error : 'The job is not split into shards on this worker';
      await this.#options.store.finishShard(lease, JSON.stringify({ error: message }));
      return;
    }
    await runShard(
      this.#shardContext,
      lease,
      planned.plan as typeof planned.plan & { shards: SampleShard[] },
    );
  }

  async #queueShards(jobId: string, count: number): Promise<void> {
    await this.#queue.addBulk(
      Array.from({ length: count }, (_, shard) => ({
        name: RUN_JOB,
        data: { jobId, shard },
        opts: { jobId: `${jobId}.s${shard}`, removeOnComplete: true, removeOnFail: true },
      })),
    );
  }

  /** Stores how a run ended, retrying for a while if the database is briefly unreachable. */
  async #finish(job: ClaimedJob, outcome: JobOutcome): Promise<void> {
    const { store, logger } = this.#options;
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await store.finishJob(job.id, job.attempt, outcome);
        logger.debug({ jobId: job.id, attempt: job.attempt, status: outcome.status, stored }, 'job finished');
        return;
      } catch (error) {
        // After ~1 min the run's lease has lapsed anyway and the job will be run again elsewhere.
        if (attempt >= 30) throw error;
        logger.warn({ err: error, jobId: job.id }, 'job outcome not saved yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  async #renewLeases(): Promise<void> {
    await this.#renewShardLeases();
    if (this.#runs.size === 0) return;
    const runs = [...this.#runs.values()];
    let statuses: Map<string, string>;
    try {
      statuses = await this.#options.store.renewLeases(
        runs.map(({ job }) => ({ id: job.id, attempt: job.attempt })),
      );
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'leases not renewed');
      return;
    }
    for (const local of runs) {
      const status = statuses.get(local.job.id);
      if (status === undefined) {
        // Another run owns the job now (this one's lease lapsed, e.g. while the database was unreachable).
        local.superseded = true;
        local.run.cancel();
      } else if (status === 'cancel_requested') {
        local.run.cancel();
      }
    }
  }

  async #renewShardLeases(): Promise<void> {
    if (this.#shards.size === 0) return;
    const shards = [...this.#shards.entries()];
    let statuses: Map<string, string>;
    try {
      statuses = await this.#options.store.renewShardLeases(shards.map(([, shard]) => shard.lease));
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'shard leases not renewed');
      return;
    }
    for (const [key, shard] of shards) {
      const status = statuses.get(key);
      if (status === undefined) {
        shard.superseded = true;
        shard.cancel();
      } else if (status === 'cancel_requested') {
        shard.cancel();
      }
    }
  }
}
