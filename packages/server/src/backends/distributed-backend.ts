import type { Logger } from 'pino';
import type { ResolvedDistributedOptions } from '../distributed-options.js';
import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';
import type { SimulatorPlatform } from '../platforms/platforms.js';
import { BullMQJobExecutor } from '../queue/bullmq/bullmq-job-executor.js';
import { BullMQJobQueue, untilReady } from '../queue/bullmq/bullmq-job-queue.js';
import { openRedis } from '../queue/bullmq/redis-connection.js';
import { PostgresJobStore } from '../store/postgres/postgres-job-store.js';
import type { JobBackend } from './job-backend.js';

/** What a node of the distributed mode runs. */
export interface DistributedNodeOptions {
  distributed: ResolvedDistributedOptions;
  /** Jobs this node runs at once (0: none, an API-only node). */
  concurrency: number;
  platforms: ReadonlyMap<string, SimulatorPlatform>;
  limits: ExecutionLimits;
  progressIntervalMs: number;
  maxAttempts: number;
  logger: Logger;
}

/**
 * The distributed backend: jobs in PostgreSQL, dispatched through BullMQ on Redis, with this node's executor when
 * it runs jobs too. Used by API nodes (`bosonic serve --database-url … --redis-url …`) and by `bosonic worker`.
 * @throws ServiceUnavailableError when PostgreSQL cannot be reached at start.
 */
export async function openDistributedBackend(options: DistributedNodeOptions): Promise<JobBackend> {
  const { distributed, logger } = options;
  const store = await PostgresJobStore.open({
    connectionString: distributed.databaseUrl,
    leaseSeconds: distributed.leaseSeconds,
    onIdleError: (error) => logger.warn({ err: error }, 'job database connection lost'),
  });
  const onRedisError = (error: Error): void => logger.warn({ err: error }, 'queue connection error');
  const redis = openRedis(distributed.redisUrl, { blocking: false, onError: onRedisError });
  const workerRedis =
    options.concurrency > 0
      ? openRedis(distributed.redisUrl, { blocking: true, onError: onRedisError })
      : undefined;
  const executor =
    workerRedis === undefined
      ? undefined
      : new BullMQJobExecutor({
          store,
          redis: workerRedis,
          concurrency: options.concurrency,
          platforms: options.platforms,
          limits: options.limits,
          progressIntervalMs: options.progressIntervalMs,
          maxAttempts: options.maxAttempts,
          lockDurationMs: distributed.lockDurationMs,
          logger,
        });
  // Start serving once Redis answers (or after a few seconds: a Redis down at start is then reported by /api/ready).
  await untilReady(redis, 5000);
  const queue = new BullMQJobQueue({
    store,
    redis,
    maxAttempts: options.maxAttempts,
    reconcileIntervalMs: distributed.reconcileIntervalMs,
    ...(executor === undefined ? {} : { executor }),
    logger,
  });
  let closing: Promise<void> | undefined;
  return {
    store,
    queue,
    async ready() {
      await store.ping();
      await queue.checkAvailable();
    },
    close() {
      closing ??= (async () => {
        await queue.close();
        redis.disconnect();
        workerRedis?.disconnect();
        await store.close();
      })();
      return closing;
    },
  };
}
