import { ValidationError } from '@bosonic/core';

/**
 * A tiny runtime-schema helper for the JSON bodies of the cloud protocol: each {@link Schema} checks an
 * `unknown` value and returns it typed, or throws a {@link ValidationError} whose `field` is the dotted path of
 * the offending value (`payload.iterator[0].max_shots`). No dependency, no coercion: JSON in, JSON out.
 */

/** Checks a value and returns it typed. `path` names the value in error messages and `ValidationError.field`. */
export interface Schema<T> {
  parse(value: unknown, path: string): T;
  /** True when a missing key is acceptable in an object (set by {@link optional}). */
  readonly optional?: boolean;
}

/** A schema whose key may be absent from an object (made by {@link optional}). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

/** The type a schema produces. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** A short description of a JSON value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return value.length > 40 ? `the string '${value.slice(0, 37)}...'` : `the string '${value}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Throws the ValidationError of a value that does not match what `path` expects. */
export function fail(path: string, expected: string, value: unknown): never {
  throw new ValidationError(`${path || 'body'}: expected ${expected}, got ${describeValue(value)}`, {
    field: path || 'body',
  });
}

function schema<T>(parse: (value: unknown, path: string) => T): Schema<T> {
  return { parse };
}

/** A string; `nonEmpty` rejects `''`, `prefix` requires a leading text (e.g. `':PCVL:'`). */
export function string(options: { nonEmpty?: boolean; prefix?: string } = {}): Schema<string> {
  return schema((value, path) => {
    if (typeof value !== 'string') fail(path, 'a string', value);
    if (options.nonEmpty && value.length === 0) fail(path, 'a non-empty string', value);
    if (options.prefix !== undefined && !value.startsWith(options.prefix)) {
      fail(path, `a string starting with '${options.prefix}'`, value);
    }
    return value;
  });
}

/** A finite number; `integer` requires a safe integer; `min`/`max` are inclusive bounds. */
export function number(options: { integer?: boolean; min?: number; max?: number } = {}): Schema<number> {
  const what = options.integer ? 'an integer' : 'a finite number';
  return schema((value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, what, value);
    if (options.integer && !Number.isSafeInteger(value)) fail(path, what, value);
    if (options.min !== undefined && value < options.min) fail(path, `${what} ≥ ${options.min}`, value);
    if (options.max !== undefined && value > options.max) fail(path, `${what} ≤ ${options.max}`, value);
    return value;
  });
}

/** A boolean. */
export function boolean(): Schema<boolean> {
  return schema((value, path) => {
    if (typeof value !== 'boolean') fail(path, 'a boolean', value);
    return value;
  });
}

/** One of the given strings. */
export function literal<const L extends string>(...values: L[]): Schema<L> {
  const expected = `one of ${values.map((v) => `'${v}'`).join(', ')}`;
  return schema((value, path) => {
    if (typeof value !== 'string' || !(values as string[]).includes(value)) fail(path, expected, value);
    return value as L;
  });
}

/** Any JSON value (objects and arrays are checked to be plain JSON, numbers to be finite). */
export function json(): Schema<JsonValue> {
  return schema((value, path) => {
    checkJson(value, path, 0);
    return value as JsonValue;
  });
}

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const MAX_JSON_DEPTH = 64;

function checkJson(value: unknown, path: string, depth: number): void {
  if (depth > MAX_JSON_DEPTH) fail(path, `JSON nested at most ${MAX_JSON_DEPTH} levels deep`, value);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(path, 'a finite number', value);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkJson(item, `${path}[${i}]`, depth + 1);
    });
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) checkJson(item, join(path, key), depth + 1);
    return;
  }
  fail(path, 'a JSON value', value);
}

/** `null` or a value of `inner`. */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return schema((value, path) => (value === null ? null : inner.parse(value, path)));
}

/** An object key that may be absent (an explicit `undefined` counts as absent). */
export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    optional: true,
    parse: (value, path) => (value === undefined ? undefined : inner.parse(value, path)),
  };
}

/** An array of `inner` values; `minLength` / `maxLength` bound its length. */
export function array<T>(
  inner: Schema<T>,
  options: { minLength?: number; maxLength?: number } = {},
): Schema<T[]> {
  return schema((value, path) => {
    if (!Array.isArray(value)) fail(path, 'an array', value);
    if (options.minLength !== undefined && value.length < options.minLength) {
      fail(path, `an array of at least ${options.minLength} items`, value);
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      fail(path, `an array of at most ${options.maxLength} items`, value);
    }
    return value.map((item, i) => inner.parse(item, `${path}[${i}]`));
  });
}

/** A fixed-length array whose items each have their own schema. */
export function tuple<const S extends readonly Schema<unknown>[]>(
  ...items: S
): Schema<{ -readonly [K in keyof S]: Infer<S[K]> }> {
  return schema((value, path) => {
    if (!Array.isArray(value) || value.length !== items.length) {
      fail(path, `an array of ${items.length} items`, value);
    }
    return items.map((item, i) => item.parse(value[i], `${path}[${i}]`)) as {
      -readonly [K in keyof S]: Infer<S[K]>;
    };
  });
}

/** An object used as a dictionary: any keys, every value of `inner`. */
export function record<T>(inner: Schema<T>): Schema<Record<string, T>> {
  return schema((value, path) => {
    if (!isPlainObject(value)) fail(path, 'an object', value);
    const out: Record<string, T> = {};
    for (const [key, item] of Object.entries(value)) out[key] = inner.parse(item, join(path, key));
    return out;
  });
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { readonly optional: true } ? K : never;
}[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;

/** The object type of a shape: keys with an {@link optional} schema become optional properties. */
export type ObjectOf<S extends Shape> = Flatten<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

type Flatten<T> = { [K in keyof T]: T[K] };

/**
 * An object with known keys. Keys outside the shape are kept as they are (after a JSON check) when
 * `unknownKeys` is `'keep'` (the default: the protocol grows, and Perceval ignores what it does not read),
 * or rejected with `'reject'`.
 */
export function object<S extends Shape>(
  shape: S,
  options: { unknownKeys?: 'keep' | 'reject' } = {},
): Schema<ObjectOf<S>> {
  const unknownKeys = options.unknownKeys ?? 'keep';
  return schema((value, path) => {
    if (!isPlainObject(value)) fail(path, 'an object', value);
    const out: Record<string, unknown> = {};
    for (const [key, fieldSchema] of Object.entries(shape)) {
      const item = value[key];
      if (item === undefined && !Object.hasOwn(value, key)) {
        if (!fieldSchema.optional) {
          throw new ValidationError(`${join(path, key)}: required field is missing`, {
            field: join(path, key),
          });
        }
        continue;
      }
      const parsed = fieldSchema.parse(item, join(path, key));
      if (parsed !== undefined) out[key] = parsed;
    }
    for (const [key, item] of Object.entries(value)) {
      if (Object.hasOwn(shape, key)) continue;
      if (unknownKeys === 'reject') {
        throw new ValidationError(`${join(path, key)}: unknown field`, { field: join(path, key) });
      }
      checkJson(item, join(path, key), 1);
      out[key] = item;
    }
    return out as ObjectOf<S>;
  });
}

/** True for `{...}` values (not arrays, not null, not class instances other than Object). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function join(path: string, key: string): string {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (!path) return safe;
  return safe.startsWith('"') ? `${path}[${safe}]` : `${path}.${safe}`;
}

/**
 * Wraps a schema as a validator function: `validate(value)` returns the typed value or throws a
 * {@link ValidationError} naming the field; `root` prefixes every field path (default: none).
 */
export function validator<T>(s: Schema<T>, root = ''): (value: unknown) => T {
  return (value: unknown) => s.parse(value, root);
}
