import { ValidationError } from '@bosonic/core';
import { Type } from '@sinclair/typebox';
import { type JsonValue, jsonValueSchema } from '../validation/json-value.js';
import { check, schemaOf, validator } from '../validation/validator.js';
import { type JobContext, jobContextSchema } from './create-job.js';
import { nullable } from './schema-parts.js';

/**
 * The answer of `GET /api/job/result/{id}`: `{"results": "<JSON text>", …}`. `results` is itself JSON *text*
 * (Perceval reads `json.loads(resp['results'])`) holding a {@link JobResultsContent}; it is `null` or absent
 * when the job produced nothing.
 */
export interface JobResultResponse {
  results?: string | null;
  /** Scaleway's adapter also sends `duration`, `intermediate_results`, `job_id` and `results_type`. */
  job_id?: string;
  [key: string]: unknown;
}

/** Schema of {@link JobResultResponse}. */
export const jobResultResponseSchema = schemaOf<JobResultResponse>()(
  Type.Object({
    results: Type.Optional(nullable(Type.String())),
    job_id: Type.Optional(Type.String()),
  }),
);

/**
 * Checks the answer of `GET /api/job/result/{id}`.
 * @throws ValidationError (field `results`) when `results` is neither JSON text nor null.
 */
export const validateJobResultResponse: (body: unknown) => JobResultResponse =
  validator(jobResultResponseSchema);

/** One step of an iterated job's results. */
export interface JobIterationResults {
  /** The serialized results (usually a `:PCVL:` string). */
  results?: JsonValue;
  /** The iteration's parameters, as sent in `payload.iterator`. */
  iteration?: Record<string, JsonValue>;
  global_perf?: number | null;
  physical_perf?: number | null;
  logical_perf?: number | null;
  [key: string]: unknown;
}

/**
 * What the `results` JSON text holds: `{"results": ":PCVL:zip:…", "global_perf": 0.8, "job_context": {…}}`, or
 * for a parameter sweep `{"results_list": [{"results": …, "iteration": {…}, "global_perf": …}, …]}`. The values
 * stay serialized here; `deserialize(content, { strict: false })` turns them into objects.
 */
export interface JobResultsContent {
  results?: JsonValue;
  results_list?: JobIterationResults[];
  global_perf?: number | null;
  physical_perf?: number | null;
  logical_perf?: number | null;
  /** The job's context, echoed: it carries the client-side result mapping. */
  job_context?: JobContext | null;
  [key: string]: unknown;
}

const perf = Type.Optional(nullable(Type.Number()));

const iterationResultsSchema = schemaOf<JobIterationResults>()(
  Type.Object({
    results: Type.Optional(jsonValueSchema),
    iteration: Type.Optional(Type.Record(Type.String(), jsonValueSchema)),
    global_perf: perf,
    physical_perf: perf,
    logical_perf: perf,
  }),
);

/** Schema of {@link JobResultsContent}. */
export const jobResultsContentSchema = schemaOf<JobResultsContent>()(
  Type.Object({
    results: Type.Optional(jsonValueSchema),
    results_list: Type.Optional(Type.Array(iterationResultsSchema)),
    global_perf: perf,
    physical_perf: perf,
    logical_perf: perf,
    job_context: Type.Optional(nullable(jobContextSchema)),
  }),
);

/**
 * Checks an already-parsed {@link JobResultsContent}.
 * @throws ValidationError naming the field (e.g. `results_list[2].global_perf`).
 */
export const validateJobResultsContent: (content: unknown) => JobResultsContent =
  validator(jobResultsContentSchema);

/**
 * Parses the `results` JSON text of a result response and checks it.
 * @throws ValidationError (field `results`) when the text is not JSON or not an object; naming the inner
 *   field otherwise.
 */
export function parseJobResultsText(text: string): JobResultsContent {
  if (typeof text !== 'string') {
    throw new ValidationError(`results: expected JSON text, got ${typeof text}`, { field: 'results' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`results: not valid JSON text (${(error as Error).message})`, {
      field: 'results',
      cause: error,
    });
  }
  return check(jobResultsContentSchema, parsed, { path: 'results' });
}
