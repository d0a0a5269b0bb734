import { Type } from '@sinclair/typebox';
import { type JsonValue, jsonValueSchema } from '../validation/json-value.js';
import { schemaOf, validator } from '../validation/validator.js';
import { nullable } from './schema-parts.js';

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
  /** Why the job failed, as Scaleway's adapter sends it. */
  failure_code?: JsonValue;
  /** The latest partial results, as Scaleway's adapter sends them. */
  last_intermediate_results?: JsonValue;
  /** A free-form message, as Scaleway's adapter sends it. */
  msg?: JsonValue;
  [key: string]: unknown;
}

/** The fields of a job's status answer (a listing's items have them too). */
export const jobStatusProperties = {
  status: Type.String({ minLength: 1 }),
  progress: Type.Optional(nullable(Type.Number({ minimum: 0 }))),
  progress_message: Type.Optional(nullable(Type.String())),
  creation_datetime: Type.Optional(nullable(Type.Number())),
  start_time: Type.Optional(nullable(Type.Number())),
  duration: Type.Optional(nullable(Type.Number({ minimum: 0 }))),
  status_message: Type.Optional(nullable(Type.String())),
  name: Type.Optional(nullable(Type.String())),
  tags: Type.Optional(Type.Array(Type.String())),
  platform: Type.Optional(Type.String()),
  stop_time: Type.Optional(nullable(Type.Number())),
  max_execution_time: Type.Optional(nullable(Type.Number({ minimum: 0 }))),
  // Scaleway's adapter adds these; kept for completeness.
  failure_code: Type.Optional(jsonValueSchema),
  last_intermediate_results: Type.Optional(jsonValueSchema),
  msg: Type.Optional(jsonValueSchema),
};

/** Schema of {@link JobStatusResponse}. */
export const jobStatusResponseSchema = schemaOf<JobStatusResponse>()(Type.Object(jobStatusProperties));

/**
 * Checks the answer of `GET /api/job/status/{id}`.
 * @throws ValidationError naming the field (e.g. `progress`) when a present field has the wrong type.
 */
export const validateJobStatusResponse: (body: unknown) => JobStatusResponse =
  validator(jobStatusResponseSchema);
