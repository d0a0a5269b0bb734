import { ValidationError } from '@bosonic/core';

/** A query string as Fastify parses it: each parameter once (a string) or repeated (strings). */
export type QueryValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Refuses parameters outside `known`: a misspelt filter would otherwise be ignored silently and return jobs the
 * caller did not ask for.
 * @throws ValidationError naming the first unknown parameter and the known ones.
 */
export function checkKnownParameters(query: QueryValues, known: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!known.includes(name)) {
      throw new ValidationError(`${name}: unknown query parameter (known: ${known.join(', ')})`, {
        field: name,
      });
    }
  }
}

/**
 * The single value of a parameter, or undefined when absent.
 * @throws ValidationError when the parameter is repeated or empty.
 */
export function singleValue(query: QueryValues, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(`${name}: give this parameter once (it was given ${value.length} times)`, {
      field: name,
    });
  }
  if (value === '') throw new ValidationError(`${name}: empty value`, { field: name });
  return value;
}

/** Every value of a parameter (repeated, or once), in order; none when absent. */
export function allValues(query: QueryValues, name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** ISO 8601 date (`2026-12-05`) or date-time with an optional offset (`2026-12-05T10:00:00Z`). */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A time parameter: seconds since the epoch (`1764930000`, `1764930000.5`) or an ISO 8601 date or date-time
 * (`2026-12-05`, `2026-12-05T10:00:00Z`; without an offset, UTC). Returns seconds since the epoch.
 * @throws ValidationError naming the parameter for anything else.
 */
export function timeValue(query: QueryValues, name: string): number | undefined {
  const text = singleValue(query, name);
  if (text === undefined) return undefined;
  if (/^\d{1,12}(?:\.\d+)?$/.test(text)) return Number(text);
  if (ISO_DATE_TIME.test(text)) {
    // A date alone is UTC already for Date.parse; a date-time without an offset would be local time.
    const local = text.length > 10 && !/(?:Z|[+-]\d{2}:?\d{2})$/.test(text.slice(10));
    const millis = Date.parse(local ? `${text}Z` : text);
    if (Number.isFinite(millis)) return millis / 1000;
  }
  throw new ValidationError(
    `${name}: expected seconds since the epoch or an ISO 8601 date-time such as 2026-12-05T10:00:00Z, got '${text.slice(0, 64)}'`,
    { field: name },
  );
}
