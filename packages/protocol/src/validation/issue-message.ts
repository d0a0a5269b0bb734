import { Kind, type TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { describeValue } from './field-path.js';
import { isPlainObject } from './json-value.js';

/**
 * The words of a validation error: what a value failing a schema should have been ("an integer ≥ 0", "one of
 * 'pnr', 'threshold' or an object"), derived from the schema's own constraints so that a schema and its message
 * cannot disagree. A schema's `title` annotation, when it has one, names what it expects instead.
 */

/** One problem: where (a JSON pointer into the checked value) and what, in words. */
export interface Problem {
  pointer: string;
  problem: string;
}

/** What a value should be to match `schema`, in words: "a non-empty string", "an array of 2 items"… */
export function describeSchema(schema: TSchema): string {
  if (typeof schema.title === 'string') return withArticle(schema.title);
  switch (schema[Kind]) {
    case 'String':
      return stringWords(schema);
    case 'Number':
      return numberWords('a finite number', schema);
    case 'Integer':
      return numberWords('an integer', schema);
    case 'Boolean':
      return 'true or false';
    case 'Null':
      return 'null';
    case 'Literal':
      return quote(schema.const);
    case 'Union':
      return alternatives(schema.anyOf as TSchema[]);
    case 'Array':
      return arrayWords(schema);
    case 'Tuple':
      return `an array of ${schema.maxItems ?? 0} items`;
    case 'Object':
    case 'Record':
      return 'an object';
    default:
      return 'a JSON value';
  }
}

/**
 * The problem a TypeBox error reports, in words. A union's error is explained by the one alternative the value
 * was meant to be (the only one of its JSON type, or the object alternative whose literal keys it has), so that
 * `-1` for "a count or null" says "expected an integer ≥ 0", at the deepest path.
 */
export function explainError(error: ValueError): Problem {
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty: {
      const meaning = typeof error.schema.description === 'string' ? ` (${error.schema.description})` : '';
      return { pointer: error.path, problem: `required field is missing${meaning}` };
    }
    case ValueErrorType.ObjectAdditionalProperties:
      return { pointer: error.path, problem: unknownKeyWords(error.schema) };
    case ValueErrorType.Union: {
      const variants = error.schema.anyOf as TSchema[];
      const meant = meantAlternative(variants, error.value);
      const inner = meant === undefined ? undefined : error.errors[meant]?.First();
      if (inner !== undefined) return explainError(inner);
      const tag = unmatchedTag(variants, error.value);
      if (tag !== undefined) {
        const problem = `expected ${alternatives(tag.literals)}, got ${describeValue(tag.value)}`;
        return { pointer: `${error.path}/${tag.key}`, problem };
      }
      break;
    }
  }
  return {
    pointer: error.path,
    problem: `expected ${describeSchema(error.schema)}, got ${describeValue(error.value)}`,
  };
}

function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function stringWords(schema: TSchema): string {
  let words = schema.minLength !== undefined && schema.minLength > 0 ? 'a non-empty string' : 'a string';
  if (schema.maxLength !== undefined) words += ` of at most ${schema.maxLength} characters`;
  if (schema.pattern !== undefined) words += ` matching ${schema.pattern}`;
  return words;
}

function numberWords(what: string, schema: TSchema): string {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
  if (minimum !== undefined && maximum !== undefined) return `${what} from ${minimum} to ${maximum}`;
  const bounds: string[] = [];
  if (minimum !== undefined) bounds.push(`≥ ${minimum}`);
  if (exclusiveMinimum !== undefined) bounds.push(`> ${exclusiveMinimum}`);
  if (maximum !== undefined) bounds.push(`≤ ${maximum}`);
  if (exclusiveMaximum !== undefined) bounds.push(`< ${exclusiveMaximum}`);
  return bounds.length === 0 ? what : `${what} ${bounds.join(' and ')}`;
}

function arrayWords(schema: TSchema): string {
  const { minItems, maxItems } = schema;
  if (minItems !== undefined && minItems === maxItems) return `an array of ${minItems} items`;
  if (minItems !== undefined && minItems > 0 && maxItems !== undefined) {
    return `an array of ${minItems} to ${maxItems} items`;
  }
  if (minItems !== undefined && minItems > 0) return `an array of at least ${minItems} items`;
  if (maxItems !== undefined) return `an array of at most ${maxItems} items`;
  return 'an array';
}

/** "'a'", "one of 'a', 'b'", "one of 'a', 'b' or an object", "a finite number or a string". */
function alternatives(variants: readonly TSchema[]): string {
  const literals = variants.filter((v) => v[Kind] === 'Literal' && typeof v.title !== 'string');
  const others = variants.filter((v) => !literals.includes(v)).map(describeSchema);
  const parts: string[] = [];
  if (literals.length === 1) parts.push(quote(literals[0]?.const));
  if (literals.length > 1) parts.push(`one of ${literals.map((v) => quote(v.const)).join(', ')}`);
  parts.push(...others);
  if (parts.length <= 2) return parts.join(' or ');
  return `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}

function unknownKeyWords(parent: TSchema): string {
  const known = Object.keys(parent.properties ?? {});
  if (known.length > 0) return `unknown key (expected one of: ${known.join(', ')})`;
  const patterns = Object.keys(parent.patternProperties ?? {});
  if (patterns.length > 0) return `unknown key (expected a key matching ${patterns.join(' or ')})`;
  return 'unknown key';
}

/** The JSON types a schema accepts; `*` for any. */
function jsonTypes(schema: TSchema): Set<string> {
  switch (schema[Kind]) {
    case 'String':
      return new Set(['string']);
    case 'Number':
    case 'Integer':
      return new Set(['number']);
    case 'Boolean':
      return new Set(['boolean']);
    case 'Null':
      return new Set(['null']);
    case 'Literal':
      return new Set([typeof schema.const]);
    case 'Object':
    case 'Record':
      return new Set(['object']);
    case 'Array':
    case 'Tuple':
      return new Set(['array']);
    case 'Union':
      return new Set((schema.anyOf as TSchema[]).flatMap((v) => [...jsonTypes(v)]));
    default:
      return new Set(['*']);
  }
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The literal-valued keys of an object schema (`type: 'BS'`): they tell the alternatives of a union apart. */
function literalKeys(schema: TSchema): [string, TSchema][] {
  if (schema[Kind] !== 'Object') return [];
  return Object.entries(schema.properties as Record<string, TSchema>).filter(
    ([, s]) => s[Kind] === 'Literal',
  );
}

/**
 * The index of the one alternative `value` was meant to be, if exactly one fits its JSON type and, for an object,
 * its literal keys and required keys.
 */
function meantAlternative(variants: readonly TSchema[], value: unknown): number | undefined {
  const type = jsonTypeOf(value);
  const candidates: number[] = [];
  variants.forEach((variant, i) => {
    const types = jsonTypes(variant);
    if (!types.has(type) && !types.has('*')) return;
    if (type === 'object' && isPlainObject(value) && variant[Kind] === 'Object') {
      const tags = literalKeys(variant);
      for (const [key, literal] of tags) if (value[key] !== literal.const) return;
      // Untagged objects told apart by their keys (`{"superposition": …}`, `{"mixture": …}`): the one it has.
      const required: string[] = variant.required ?? [];
      if (tags.length === 0 && !required.every((key) => Object.hasOwn(value, key))) return;
    }
    candidates.push(i);
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * For an object that fits none of a union's object alternatives: the key they all tag themselves with (`type`),
 * the literals it may take and the value it has, so that the error points at `circuit[0].type`.
 */
function unmatchedTag(
  variants: readonly TSchema[],
  value: unknown,
): { key: string; literals: TSchema[]; value: unknown } | undefined {
  if (!isPlainObject(value)) return undefined;
  const objects = variants.filter((v) => v[Kind] === 'Object');
  const first = objects[0];
  if (first === undefined) return undefined;
  for (const [key] of literalKeys(first)) {
    const literals = objects.map((v) => (v.properties as Record<string, TSchema>)[key]);
    if (literals.every((s) => s?.[Kind] === 'Literal')) {
      return { key, literals: literals as TSchema[], value: value[key] };
    }
  }
  return undefined;
}
