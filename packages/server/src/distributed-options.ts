import { ValidationError } from '@bosonic/core';
import { checkRedisUrl } from './queue/bullmq/redis-connection.js';
import { integer } from './server-options.js';

/**
 * Options of the distributed mode, shared by `startServer` (an API node) and `startWorker`: PostgreSQL holds the
 * jobs, BullMQ on Redis dispatches them.
 */
export interface DistributedOptions {
  /** PostgreSQL URL of the job store (`postgresql://user:password@host:5432/bosonic`). */
  databaseUrl: string;
  /** Redis URL of the queue (`redis://host:6379`). */
  redisUrl: string;
  /**
   * Seconds after which a run whose lease was not renewed is taken for dead and its job run again (default 15;
   * workers renew twice a second).
   */
  leaseSeconds?: number;
  /**
   * BullMQ's lock on a job being run, in ms (default 30 000): how long after a worker dies BullMQ hands its jobs
   * to another worker.
   */
  lockDurationMs?: number;
  /** How often each node reconciles Redis with the database, in ms (default 5000). */
  reconcileIntervalMs?: number;
}

/** Environment variable the CLI reads the PostgreSQL URL from when `--database-url` is not given. */
export const DATABASE_URL_ENV = 'BOSONIC_DATABASE_URL';

/** Environment variable the CLI reads the Redis URL from when `--redis-url` is not given. */
export const REDIS_URL_ENV = 'BOSONIC_REDIS_URL';

/** {@link DistributedOptions} with defaults applied and checked. */
export type ResolvedDistributedOptions = Required<DistributedOptions>;

/**
 * Checks the distributed-mode options: both URLs or neither (undefined: the embedded mode).
 * @throws ValidationError naming the option.
 */
export function resolveDistributedOptions(
  options: Partial<DistributedOptions>,
): ResolvedDistributedOptions | undefined {
  const { databaseUrl, redisUrl } = options;
  if (databaseUrl === undefined && redisUrl === undefined) return undefined;
  if (databaseUrl === undefined || redisUrl === undefined) {
    const missing = databaseUrl === undefined ? 'databaseUrl' : 'redisUrl';
    throw new ValidationError(
      `${missing} is missing: the distributed mode needs both databaseUrl (PostgreSQL) and redisUrl (Redis)`,
      { field: missing },
    );
  }
  checkDatabaseUrl(databaseUrl);
  checkRedisUrl(redisUrl, 'redisUrl');
  const leaseSeconds = options.leaseSeconds ?? 15;
  if (typeof leaseSeconds !== 'number' || !(leaseSeconds >= 1) || leaseSeconds > 3600) {
    throw new ValidationError(`leaseSeconds must be a number from 1 to 3600 (got ${String(leaseSeconds)})`, {
      field: 'leaseSeconds',
    });
  }
  return {
    databaseUrl,
    redisUrl,
    leaseSeconds,
    lockDurationMs: integer(options.lockDurationMs, 'lockDurationMs', 30_000, 2000, 3_600_000),
    reconcileIntervalMs: integer(options.reconcileIntervalMs, 'reconcileIntervalMs', 5000, 100, 3_600_000),
  };
}

function checkDatabaseUrl(url: unknown): void {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:')) {
    throw new ValidationError(
      `databaseUrl must be a postgresql:// URL (got ${String(url)
        .replace(/\/\/[^@/]*@/, '//…@')
        .slice(0, 80)})`,
      { field: 'databaseUrl' },
    );
  }
}
