import { ValidationError } from '../errors/index.js';

/**
 * `value` when it is a finite number of milliseconds ≥ 0 (an interval between polls, a delay).
 * @throws ValidationError naming `field` otherwise.
 */
export function checkMilliseconds(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(`${field} must be a number of milliseconds >= 0 (got ${String(value)})`, {
      field,
    });
  }
  return value;
}
