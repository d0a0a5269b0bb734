import { ValidationError } from '../errors/index.js';

/**
 * The error `run` throws, for a test to inspect.
 * @throws Error when `run` returns instead, so the test expecting a failure fails.
 */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but the call returned');
}

/**
 * The {@link ValidationError} `run` throws.
 * @throws Error when `run` returns, or throws something else (whose name and message it quotes).
 */
export function validationErrorOf(run: () => unknown): ValidationError {
  const error = thrownBy(run);
  if (error instanceof ValidationError) return error;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  throw new Error(`expected a ValidationError, got ${what}`, { cause: error });
}

/** The field named by the {@link ValidationError} `run` throws (fails as {@link validationErrorOf}). */
export function refusedField(run: () => unknown): string | undefined {
  return validationErrorOf(run).field;
}
