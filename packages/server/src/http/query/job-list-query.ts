import {
  DEFAULT_JOB_PAGE_SIZE,
  epochSeconds,
  type JobListQueryParameters,
  problemAt,
  type UsageQueryParameters,
} from '@bosonic/protocol';
import type { JobListFilter, JobListPageRequest, JobState, TimeRange } from '../../store/job-record.js';

/** A listing request: which jobs, and which page. */
export interface JobListQuery {
  filter: JobListFilter;
  page: JobListPageRequest;
}

/**
 * The store's request for the query of `GET /api/jobs`, which the route's schema (@bosonic/protocol's
 * `jobListQuerySchema`) has checked: every filter given, the page size (default {@link DEFAULT_JOB_PAGE_SIZE}),
 * and the position after which the page starts.
 * @throws ValidationError (field `query.cursor`) for a cursor this server did not make.
 */
export function jobListRequest(query: JobListQueryParameters): JobListQuery {
  const filter: JobListFilter = {};
  // The schema's pattern admits the listed statuses only, which are the store's states.
  if (query.status !== undefined) filter.status = query.status as JobState[];
  if (query.platform !== undefined) filter.platform = query.platform;
  if (query.name !== undefined) filter.name = query.name;
  if (query.tag !== undefined) filter.tags = query.tag;
  if (query.created_after !== undefined) filter.createdAfter = epochSeconds(query.created_after);
  if (query.created_before !== undefined) filter.createdBefore = epochSeconds(query.created_before);
  const page: JobListPageRequest = { limit: query.limit ?? DEFAULT_JOB_PAGE_SIZE };
  if (query.cursor !== undefined) page.after = decodeCursor(query.cursor);
  return { filter, page };
}

/** The period of the query of `GET /api/usage`, which the route's schema has checked, in seconds since the epoch. */
export function usageRange(query: UsageQueryParameters): TimeRange {
  const { since, until } = query;
  return {
    ...(since === undefined ? {} : { since: epochSeconds(since) }),
    ...(until === undefined ? {} : { until: epochSeconds(until) }),
  };
}

/**
 * The cursor of the page after a job at `position`: opaque to clients (they pass back `next_cursor`), so that the
 * server may change what it holds.
 */
export function encodeCursor(position: number): string {
  return Buffer.from(`j:${position}`).toString('base64url');
}

/** @throws ValidationError (field `query.cursor`) for a text that {@link encodeCursor} did not make. */
export function decodeCursor(cursor: string): number {
  const match = /^j:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (match === null) {
    throw problemAt(
      'query.cursor',
      'not a cursor of this server (pass the next_cursor of the previous page as it was)',
    );
  }
  return Number(match[1]);
}
