import { ValidationError } from '@bosonic/core';
import { jobTagsSchema } from './job-tags.js';
import {
  array,
  type JsonValue,
  json,
  nullable,
  number,
  object,
  optional,
  record,
  type Schema,
  string,
  tuple,
  validator,
} from './schema.js';

/**
 * The body of `POST /api/job` (docs/wire-protocol.md, Job payload), as Perceval's `RemoteProcessor` / `RemoteJob` build it:
 *
 * ```json
 * {"pcvl_version":"1.1.1","process_id":"6f0c…","platform_name":"qpu:belenos",
 *  "payload":{"command":"sample_count","experiment":":PCVL:zip:eJx…","max_shots":1000000,
 *             "max_samples":10000,"job_context":null},
 *  "job_name":"sample_count"}
 * ```
 *
 * Perceval objects inside arrive already serialized as `:PCVL:` strings; the validators check their prefix,
 * decoding them is `deserialize`'s job. Keys this type does not name are kept as they are.
 */

/** One step of a parameter sweep (`payload.iterator[i]`), as `Sampler.add_iteration`. */
export interface JobIteration {
  /** Values of the circuit's named parameters. */
  circuit_params?: Record<string, number>;
  /** A `:PCVL:BasicState:` string. */
  input_state?: string;
  min_detected_photons?: number;
  max_samples?: number | null;
  max_shots?: number | null;
  /** A `:PCVL:NoiseModel:` string. */
  noise?: string;
  /** A `:PCVL:PostSelect:` string (Perceval 1.2). */
  postselect?: string;
  [key: string]: unknown;
}

/** `payload.job_context`: echoed back in the results; drives the client-side result mapping. */
export interface JobContext {
  /** `[module, function]`, e.g. `["perceval.utils", "probs_to_sample_count"]`. */
  result_mapping?: [string, string];
  /** Keyword arguments of the mapping function, e.g. `{"max_samples": 10000, "max_shots": 1000000}`. */
  mapping_delta_parameters?: Record<string, JsonValue>;
  [key: string]: unknown;
}

/** `payload`: what to run. Extra keys are command keyword arguments and are kept. */
export interface JobPayload {
  /** The primitive to run: `probs`, `sample_count`, `samples` (or another command of the platform). */
  command: string;
  /** The experiment, a `:PCVL:` string (`:PCVL:zip:…` as Perceval sends it). */
  experiment?: string;
  /** A circuit, a `:PCVL:` string (older clients send a circuit instead of an experiment). */
  circuit?: string;
  /** A `:PCVL:` input state (older clients). */
  input_state?: string;
  /** Platform parameters set with `RemoteProcessor.set_parameter` (sent only when non-empty). */
  parameters?: Record<string, JsonValue>;
  /** Parameter sweep; one result per step, in `results_list`. */
  iterator?: JobIteration[];
  /** Shot budget (`max_shots_per_call`). */
  max_shots?: number | null;
  /** Wanted number of samples; `null` when the user gave none. */
  max_samples?: number | null;
  job_context?: JobContext | null;
  [key: string]: unknown;
}

/** The body of `POST /api/job`. */
export interface CreateJobRequest {
  /** Client version, e.g. `"1.1.1"`. */
  pcvl_version: string;
  /** A UUID made once per client process. */
  process_id: string;
  /** The platform to run on, e.g. `"sim:slos"` (omitted by Perceval when empty). */
  platform_name?: string;
  payload: JobPayload;
  /** The job's name (`"sample_count"` by default for a Sampler job). */
  job_name?: string;
  /** Set when the job belongs to a JobGroup. */
  job_group_name?: string;
  /** Labels to find the job by (bosonic's server): at most 20 strings of at most 64 characters. */
  tags?: string[];
  /**
   * Longest run, in seconds (bosonic's server, at least 1): a job still running then stops as if canceled,
   * keeping its partial results. The server may cap it (`--max-job-seconds`).
   */
  max_execution_time?: number | null;
  [key: string]: unknown;
}

const PCVL = ':PCVL:';
const count = number({ integer: true, min: 0 });

const iterationSchema = object({
  circuit_params: optional(record(number())),
  input_state: optional(string({ prefix: PCVL })),
  min_detected_photons: optional(count),
  max_samples: optional(nullable(count)),
  max_shots: optional(nullable(count)),
  noise: optional(string({ prefix: PCVL })),
  postselect: optional(string({ prefix: PCVL })),
});

const jobContextSchema = object({
  result_mapping: optional(tuple(string({ nonEmpty: true }), string({ nonEmpty: true }))),
  mapping_delta_parameters: optional(record(json())),
});

const payloadShape = object({
  command: string({ nonEmpty: true }),
  experiment: optional(string({ prefix: PCVL })),
  circuit: optional(string({ prefix: PCVL })),
  input_state: optional(string({ prefix: PCVL })),
  parameters: optional(record(json())),
  iterator: optional(array(iterationSchema)),
  max_shots: optional(nullable(count)),
  max_samples: optional(nullable(count)),
  job_context: optional(nullable(jobContextSchema)),
});

/** `payload`: also requires an `experiment` or a `circuit`. */
export const jobPayloadSchema: Schema<JobPayload> = {
  parse(value, path) {
    const payload = payloadShape.parse(value, path);
    if (payload.experiment === undefined && payload.circuit === undefined) {
      const field = `${path ? `${path}.` : ''}experiment`;
      throw new ValidationError(
        `${field}: required field is missing (a job needs an experiment or a circuit)`,
        {
          field,
        },
      );
    }
    return payload;
  },
};

/** Schema of {@link CreateJobRequest}. */
export const createJobRequestSchema: Schema<CreateJobRequest> = object({
  pcvl_version: string(),
  process_id: string(),
  platform_name: optional(string()),
  payload: jobPayloadSchema,
  job_name: optional(string()),
  job_group_name: optional(string()),
  tags: optional(jobTagsSchema),
  max_execution_time: optional(nullable(number({ min: 1 }))),
});

/**
 * Checks the body of `POST /api/job`.
 * @returns the body, typed.
 * @throws ValidationError naming the field (e.g. `payload.max_shots`) on the first problem found.
 */
export const validateCreateJobRequest: (body: unknown) => CreateJobRequest =
  validator(createJobRequestSchema);

/** The answer of `POST /api/job` and of `POST /api/job/rerun/{id}`: the new job's id. */
export interface JobIdResponse {
  job_id: string;
  [key: string]: unknown;
}

/** Schema of {@link JobIdResponse}. */
export const jobIdResponseSchema: Schema<JobIdResponse> = object({ job_id: string({ nonEmpty: true }) });

/**
 * Checks the answer of `POST /api/job` or `POST /api/job/rerun/{id}` (Perceval asserts `job_id` is there).
 * @throws ValidationError (field `job_id`) when the id is missing or not a non-empty string.
 */
export const validateJobIdResponse: (body: unknown) => JobIdResponse = validator(jobIdResponseSchema);
