import { type TUnsafe, Type } from '@sinclair/typebox';
import { memberPath } from './field-path.js';

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Deepest nesting a validated value may have: deeper JSON is not a request of this protocol, and it would exhaust
 * the stack of whatever walks it next (`JSON.stringify`, a recursive reader).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Any JSON value, for the fields the protocol carries without reading (command keyword arguments, results).
 * The schema accepts anything; the plain-JSON check every validator runs first ({@link findNonJson}) is what
 * makes the type true.
 */
export const jsonValueSchema: TUnsafe<JsonValue> = Type.Unknown() as unknown as TUnsafe<JsonValue>;

/** True for `{...}` values (not arrays, not null, not class instances other than Object). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Where a value stops being plain JSON, and why. */
export interface NonJson {
  /** The dotted path of the offending value (`''` for the root). */
  path: string;
  /** What was expected there. */
  expected: string;
  value: unknown;
}

/**
 * The first place where `value` is not plain JSON (a non-finite number, a class instance, a function, an
 * `undefined` array item) or is nested deeper than {@link MAX_JSON_DEPTH}, or undefined when it is plain JSON.
 * An object key whose value is `undefined` counts as absent, as `JSON.stringify` treats it.
 */
export function findNonJson(value: unknown, path = '', depth = 0): NonJson | undefined {
  if (depth > MAX_JSON_DEPTH) {
    return { path, expected: `JSON nested at most ${MAX_JSON_DEPTH} levels deep`, value };
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { path, expected: 'a finite number', value };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNonJson(value[i], `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const found = findNonJson(item, memberPath(path, key), depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return { path, expected: 'a JSON value', value };
}
