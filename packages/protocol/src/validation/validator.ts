import { ValidationError } from '@bosonic/core';
import type { Static, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { describeValue, pointerToPath } from './field-path.js';
import { explainError } from './issue-message.js';
import { findNonJson } from './json-value.js';

/**
 * bosonic's one way of checking input: a JSON Schema (built with TypeBox, so that its TypeScript type comes with
 * it) checked by TypeBox's compiled checker, and the first problem thrown as a {@link ValidationError} whose
 * `field` is the dotted path of the offending value (`payload.iterator[0].max_shots`) and whose message starts
 * with it and says what was expected and what was there. The wire types, the server's routes and the CLI's
 * experiment files all go through {@link check}.
 */

/**
 * What a schema cannot say (one of two keys required, duplicates merged): runs on a value that matched the
 * schema, returns it (possibly normalized) or throws a ValidationError naming `path`'s field.
 */
export type Rules<T> = (value: T, path: string) => T;

/** Where a checked value sits, for error messages. */
export interface CheckOptions {
  /** The path of the checked value, prefixed to every field (default: none, fields from the root). */
  path?: string;
  /** What to call the value itself when it is the problem (default `body`). */
  rootName?: string;
  /**
   * Whether the value must be plain JSON nested at most 64 levels (default true). False for objects a framework
   * builds from strings (HTTP path parameters, headers), which are not plain objects and cannot nest.
   */
  plainJson?: boolean;
}

const checkers = new WeakMap<TSchema, TypeCheck<TSchema>>();
const rulesOf = new WeakMap<TSchema, Rules<unknown>>();

/** Registers the rules of `schema`, which {@link check} applies after the schema. Returns the schema. */
export function withRules<S extends TSchema>(schema: S, rules: Rules<Static<S>>): S {
  rulesOf.set(schema, rules as Rules<unknown>);
  return schema;
}

/**
 * Checks `value` against `schema`: first that it is plain JSON nested at most 64 levels (unless told otherwise),
 * then the schema, then the schema's rules ({@link withRules}).
 * @returns the value, typed (and as the rules normalize it).
 * @throws ValidationError naming the field of the first problem found.
 */
export function check<S extends TSchema>(schema: S, value: unknown, options: CheckOptions = {}): Static<S> {
  const path = options.path ?? '';
  const rootName = options.rootName ?? 'body';
  const nonJson = options.plainJson === false ? undefined : findNonJson(value, path);
  if (nonJson !== undefined) {
    const problem = `expected ${nonJson.expected}, got ${describeValue(nonJson.value)}`;
    throw problemAt(nonJson.path, problem, rootName);
  }
  const checker = checkerOf(schema);
  if (!checker.Check(value)) {
    const first = checker.Errors(value).First();
    const { pointer, problem } =
      first === undefined ? { pointer: '', problem: 'does not match its schema' } : explainError(first);
    throw problemAt(pointerToPath(pointer, value, path), problem, rootName);
  }
  return applyRules(schema, value as Static<S>, path);
}

/**
 * Applies the rules of `schema` to a value already checked against it (a part of a larger checked value: the
 * larger schema's rules call this for the parts whose rules they keep).
 */
export function applyRules<S extends TSchema>(schema: S, value: Static<S>, path: string): Static<S> {
  const rules = rulesOf.get(schema);
  return (rules === undefined ? value : rules(value, path)) as Static<S>;
}

/**
 * The validate function of a schema: `validate(value)` returns the typed value or throws a ValidationError
 * naming the field.
 */
export function validator<S extends TSchema>(schema: S): (value: unknown) => Static<S> {
  return (value) => check(schema, value);
}

/** A ValidationError about the value at `field` (`''`: the value itself, called `rootName`). */
export function problemAt(field: string, problem: string, rootName = 'body'): ValidationError {
  const name = field === '' ? rootName : field;
  return new ValidationError(`${name}: ${problem}`, { field: name });
}

function checkerOf(schema: TSchema): TypeCheck<TSchema> {
  let checker = checkers.get(schema);
  if (checker === undefined) {
    checker = TypeCompiler.Compile(schema);
    checkers.set(schema, checker);
  }
  return checker;
}

/** The declared keys of `T`, without its index signature. */
type DeclaredKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };

/** True when `A` and `B` are assignable to each other and declare the same keys. */
type SameType<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [DeclaredKeys<A>] extends [DeclaredKeys<B>]
      ? [DeclaredKeys<B>] extends [DeclaredKeys<A>]
        ? true
        : false
      : false
    : false
  : false;

/**
 * Ties a schema to the documented interface it validates: `schemaOf<JobStatusResponse>()(Type.Object({…}))`
 * does not compile when the schema's type and the interface differ (a field missing on either side, or typed
 * otherwise), so the two cannot drift apart.
 */
export function schemaOf<T>() {
  return <S extends TSchema>(
    schema: S,
    ..._sameType: SameType<Static<S>, T> extends true ? [] : [error: 'the schema and the interface differ']
  ): S => schema;
}
