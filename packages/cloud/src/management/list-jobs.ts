import { ValidationError } from '@bosonic/core';
import { checkIntegerInRange } from '@bosonic/core/internal';
import type { ListedJobStatus } from '@bosonic/protocol';
import { type CloudConnectionOptions, openRpcClient } from '../config/open-client.js';
import { DEFAULT_REFRESH_INTERVAL_MS, RemoteJob, type RemoteJobLink } from '../remote-job.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import { type TimeBound, wireTime } from './time-bound.js';

/** Options of {@link listJobs}: where to look, and which jobs (every filter given must hold). */
export interface ListJobsOptions extends CloudConnectionOptions {
  /** One of these statuses. */
  status?: ListedJobStatus | readonly ListedJobStatus[];
  /** Only this platform's jobs, e.g. `'sim:slos'`. */
  platform?: string;
  /** Text contained in the job's name (ASCII letters compared without case). */
  name?: string;
  /** Tags the job carries, every one. */
  tags?: readonly string[];
  /** Created at or after this time. */
  createdAfter?: TimeBound;
  /** Created before this time. */
  createdBefore?: TimeBound;
  /** Most jobs to yield in all (default: every matching job). */
  limit?: number;
  /** Jobs fetched per request (default 100, at most 1000). */
  pageSize?: number;
  /** An open client to use (then url, token, proxy, dispatcher are ignored, and it is not closed). */
  rpc?: RpcClient;
  /** Minimum time between two status requests of each yielded job, in ms (default 1000). */
  refreshIntervalMs?: number;
}

/** The jobs of a listing, fetched page by page as the iteration goes; `close()` releases its client. */
export interface JobListing extends AsyncIterable<RemoteJob> {
  /** Releases the client the listing opened (not one given as `rpc`); the jobs it yielded can then no longer poll. */
  close(): Promise<void>;
}

/**
 * The token's jobs on a bosonic server (`GET /api/jobs`), newest first, as {@link RemoteJob}s: each carries its
 * name, tags and last status from the listing, and polls or fetches its results when read or waited for. Pages are
 * fetched lazily (one request per `pageSize` jobs, only as the iteration needs them); the cursor keeps the order
 * stable while new jobs are created meanwhile. URL and token default to the configuration, like
 * `RemoteProcessor.connect`.
 *
 * @example
 * ```ts
 * for await (const job of listJobs({ status: 'completed', tags: ['calibration'], limit: 20 })) {
 *   console.log(job.id, job.name, job.tags, job.remoteStatus?.duration);
 * }
 * ```
 * @throws ValidationError (synchronously) naming a bad option; the iteration rejects with the typed HTTP errors
 *   (e.g. `HttpError` 400 naming a filter the server refuses, `AuthenticationError`).
 */
export function listJobs(options: ListJobsOptions = {}): JobListing {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('listJobs options must be an object', { field: 'options' });
  }
  const limit = count(options.limit, 'limit', Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY);
  const pageSize = count(options.pageSize, 'pageSize', 1000, 100);
  const statuses = options.status === undefined ? [] : [options.status].flat();
  const query = {
    ...(statuses.length === 0 ? {} : { status: statuses }),
    ...(options.platform === undefined ? {} : { platform: options.platform }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    ...(options.createdAfter === undefined
      ? {}
      : { createdAfter: wireTime(options.createdAfter, 'createdAfter') }),
    ...(options.createdBefore === undefined
      ? {}
      : { createdBefore: wireTime(options.createdBefore, 'createdBefore') }),
  };
  const owned = options.rpc === undefined;
  const rpc = options.rpc ?? openRpcClient(options);
  const links = new Map<string, RemoteJobLink>();
  const linkOf = (platform: string): RemoteJobLink => {
    let link = links.get(platform);
    if (link === undefined) {
      link = { rpc, platform, refreshIntervalMs: options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS };
      links.set(platform, link);
    }
    return link;
  };
  return {
    async *[Symbol.asyncIterator]() {
      let cursor: string | undefined;
      let yielded = 0;
      do {
        const page = await rpc.listJobs({
          ...query,
          limit: Math.min(pageSize, limit - yielded),
          ...(cursor === undefined ? {} : { cursor }),
        });
        for (const summary of page.jobs) {
          yield RemoteJob.fromSummary(linkOf(summary.platform ?? 'unknown platform'), summary);
          if (++yielded >= limit) return;
        }
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined);
    },
    async close() {
      if (owned) await rpc.close();
    },
  };
}

function count(value: unknown, field: string, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  return checkIntegerInRange(value, field, 1, max);
}
