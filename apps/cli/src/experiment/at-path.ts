import { ValidationError } from '@bosonic/core';
import { problemAt } from '@bosonic/protocol';

/** What an experiment file's errors call the file itself, when the problem is the whole value. */
export const FILE_ROOT = 'experiment';

/** A ValidationError about the value at `path` of an experiment file. */
export function errorAt(path: string, message: string): ValidationError {
  return problemAt(path, message, FILE_ROOT);
}

/**
 * Runs `build` (which calls the model's constructors) and re-labels a ValidationError it throws with `path`,
 * so that the model's own message ("theta must be in [0, 4π]") reaches the user with its place in the file.
 */
export function atPath<T>(path: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ValidationError) {
      const name = path === '' ? FILE_ROOT : path;
      throw new ValidationError(`${name}: ${error.message}`, { field: name, cause: error });
    }
    throw error;
  }
}
