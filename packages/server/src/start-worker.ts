import { availableParallelism, totalmem } from 'node:os';
import { ValidationError } from '@bosonic/core';
import { type Logger, pino } from 'pino';
import { openDistributedBackend } from './backends/distributed-backend.js';
import { type DistributedOptions, resolveDistributedOptions } from './distributed-options.js';
import { DEFAULT_SHARD_SAMPLES } from './jobs/sample-shards.js';
import { simulatorPlatforms } from './platforms/platforms.js';
import { checkLogger, integer, isLogger } from './server-options.js';

/** Options of {@link startWorker}. */
export interface WorkerOptions extends DistributedOptions {
  /** Jobs run at the same time (default 1). */
  concurrency?: number;
  /** Native threads per job (default: the machine's cores shared between the concurrent jobs, at least 1). */
  threadsPerJob?: number;
  /** Memory one job may use, in bytes (default 70 % of the machine's memory shared between the concurrent jobs). */
  memoryLimitBytes?: number;
  /** Samples above which a sampling job is split into shards (default 10 000; the API nodes' value). */
  shardSamples?: number;
  /** Runs of a job that crashes may interrupt before it is failed (default 3; use the API nodes' value). */
  maxAttempts?: number;
  /** Least time between two progress writes of a running job, in ms (default 100). */
  progressIntervalMs?: number;
  /** A pino logger, or `false` for none (default: pino at level `info` on stdout). */
  logger?: Logger | false;
}

/** A started worker. */
export interface RunningWorker {
  /** Jobs running here now. */
  readonly runningCount: number;
  /**
   * Stops taking jobs; running ones are stopped and put back in the queue for another worker (those that complete
   * meanwhile are stored), then the connections are closed.
   */
  close(): Promise<void>;
}

/**
 * Starts a worker of the distributed mode (`bosonic worker`): it takes jobs from the BullMQ queue on Redis and runs
 * them on this machine's native simulator, with their state in PostgreSQL — progress, results, partial results of a
 * canceled job. Any number of workers, on any machines, share the work; a worker that dies has its jobs run again
 * by the others.
 * @throws ValidationError naming a bad option; ServiceUnavailableError when PostgreSQL cannot be reached.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('startWorker needs an options object with databaseUrl and redisUrl', {
      field: 'options',
    });
  }
  const distributed = resolveDistributedOptions(options);
  if (distributed === undefined) {
    throw new ValidationError('databaseUrl and redisUrl are required: a worker takes its jobs from them', {
      field: 'databaseUrl',
    });
  }
  const concurrency = integer(options.concurrency, 'concurrency', 1, 1, 256);
  const memoryLimitBytes = integer(
    options.memoryLimitBytes,
    'memoryLimitBytes',
    Math.floor((0.7 * totalmem()) / concurrency),
    1 << 20,
    Number.MAX_SAFE_INTEGER,
  );
  const threads = integer(
    options.threadsPerJob,
    'threadsPerJob',
    Math.max(1, Math.floor(availableParallelism() / concurrency)),
    1,
    1024,
  );
  const logger =
    options.logger === false
      ? pino({ level: 'silent' })
      : isLogger(options.logger)
        ? options.logger
        : (checkLogger(options.logger) ?? pino({ level: 'info' }));
  const backend = await openDistributedBackend({
    distributed,
    concurrency,
    platforms: simulatorPlatforms(memoryLimitBytes),
    limits: {
      memoryLimitBytes,
      threads,
      shardSamples: integer(
        options.shardSamples,
        'shardSamples',
        DEFAULT_SHARD_SAMPLES,
        1,
        Number.MAX_SAFE_INTEGER,
      ),
    },
    progressIntervalMs: integer(options.progressIntervalMs, 'progressIntervalMs', 100, 0, 60_000),
    maxAttempts: integer(options.maxAttempts, 'maxAttempts', 3, 1, 100),
    logger,
  });
  backend.queue.start();
  logger.info({ concurrency, threadsPerJob: threads }, 'bosonic worker running');
  let closing: Promise<void> | undefined;
  return {
    get runningCount() {
      return backend.queue.runningCount;
    },
    close() {
      closing ??= backend.close().then(() => logger.info('bosonic worker stopped'));
      return closing;
    },
  };
}
