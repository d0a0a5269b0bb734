import { ValidationError } from '@bosonic/core';

/**
 * A well-formed `:PCVL:` object that holds something bosonic does not model: unitaries acting on
 * polarization, feed-forward, compiled circuits, layered PPNR detectors, symbolic expressions, annotations
 * other than polarization and noise tags. It is a {@link ValidationError} (same code, `field` names where); `deserialize(…, { strict:
 * false })` keeps such strings as raw text instead of throwing, so that, e.g., a platform whose architecture
 * uses them still loads.
 */
export class UnsupportedPcvlError extends ValidationError {}

/**
 * The same kind of error (unsupported or plain validation) with a message and field that say where it happened.
 */
export function relocate(error: ValidationError, message: string, field: string): ValidationError {
  return error instanceof UnsupportedPcvlError
    ? new UnsupportedPcvlError(message, { field, cause: error })
    : new ValidationError(message, { field, cause: error });
}
