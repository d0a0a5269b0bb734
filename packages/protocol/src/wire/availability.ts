import { Type } from '@sinclair/typebox';
import { schemaOf, validator } from '../validation/validator.js';
import { countSchema } from './schema-parts.js';

/**
 * The answer of `GET /api/jobs/availability`: the token's queue quota. A client may submit
 * `max_jobs_in_queue - num_jobs_in_queue` more jobs (JobGroup's parallel runs use this).
 */
export interface AvailabilityResponse {
  max_jobs_in_queue: number;
  num_jobs_in_queue: number;
  [key: string]: unknown;
}

/** Schema of {@link AvailabilityResponse}. */
export const availabilityResponseSchema = schemaOf<AvailabilityResponse>()(
  Type.Object({ max_jobs_in_queue: countSchema, num_jobs_in_queue: countSchema }),
);

/**
 * Checks the answer of `GET /api/jobs/availability`.
 * @throws ValidationError naming the field when a count is missing or not a non-negative integer.
 */
export const validateAvailabilityResponse: (body: unknown) => AvailabilityResponse =
  validator(availabilityResponseSchema);
