import { array, json, nullable, number, object, optional, type Schema, string, validator } from './schema.js';

/**
 * Status strings of the cloud protocol. `completed` is a success; a client maps any other string to UNKNOWN
 * (Perceval's `RunningStatus.from_server_response`), so the validator accepts every string.
 */
export const WIRE_JOB_STATUSES = [
  'waiting',
  'running',
  'completed',
  'error',
  'canceled',
  'suspended',
  'cancel_requested',
  'unknown',
] as const;

/** A status string the protocol defines. */
export type WireJobStatus = (typeof WIRE_JOB_STATUSES)[number];

/** True when `status` is one of {@link WIRE_JOB_STATUSES}. */
export function isWireJobStatus(status: unknown): status is WireJobStatus {
  return typeof status === 'string' && (WIRE_JOB_STATUSES as readonly string[]).includes(status);
}

/**
 * The answer of `GET /api/job/status/{id}`:
 * `{"status":"running","progress":0.5,"progress_message":"…","creation_datetime":1.7e9,"start_time":1.7e9,
 * "duration":10,"status_message":null}`. Only `status` is required: Perceval falls back to defaults for the
 * rest, and so should a client.
 */
export interface JobStatusResponse {
  /** One of {@link WIRE_JOB_STATUSES}, or a string the client will read as UNKNOWN. */
  status: WireJobStatus | (string & {});
  /** Progress in [0, 1] while running. */
  progress?: number | null;
  /** What the job is doing, while running. */
  progress_message?: string | null;
  /** Creation time, seconds since the epoch. */
  creation_datetime?: number | null;
  /** Start time, seconds since the epoch (absent or null while waiting). */
  start_time?: number | null;
  /** Seconds from start to completion (set once completed). */
  duration?: number | null;
  /** Why the job failed or was canceled. */
  status_message?: string | null;
  /** The job's name as created (bosonic's server; `job_name` of the creation). */
  name?: string | null;
  /** The job's tags (bosonic's server). */
  tags?: string[];
  /** The platform it runs on (bosonic's server). */
  platform?: string;
  /** When it stopped, seconds since the epoch (bosonic's server; null while unfinished). */
  stop_time?: number | null;
  /** Longest run allowed, in seconds, after the server's cap (bosonic's server; null: no limit). */
  max_execution_time?: number | null;
  [key: string]: unknown;
}

/** Schema of {@link JobStatusResponse}. */
export const jobStatusResponseSchema: Schema<JobStatusResponse> = object({
  status: string({ nonEmpty: true }),
  progress: optional(nullable(number({ min: 0 }))),
  progress_message: optional(nullable(string())),
  creation_datetime: optional(nullable(number())),
  start_time: optional(nullable(number())),
  duration: optional(nullable(number({ min: 0 }))),
  status_message: optional(nullable(string())),
  name: optional(nullable(string())),
  tags: optional(array(string())),
  platform: optional(string()),
  stop_time: optional(nullable(number())),
  max_execution_time: optional(nullable(number({ min: 0 }))),
  // Scaleway's adapter adds these; kept for completeness.
  failure_code: optional(json()),
  last_intermediate_results: optional(json()),
  msg: optional(json()),
});

/**
 * Checks the answer of `GET /api/job/status/{id}`.
 * @throws ValidationError naming the field (e.g. `progress`) when a present field has the wrong type.
 */
export const validateJobStatusResponse: (body: unknown) => JobStatusResponse =
  validator(jobStatusResponseSchema);
