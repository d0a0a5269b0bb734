import { Type } from '@sinclair/typebox';
import { schemaOf, validator } from '../validation/validator.js';

/** The body of a 4xx/5xx answer of bosonic's server: `{"error": "…", "field": "payload.max_shots"}`. */
export interface ErrorResponse {
  /** What went wrong, for a human. */
  error: string;
  /** The request field at fault, when one is (as `ValidationError.field`). */
  field?: string;
  /** A stable machine-readable code (as `BosonicError.code`). */
  code?: string;
  [key: string]: unknown;
}

/** Schema of {@link ErrorResponse}. */
export const errorResponseSchema = schemaOf<ErrorResponse>()(
  Type.Object({
    error: Type.String(),
    field: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
  }),
);

/**
 * Checks an error body.
 * @throws ValidationError (field `error`) when the body has no `error` string.
 */
export const validateErrorResponse: (body: unknown) => ErrorResponse = validator(errorResponseSchema);
