import {
  check,
  checkQuery,
  createJobRequestSchema,
  jobIdResponseSchema,
  jobIdSchema,
  jobListQuerySchema,
  jobListResponseSchema,
  jobStatusResponseSchema,
  jobTagsRequestSchema,
  platformNameSchema,
  type QueryValues,
  usageQuerySchema,
} from '@bosonic/protocol';
import { Kind, type TObject, type TSchema, Type } from '@sinclair/typebox';

/**
 * The schemas of the routes: the requests' (checked before any handler runs) and the hot responses' (serialized
 * by Fastify's compiled serializer). They are @bosonic/protocol's wire schemas, or composed of them, so the server
 * checks a body exactly as the protocol defines it, and {@link requestValidator} checks them with the protocol's
 * `check`: a client and the server word a refusal the same way.
 */

/** A job id in a path. */
export const jobIdParams = Type.Object({ id: jobIdSchema });

/** A platform name in a path (percent-decoded by then), e.g. `sim:slos`. */
export const platformParams = Type.Object({ name: platformNameSchema });

/** The `Idempotency-Key` header: a client-made key (usually a UUID) of visible ASCII characters. */
export const idempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]+$',
      title: 'key of 1 to 255 visible ASCII characters',
    }),
  ),
});

/** The query of `GET /api/jobs`: filters and page (@bosonic/protocol's `jobListQuerySchema`). */
export const jobListQuery = jobListQuerySchema;

/** The query of `GET /api/usage`: the period (@bosonic/protocol's `usageQuerySchema`). */
export const usageQuery = usageQuerySchema;

/** Most states a histogram may ask for. */
export const MAX_HISTOGRAM_STATES = 100;

/** The query of `GET /api/job/{id}/histogram` (the dashboard's chart): how many states, of which iteration. */
export const histogramQuery = Type.Object(
  {
    top: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_HISTOGRAM_STATES, default: 20 })),
    iteration: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

/** The body of `POST /api/job`, checked whole (its rules included) before the handler runs. */
export const createJobBody = createJobRequestSchema;

/** The body of `PUT /api/job/{id}/tags`: `{ "tags": [...] }`, each tag once after the check. */
export const jobTagsBody = jobTagsRequestSchema;

/** `GET /api/job/status/{id}`, answered many times per job. */
export const statusResponse = { 200: jobStatusResponseSchema };

/** `GET /api/jobs`: a page of jobs. */
export const jobListResponse = { 200: jobListResponseSchema };

/** `{ "job_id": … }`: creation and rerun. */
export const jobIdResponse = { 200: jobIdResponseSchema };

/** What a request is called in error fields, by the part Fastify checks: `params.id`, `headers["idempotency-key"]`. */
const PART_PATHS: Readonly<Record<string, string>> = {
  body: '',
  params: 'params',
  querystring: 'query',
  headers: 'headers',
};

/**
 * Fastify's validator compiler: checks a request part with @bosonic/protocol's `check`, so a refusal is the
 * `ValidationError` naming the field that the error handler answers as 400. Every route schema is a TypeBox
 * schema (plain JSON Schema objects would be read by nothing here): one is refused when the app starts.
 */
export function requestValidator(
  schema: unknown,
  part: string | undefined,
): (data: unknown) => true | { value: unknown } | { error: Error } {
  if (typeof schema !== 'object' || schema === null || !(Kind in schema)) {
    throw new TypeError(
      `route schemas are TypeBox schemas (docs/conventions.md, "Validating input"); got ${JSON.stringify(schema)}`,
    );
  }
  const path = PART_PATHS[part ?? 'body'] ?? part ?? '';
  return (data) => {
    try {
      // A query string is text: `checkQuery` reads its parameters as the schema's types before the same check.
      const value =
        part === 'querystring'
          ? checkQuery(schema as TObject, (data ?? {}) as QueryValues, path)
          : check(schema as TSchema, data, { path, plainJson: part === 'body' });
      // Rules may normalize (tags merged): the handler then reads the normalized value.
      return value === data ? true : { value };
    } catch (error) {
      return { error: error as Error };
    }
  };
}
