import { Kind, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { memberPath } from './field-path.js';
import { check, problemAt } from './validator.js';

/**
 * Query strings go through the same {@link check} as JSON bodies. A query string carries only text, once or
 * repeated, so its parameters are first read as the schema's properties expect them: a decimal numeral where a
 * number is expected, `true`/`false` where a boolean is, a parameter given once where an array is (its one item).
 * Anything else stays text, and the schema refuses it in the usual words (`query.limit: expected an integer from 1
 * to 1000, got the string 'ten'`).
 */

/** A query string as an HTTP framework parses it: each parameter once (a string) or repeated (its strings). */
export type QueryValues = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A decimal numeral, signed, with an optional fraction and exponent (not `0x10`, not `Infinity`, not empty). */
const NUMERAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Checks the query string `query` against `schema`, an object schema with a property per parameter.
 * @param path what to call the query in error fields (default `query`: `query.limit`).
 * @returns the parameters, typed (numbers as numbers, repeated parameters as arrays), as the schema's rules
 * normalize them.
 * @throws ValidationError naming the parameter: unknown (when the schema allows no others), repeated where one
 * value is expected, or not what its schema says.
 */
export function checkQuery<S extends TObject>(schema: S, query: QueryValues, path = 'query'): Static<S> {
  const properties = schema.properties as Record<string, TSchema>;
  const read = Object.entries(query)
    .filter((entry): entry is [string, string | readonly string[]] => entry[1] !== undefined)
    .map(([name, value]) => {
      const property = Object.hasOwn(properties, name) ? properties[name] : undefined;
      return [name, property === undefined ? value : readParameter(property, value, memberPath(path, name))];
    });
  // fromEntries defines own properties: a parameter named `__proto__` is a (refused) key, not a prototype.
  return check(schema, Object.fromEntries(read), { path, rootName: path });
}

function readParameter(schema: TSchema, value: string | readonly string[], field: string): unknown {
  if (schema[Kind] === 'Array') {
    const items = schema.items as TSchema;
    return (typeof value === 'string' ? [value] : value).map((text) => readText(items, text));
  }
  if (typeof value !== 'string') {
    throw problemAt(field, `give this parameter once (it was given ${value.length} times)`);
  }
  return readText(schema, value);
}

/** `text` as the type `schema` expects, when it reads as one; else the text itself. */
function readText(schema: TSchema, text: string): unknown {
  const kinds = acceptedKinds(schema);
  if ((kinds.has('Number') || kinds.has('Integer')) && NUMERAL.test(text)) return Number(text);
  if (kinds.has('Boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function acceptedKinds(schema: TSchema): Set<string> {
  if (schema[Kind] === 'Union') return new Set((schema.anyOf as TSchema[]).map((v) => String(v[Kind])));
  return new Set([String(schema[Kind])]);
}
