/**
 * Turns the coded errors the native addon throws (see `crates/node/src/error.rs`) into the typed errors of
 * `@bosonic/core`, so callers can rely on `instanceof ValidationError` and friends.
 */
import { BosonicError, JobCanceledError, ResourceLimitError, ValidationError } from '@bosonic/core';

interface CodedNativeError {
  code?: unknown;
  message?: unknown;
  field?: unknown;
  requiredBytes?: unknown;
  limitBytes?: unknown;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** The typed equivalent of an error thrown by the addon; anything else is returned unchanged. */
export function fromNativeError(error: unknown): unknown {
  if (error instanceof BosonicError || !(error instanceof Error)) return error;
  const coded = error as Error & CodedNativeError;
  const message = coded.message;
  switch (coded.code) {
    case 'ERR_VALIDATION':
      return new ValidationError(message, {
        ...(typeof coded.field === 'string' ? { field: coded.field } : {}),
        cause: error,
      });
    case 'ERR_RESOURCE_LIMIT': {
      const requiredBytes = numberOrUndefined(coded.requiredBytes);
      const limitBytes = numberOrUndefined(coded.limitBytes);
      return new ResourceLimitError(message, {
        ...(requiredBytes === undefined ? {} : { requiredBytes }),
        ...(limitBytes === undefined ? {} : { limitBytes }),
        cause: error,
      });
    }
    case 'ERR_CANCELED':
      return new JobCanceledError(message, { cause: error });
    case 'ERR_NATIVE_PANIC':
    case 'ERR_NATIVE':
      return new BosonicError(message, coded.code, { cause: error });
    default:
      return error;
  }
}

/** Runs `fn`, rethrowing native errors as typed ones. */
export function callNative<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw fromNativeError(error);
  }
}
