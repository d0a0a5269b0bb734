import { Type } from '@sinclair/typebox';
import { memberPath } from '../validation/field-path.js';
import { type JsonValue, jsonValueSchema } from '../validation/json-value.js';
import { applyRules, problemAt, schemaOf, validator, withRules } from '../validation/validator.js';
import { jobTagsSchema } from './job-tags.js';
import { countSchema, nullable, pcvlTextSchema } from './schema-parts.js';

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
  /** Parameter sweep; one result per step, in `results_list` (at most {@link MAX_ITERATIONS} steps). */
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
  /** Client version, e.g. `"1.1.1"` (at most 64 characters). */
  pcvl_version: string;
  /** A UUID made once per client process (at most 128 characters). */
  process_id: string;
  /** The platform to run on, e.g. `"sim:slos"` (omitted by Perceval when empty; at most 200 characters). */
  platform_name?: string;
  payload: JobPayload;
  /** The job's name (`"sample_count"` by default for a Sampler job; at most {@link MAX_JOB_NAME_LENGTH} characters). */
  job_name?: string;
  /** Set when the job belongs to a JobGroup (at most {@link MAX_JOB_NAME_LENGTH} characters). */
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

/** Longest `job_name` (and `job_group_name`), in characters: a name is for people, not for data. */
export const MAX_JOB_NAME_LENGTH = 256;

/** Most steps of a parameter sweep (`payload.iterator`). */
export const MAX_ITERATIONS = 10_000;

const iterationSchema = schemaOf<JobIteration>()(
  Type.Object({
    circuit_params: Type.Optional(Type.Record(Type.String(), Type.Number())),
    input_state: Type.Optional(pcvlTextSchema),
    min_detected_photons: Type.Optional(countSchema),
    max_samples: Type.Optional(nullable(countSchema)),
    max_shots: Type.Optional(nullable(countSchema)),
    noise: Type.Optional(pcvlTextSchema),
    postselect: Type.Optional(pcvlTextSchema),
  }),
);

const nameSchema = Type.String({ minLength: 1 });

/** Schema of {@link JobContext}. */
export const jobContextSchema = schemaOf<JobContext>()(
  Type.Object({
    result_mapping: Type.Optional(Type.Tuple([nameSchema, nameSchema])),
    mapping_delta_parameters: Type.Optional(Type.Record(Type.String(), jsonValueSchema)),
  }),
);

/** Schema of {@link JobPayload}; its rule: a job needs an `experiment` or a `circuit`. */
export const jobPayloadSchema = withRules(
  schemaOf<JobPayload>()(
    Type.Object({
      command: Type.String({ minLength: 1 }),
      experiment: Type.Optional(pcvlTextSchema),
      circuit: Type.Optional(pcvlTextSchema),
      input_state: Type.Optional(pcvlTextSchema),
      parameters: Type.Optional(Type.Record(Type.String(), jsonValueSchema)),
      iterator: Type.Optional(Type.Array(iterationSchema, { maxItems: MAX_ITERATIONS })),
      max_shots: Type.Optional(nullable(countSchema)),
      max_samples: Type.Optional(nullable(countSchema)),
      job_context: Type.Optional(nullable(jobContextSchema)),
    }),
  ),
  (payload, path) => {
    if (payload.experiment === undefined && payload.circuit === undefined) {
      throw problemAt(
        memberPath(path, 'experiment'),
        'required field is missing (a job needs an experiment or a circuit)',
      );
    }
    return payload;
  },
);

const jobNameSchema = Type.String({ maxLength: MAX_JOB_NAME_LENGTH });

/** A platform's name, e.g. `sim:slos` (in `platform_name`, and percent-decoded in a path). */
export const platformNameSchema = Type.String({ minLength: 1, maxLength: 200 });

/**
 * Schema of {@link CreateJobRequest}. Its texts are bounded: a name or a version is for people, not for data.
 * Its rules: those of {@link jobPayloadSchema}, and each tag once.
 */
export const createJobRequestSchema = withRules(
  schemaOf<CreateJobRequest>()(
    Type.Object({
      pcvl_version: Type.String({ maxLength: 64 }),
      process_id: Type.String({ maxLength: 128 }),
      platform_name: Type.Optional(platformNameSchema),
      payload: jobPayloadSchema,
      job_name: Type.Optional(jobNameSchema),
      job_group_name: Type.Optional(jobNameSchema),
      tags: Type.Optional(jobTagsSchema),
      max_execution_time: Type.Optional(nullable(Type.Number({ minimum: 1 }))),
    }),
  ),
  (body, path) => {
    const payload = applyRules(jobPayloadSchema, body.payload, memberPath(path, 'payload'));
    if (body.tags === undefined) return { ...body, payload };
    return { ...body, payload, tags: applyRules(jobTagsSchema, body.tags, memberPath(path, 'tags')) };
  },
);

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
export const jobIdResponseSchema = schemaOf<JobIdResponse>()(
  Type.Object({ job_id: Type.String({ minLength: 1 }) }),
);

/**
 * Checks the answer of `POST /api/job` or `POST /api/job/rerun/{id}` (Perceval asserts `job_id` is there).
 * @throws ValidationError (field `job_id`) when the id is missing or not a non-empty string.
 */
export const validateJobIdResponse: (body: unknown) => JobIdResponse = validator(jobIdResponseSchema);
