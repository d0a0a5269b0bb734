/**
 * JSON schemas of the requests (validated by Fastify before any handler runs) and of the hot responses
 * (serialized by Fastify's compiled serializer). The create-job body is checked here for its shape only; the
 * handler then applies `validateCreateJobRequest` of @bosonic/protocol, which knows every field of the protocol,
 * and decodes its `:PCVL:` values.
 */

/** A job id in a path: the server's ids are UUIDs; anything that could not be one is refused. */
export const jobIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.~-]+$' } },
} as const;

/** A platform name in a path (percent-decoded by then), e.g. `sim:slos`. */
export const platformParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** The `Idempotency-Key` header: a client-made key (usually a UUID) of visible ASCII characters. */
export const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
  },
} as const;

/** Longest `job_name` (and `job_group_name`), in characters. */
export const MAX_JOB_NAME_LENGTH = 256;

/** The body of `POST /api/job`: its shape; the details are the protocol validator's. */
export const createJobBody = {
  type: 'object',
  required: ['payload'],
  properties: {
    // Every stored text is bounded (issue 14): a name is for people, not for data.
    pcvl_version: { type: 'string', maxLength: 64 },
    process_id: { type: 'string', maxLength: 128 },
    platform_name: { type: 'string', minLength: 1, maxLength: 200 },
    job_name: { type: 'string', maxLength: MAX_JOB_NAME_LENGTH },
    job_group_name: { type: 'string', maxLength: MAX_JOB_NAME_LENGTH },
    payload: {
      type: 'object',
      required: ['command'],
      properties: {
        command: { type: 'string', minLength: 1 },
        experiment: { type: 'string' },
        circuit: { type: 'string' },
        iterator: { type: 'array', maxItems: 10_000 },
      },
    },
  },
} as const;

const nullableString = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;

/** The fields of a job's status, in a status answer and in each item of a listing. */
const statusProperties = {
  status: { type: 'string' },
  progress: { type: 'number' },
  progress_message: nullableString,
  creation_datetime: { type: 'number' },
  start_time: nullableNumber,
  stop_time: nullableNumber,
  duration: nullableNumber,
  status_message: nullableString,
  name: nullableString,
  tags: { type: 'array', items: { type: 'string' } },
  platform: { type: 'string' },
  max_execution_time: nullableNumber,
} as const;

/** `GET /api/job/status/{id}`, answered many times per job. */
export const statusResponse = {
  200: { type: 'object', properties: statusProperties },
} as const;

/** `GET /api/jobs`: a page of jobs. */
export const jobListResponse = {
  200: {
    type: 'object',
    properties: {
      jobs: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'string' }, ...statusProperties } },
      },
      next_cursor: nullableString,
    },
  },
} as const;

/**
 * The body of `PUT /api/job/{id}/tags`: an object with `tags`, checked by `validateJobTags` (not typed here, since
 * Fastify's validator would coerce a lone string into an array).
 */
export const jobTagsBody = { type: 'object', required: ['tags'] } as const;

/** `{ "job_id": … }`: creation and rerun. */
export const jobIdResponse = {
  200: { type: 'object', properties: { job_id: { type: 'string' } } },
} as const;
