import { ValidationError } from '@bosonic/core';

/**
 * Small readers for hand-written JSON: each checks one value's type and, when it is wrong, throws a
 * ValidationError whose `field` is the value's JSON path (`circuit[2].theta`) and whose message starts with it,
 * so that a user sees at once where in the file the problem is.
 */

/** The JSON path of member `key` of the object at `path`. */
export function memberPath(path: string, key: string): string {
  const member = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (path === '') return member;
  return member.startsWith('"') ? `${path}[${member}]` : `${path}.${member}`;
}

/** The JSON path of element `index` of the array at `path`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** A ValidationError about the value at `path`. */
export function errorAt(path: string, message: string, cause?: unknown): ValidationError {
  return new ValidationError(`${path === '' ? '(top level)' : path}: ${message}`, {
    field: path === '' ? 'experiment' : path,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Runs `build` (which calls the model's constructors) and re-labels a ValidationError it throws with `path`,
 * so that the model's own message ("theta must be in [0, 4π]") reaches the user with its place in the file.
 */
export function atPath<T>(path: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ValidationError) throw errorAt(path, error.message, error);
    throw error;
  }
}

/** A short description of a JSON value for error messages: its type, and the value itself when small. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'a long string';
  return String(value);
}

/** The object at `path`, whose keys must all be in `allowed` (a misspelt key is an error, not ignored). */
export function readObject(
  value: unknown,
  path: string,
  allowed: readonly string[],
): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errorAt(path, `expected an object, got ${describeValue(value)}`);
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw errorAt(memberPath(path, key), `unknown key (expected one of: ${allowed.join(', ')})`);
    }
  }
  return object;
}

/** The array at `path`. */
export function readArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw errorAt(path, `expected an array, got ${describeValue(value)}`);
  return value;
}

/** The finite number at `path`. */
export function readNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw errorAt(path, `expected a number, got ${describeValue(value)}`);
  }
  return value;
}

/** The integer at `path`, at least `min`. */
export function readInteger(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw errorAt(path, `expected an integer ≥ ${min}, got ${describeValue(value)}`);
  }
  return value;
}

/** The non-empty string at `path`. */
export function readString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw errorAt(path, `expected a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/** The boolean at `path`. */
export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw errorAt(path, `expected true or false, got ${describeValue(value)}`);
  return value;
}

/** One of `choices` at `path`. */
export function readChoice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    throw errorAt(
      path,
      `expected one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${describeValue(value)}`,
    );
  }
  return value as T;
}
