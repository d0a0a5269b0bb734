import { type Static, Type } from '@sinclair/typebox';
import { memberPath } from '../validation/field-path.js';
import { applyRules, problemAt, withRules } from '../validation/validator.js';
import { platformNameSchema } from './create-job.js';
import { LISTED_JOB_STATUSES } from './job-list.js';
import { jobTagsSchema } from './job-tags.js';

/**
 * The query strings of bosonic's job management routes (`GET /api/jobs`, `GET /api/usage`), as schemas that the
 * server checks with `checkQuery` (the same `check` as request bodies) and that document the parameters.
 */

/** Jobs in a page of `GET /api/jobs` when the caller gives no `limit`. */
export const DEFAULT_JOB_PAGE_SIZE = 50;

/** Most jobs in one page of `GET /api/jobs`. */
export const MAX_JOB_PAGE_SIZE = 1000;

/** Longest `name` filter of `GET /api/jobs`, in characters (the longest name a job may have). */
export const MAX_JOB_NAME_FILTER_LENGTH = 256;

/** ISO 8601 date (`2026-12-05`) or date-time with an optional offset (`2026-12-05T10:00:00Z`). */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** First second of the year 10000: later times are not times of jobs. */
const END_OF_TIME = 253_402_300_800;

const TIME_WORDS = 'time: seconds since the epoch or an ISO 8601 date-time such as 2026-12-05T10:00:00Z';

/**
 * A time parameter: seconds since the epoch (`1764930000`, `1764930000.5`) or an ISO 8601 date or date-time
 * (`2026-12-05`, `2026-12-05T10:00:00Z`; without an offset, UTC). {@link epochSeconds} reads it.
 */
export const timeParameterSchema = Type.Union([
  Type.Number({ minimum: 0, maximum: END_OF_TIME, title: TIME_WORDS }),
  Type.String({ pattern: ISO_DATE_TIME.source, title: TIME_WORDS }),
]);

/**
 * The seconds since the epoch of a {@link timeParameterSchema} value; NaN for a text shaped like a date that is
 * none (`2026-13-01`).
 */
export function epochSeconds(time: number | string): number {
  if (typeof time === 'number') return time;
  // A date alone is UTC already for Date.parse; a date-time without an offset would be local time.
  const local = time.length > 10 && !/(?:Z|[+-]\d{2}:?\d{2})$/.test(time.slice(10));
  return Date.parse(local ? `${time}Z` : time) / 1000;
}

/** Refuses a time parameter that reads as no date. */
function checkTimes<T extends Record<string, unknown>>(
  query: T,
  path: string,
  names: readonly string[],
): void {
  for (const name of names) {
    const time = query[name];
    if ((typeof time === 'string' || typeof time === 'number') && Number.isNaN(epochSeconds(time))) {
      throw problemAt(memberPath(path, name), `expected a ${TIME_WORDS}, got '${time}' (no such date)`);
    }
  }
}

const statusPattern = `(?:${LISTED_JOB_STATUSES.join('|')})`;

/** One `status` parameter of `GET /api/jobs`: one or more statuses, comma-separated (`waiting,running`). */
export const jobStatusFilterSchema = Type.String({
  pattern: `^${statusPattern}(?:,${statusPattern})*$`,
  title: `comma-separated list of job statuses (${LISTED_JOB_STATUSES.join(', ')})`,
});

/**
 * The query of `GET /api/jobs`: every filter given must hold. `status`: one of these statuses (repeated or
 * comma-separated); `platform`: the job's platform; `name`: text contained in the job's name; `tag`: a tag the job
 * carries (repeated: every one); `created_after` / `created_before`: creation at or after / before a time; `limit`:
 * jobs per page (default {@link DEFAULT_JOB_PAGE_SIZE}); `cursor`: `next_cursor` of the previous page. Its rules:
 * each status and each tag once, and times that are dates.
 */
export const jobListQuerySchema = withRules(
  Type.Object(
    {
      status: Type.Optional(Type.Array(jobStatusFilterSchema)),
      platform: Type.Optional(platformNameSchema),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_JOB_NAME_FILTER_LENGTH })),
      tag: Type.Optional(jobTagsSchema),
      created_after: Type.Optional(timeParameterSchema),
      created_before: Type.Optional(timeParameterSchema),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_JOB_PAGE_SIZE })),
      cursor: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 40,
          pattern: '^[A-Za-z0-9_-]+$',
          title: 'cursor (the next_cursor of the previous page, as it was)',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  (query, path) => {
    checkTimes(query, path, ['created_after', 'created_before']);
    const { status, tag } = query;
    return {
      ...query,
      ...(status === undefined ? {} : { status: [...new Set(status.flatMap((list) => list.split(',')))] }),
      ...(tag === undefined ? {} : { tag: applyRules(jobTagsSchema, tag, memberPath(path, 'tag')) }),
    };
  },
);

/** The query of `GET /api/jobs`, checked (statuses split at commas, each once). */
export type JobListQueryParameters = Static<typeof jobListQuerySchema>;

/**
 * The query of `GET /api/usage`: the period `[since, until)` (defaults: from the first job, up to now). Its
 * rule: `until` later than `since`.
 */
export const usageQuerySchema = withRules(
  Type.Object(
    {
      since: Type.Optional(timeParameterSchema),
      until: Type.Optional(timeParameterSchema),
    },
    { additionalProperties: false },
  ),
  (query, path) => {
    checkTimes(query, path, ['since', 'until']);
    const { since, until } = query;
    if (since !== undefined && until !== undefined && epochSeconds(until) <= epochSeconds(since)) {
      throw problemAt(memberPath(path, 'until'), 'must be later than since');
    }
    return query;
  },
);

/** The query of `GET /api/usage`, checked. */
export type UsageQueryParameters = Static<typeof usageQuerySchema>;
