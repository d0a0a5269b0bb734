import { ValidationError } from '../errors/index.js';

/**
 * `value` when it is a positive safe integer (a count of samples, shots, wires, iterations…).
 * @throws ValidationError naming `field` otherwise
 */
export function checkPositiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError(`${field} must be a positive integer (got ${String(value)})`, { field });
  }
  return value;
}

/** Like {@link checkPositiveInteger}, with `undefined` and `null` meaning "not given" (undefined). */
export function optionalPositiveInteger(value: unknown, field: string): number | undefined {
  return value === undefined || value === null ? undefined : checkPositiveInteger(value, field);
}

/**
 * `value` when it is a non-negative safe integer (a photon number, a mode count, a count of outcomes).
 * @throws ValidationError naming `field` otherwise
 */
export function checkNonNegativeInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(`${field} must be a non-negative integer (got ${String(value)})`, { field });
  }
  return value;
}

/**
 * `value` when it is a safe integer from `min` to `max`, both included (a thread count, a page size…).
 * @throws ValidationError naming `field` and the range otherwise
 */
export function checkIntegerInRange(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ValidationError(`${field} must be an integer from ${min} to ${max} (got ${String(value)})`, {
      field,
    });
  }
  return value;
}
