import { ValidationError } from '@bosonic/core';
import { LISTED_JOB_STATUSES, validateJobTags } from '@bosonic/protocol';
import type { JobListFilter, JobListPageRequest, JobState, TimeRange } from '../../store/job-record.js';
import { allValues, checkKnownParameters, type QueryValues, singleValue, timeValue } from './query-values.js';

/** Jobs in a page when the caller gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 50;

/** Most jobs in one page. */
export const MAX_PAGE_SIZE = 1000;

/** Longest `name` filter, in characters (the longest name a job may have). */
export const MAX_NAME_FILTER_LENGTH = 256;

const STATES: readonly JobState[] = LISTED_JOB_STATUSES;

const LIST_PARAMETERS = [
  'status',
  'platform',
  'name',
  'tag',
  'created_after',
  'created_before',
  'limit',
  'cursor',
] as const;

/** A listing request: which jobs, and which page. */
export interface JobListQuery {
  filter: JobListFilter;
  page: JobListPageRequest;
}

/**
 * Reads the query of `GET /api/jobs`: `status` (one or more states, repeated or comma-separated), `platform`,
 * `name` (contained in the job's name), `tag` (repeated: every one), `created_after` / `created_before`
 * (seconds since the epoch or ISO 8601), `limit` (1 to {@link MAX_PAGE_SIZE}, default {@link DEFAULT_PAGE_SIZE})
 * and `cursor` (`next_cursor` of the previous page).
 * @throws ValidationError naming the parameter for an unknown parameter or a malformed value.
 */
export function parseJobListQuery(query: QueryValues): JobListQuery {
  checkKnownParameters(query, LIST_PARAMETERS);
  const filter: JobListFilter = {};
  const states = allValues(query, 'status').flatMap((value) => value.split(','));
  if (states.length > 0) {
    for (const state of states) {
      if (!(STATES as readonly string[]).includes(state)) {
        throw new ValidationError(
          `status: unknown status '${state.slice(0, 64)}' (statuses: ${STATES.join(', ')})`,
          { field: 'status' },
        );
      }
    }
    filter.status = [...new Set(states as JobState[])];
  }
  const platform = singleValue(query, 'platform');
  if (platform !== undefined) filter.platform = platform;
  const name = singleValue(query, 'name');
  if (name !== undefined) {
    if (name.length > MAX_NAME_FILTER_LENGTH) {
      throw new ValidationError(`name: at most ${MAX_NAME_FILTER_LENGTH} characters`, { field: 'name' });
    }
    filter.name = name;
  }
  const tags = allValues(query, 'tag');
  if (tags.length > 0) filter.tags = validateJobTags(tags, 'tag');
  const createdAfter = timeValue(query, 'created_after');
  if (createdAfter !== undefined) filter.createdAfter = createdAfter;
  const createdBefore = timeValue(query, 'created_before');
  if (createdBefore !== undefined) filter.createdBefore = createdBefore;

  const page: JobListPageRequest = { limit: pageSize(singleValue(query, 'limit')) };
  const cursor = singleValue(query, 'cursor');
  if (cursor !== undefined) page.after = decodeCursor(cursor);
  return { filter, page };
}

/**
 * Reads the query of `GET /api/usage`: `since` and `until` (seconds since the epoch or ISO 8601).
 * @throws ValidationError naming the parameter for an unknown parameter, a malformed time, or `until` ≤ `since`.
 */
export function parseUsageQuery(query: QueryValues): TimeRange {
  checkKnownParameters(query, ['since', 'until']);
  const since = timeValue(query, 'since');
  const until = timeValue(query, 'until');
  if (since !== undefined && until !== undefined && until <= since) {
    throw new ValidationError('until: must be later than since', { field: 'until' });
  }
  return { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

function pageSize(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PAGE_SIZE;
  const limit = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) {
    throw new ValidationError(
      `limit: expected an integer from 1 to ${MAX_PAGE_SIZE}, got '${text.slice(0, 32)}'`,
      {
        field: 'limit',
      },
    );
  }
  return limit;
}

/**
 * The cursor of the page after a job at `position`: opaque to clients (they pass back `next_cursor`), so that the
 * server may change what it holds.
 */
export function encodeCursor(position: number): string {
  return Buffer.from(`j:${position}`).toString('base64url');
}

/** @throws ValidationError (field `cursor`) for a text that {@link encodeCursor} did not make. */
export function decodeCursor(cursor: string): number {
  const match = /^j:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (cursor.length > 40 || match === null) {
    throw new ValidationError(
      'cursor: not a cursor of this server (pass the next_cursor of the previous page as it was)',
      { field: 'cursor' },
    );
  }
  return Number(match[1]);
}
