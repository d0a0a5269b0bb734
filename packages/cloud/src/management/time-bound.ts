import { ValidationError } from '@bosonic/core';

/** A point in time for a filter: a `Date`, or ISO 8601 text (`'2026-12-05'`, `'2026-12-05T10:00:00Z'`). */
export type TimeBound = Date | string;

/**
 * A time as the server's query parameters read it: a `Date` becomes seconds since the epoch, ISO text is sent as
 * it is (the server checks it).
 * @throws ValidationError naming `field` for an invalid `Date` or something else.
 */
export function wireTime(value: TimeBound, field: string): number | string {
  if (value instanceof Date) {
    const millis = value.getTime();
    if (!Number.isFinite(millis)) throw new ValidationError(`${field} is an invalid Date`, { field });
    return millis / 1000;
  }
  if (typeof value === 'string' && value !== '') return value;
  throw new ValidationError(`${field} must be a Date or ISO 8601 text (got ${String(value)})`, { field });
}
