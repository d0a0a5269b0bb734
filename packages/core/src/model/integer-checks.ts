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
