import { ValidationError } from '@bosonic/core';
import { Redis } from 'ioredis';

/** The BullMQ queue every node of one deployment shares (its keys live under `bull:bosonic-jobs:`). */
export const QUEUE_NAME = 'bosonic-jobs';

/** Name of the BullMQ job that runs a stored job; its BullMQ id is the stored job's id. */
export const RUN_JOB = 'run';

/** What a BullMQ job carries: only the id. The job itself (request, status, results) lives in the database. */
export interface QueuedJobData {
  jobId: string;
  /** For a shard of a split job (BullMQ id `<jobId>.s<shard>`): its index. */
  shard?: number;
}

/**
 * A Redis connection for BullMQ. `blocking` connections (a Worker's) wait for Redis as long as it takes, as BullMQ
 * requires; the others give up a command after a few reconnection attempts, so that a request never hangs on a
 * Redis that is down. Reconnection is retried every ≤ 2 s forever.
 * @throws ValidationError when `url` is not a `redis://` or `rediss://` URL.
 */
export function openRedis(
  url: string,
  options: { blocking: boolean; onError: (error: Error) => void },
): Redis {
  checkRedisUrl(url, 'redisUrl');
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.blocking ? null : 2,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    connectTimeout: 3000,
  });
  // Connection errors are reported here while ioredis reconnects; without a listener they would crash the process.
  redis.on('error', options.onError);
  return redis;
}

/** Checks a Redis URL option. @throws ValidationError naming `field`. */
export function checkRedisUrl(url: unknown, field: string): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')) {
    throw new ValidationError(
      `${field} must be a redis:// or rediss:// URL (got ${String(url).slice(0, 80)})`,
      {
        field,
      },
    );
  }
  return url as string;
}
