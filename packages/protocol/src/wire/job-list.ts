import { Type } from '@sinclair/typebox';
import { schemaOf, validator } from '../validation/validator.js';
import { type JobStatusResponse, jobStatusProperties } from './job-status.js';
import { countSchema, nullable } from './schema-parts.js';

/** The statuses a job of bosonic's server can have, which `GET /api/jobs?status=` filters on. */
export const LISTED_JOB_STATUSES = [
  'waiting',
  'running',
  'cancel_requested',
  'completed',
  'error',
  'canceled',
] as const;

/** One of {@link LISTED_JOB_STATUSES}. */
export type ListedJobStatus = (typeof LISTED_JOB_STATUSES)[number];

/** One job of a listing: its status answer plus its id (bosonic's server, `GET /api/jobs`). */
export interface JobSummary extends JobStatusResponse {
  /** The job's id. */
  id: string;
}

/** The answer of `GET /api/jobs`: a page of the token's jobs, newest first. */
export interface JobListResponse {
  /** The jobs of this page, newest first. */
  jobs: JobSummary[];
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  next_cursor: string | null;
  [key: string]: unknown;
}

const jobSummarySchema = schemaOf<JobSummary>()(
  Type.Object({ id: Type.String({ minLength: 1 }), ...jobStatusProperties }),
);

/** Schema of {@link JobListResponse}. */
export const jobListResponseSchema = schemaOf<JobListResponse>()(
  Type.Object({
    jobs: Type.Array(jobSummarySchema),
    next_cursor: nullable(Type.String({ minLength: 1 })),
  }),
);

/**
 * Checks the answer of `GET /api/jobs`.
 * @throws ValidationError naming the field (e.g. `jobs[3].status`) when something is missing or mistyped.
 */
export const validateJobListResponse: (body: unknown) => JobListResponse = validator(jobListResponseSchema);

/** The usage of one platform over a period (bosonic's server, `GET /api/usage`). */
export interface PlatformUsage {
  /** The platform's name, e.g. `sim:slos`. */
  platform: string;
  /** Jobs created in the period (every status). */
  jobs: number;
  /** Wall time of the runs that ended those jobs, in seconds. */
  run_seconds: number;
  /** Samples (or shots) those jobs produced; probability jobs count none. */
  samples: number;
  [key: string]: unknown;
}

/** The answer of `GET /api/usage`: the token's usage per platform over `[since, until)`. */
export interface UsageResponse {
  /** Start of the period, seconds since the epoch (null: since the first job). */
  since: number | null;
  /** End of the period, seconds since the epoch (null: up to now). */
  until: number | null;
  /** One entry per platform used in the period, by name. */
  platforms: PlatformUsage[];
  [key: string]: unknown;
}

const total = Type.Number({ minimum: 0 });

/** Schema of {@link UsageResponse}. */
export const usageResponseSchema = schemaOf<UsageResponse>()(
  Type.Object({
    since: nullable(Type.Number()),
    until: nullable(Type.Number()),
    platforms: Type.Array(
      schemaOf<PlatformUsage>()(
        Type.Object({
          platform: Type.String({ minLength: 1 }),
          jobs: countSchema,
          run_seconds: total,
          samples: total,
        }),
      ),
    ),
  }),
);

/**
 * Checks the answer of `GET /api/usage`.
 * @throws ValidationError naming the field when something is missing or mistyped.
 */
export const validateUsageResponse: (body: unknown) => UsageResponse = validator(usageResponseSchema);
