import { ValidationError } from '@bosonic/core';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { describeValue, pointerToPath } from './field-path.js';
import { isPlainObject, MAX_JSON_DEPTH } from './json-value.js';
import { applyRules, check, validator, withRules } from './validator.js';

/** The ValidationError `run` throws (fails the test if it throws nothing or something else). */
function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const person = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 8 }),
    age: Type.Optional(Type.Integer({ minimum: 0 })),
    role: Type.Union([Type.Literal('admin'), Type.Literal('user')]),
    tags: Type.Optional(Type.Array(Type.String(), { maxItems: 2 })),
    scores: Type.Optional(Type.Record(Type.String(), Type.Number())),
    pair: Type.Optional(Type.Tuple([Type.String(), Type.Number()])),
    note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    ratio: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    id: Type.Optional(Type.String({ pattern: '^[a-z]+$', title: 'id (lower-case letters)' })),
    flag: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const validatePerson = validator(person);

describe('check: one message per rejected shape, naming the field', () => {
  it('returns the value, typed, when it matches', () => {
    const value = { name: 'Ada', role: 'user', age: 36, pair: ['x', 1], note: null };
    expect(validatePerson(value)).toBe(value);
  });

  it.each([
    [[], 'body', 'body: expected an object, got an array'],
    [{ role: 'admin' }, 'name', 'name: required field is missing'],
    [
      { name: '', role: 'admin' },
      'name',
      "name: expected a non-empty string of at most 8 characters, got the string ''",
    ],
    [{ name: 'Ada', role: 'root' }, 'role', "role: expected one of 'admin', 'user', got the string 'root'"],
    [{ name: 'Ada', role: 'user', age: -1 }, 'age', 'age: expected an integer ≥ 0, got number -1'],
    [{ name: 'Ada', role: 'user', age: 1.5 }, 'age', 'age: expected an integer ≥ 0, got number 1.5'],
    [
      { name: 'Ada', role: 'user', ratio: 2 },
      'ratio',
      'ratio: expected a finite number from 0 to 1, got number 2',
    ],
    [{ name: 'Ada', role: 'user', tags: ['a', 2] }, 'tags[1]', 'tags[1]: expected a string, got number 2'],
    [
      { name: 'Ada', role: 'user', tags: ['a', 'b', 'c'] },
      'tags',
      'tags: expected an array of at most 2 items, got an array',
    ],
    [
      { name: 'Ada', role: 'user', scores: { 'x y': 'high' } },
      'scores["x y"]',
      `scores["x y"]: expected a finite number, got the string 'high'`,
    ],
    [{ name: 'Ada', role: 'user', pair: ['x'] }, 'pair', 'pair: expected an array of 2 items, got an array'],
    [{ name: 'Ada', role: 'user', note: 3 }, 'note', 'note: expected a string or null, got number 3'],
    [
      { name: 'Ada', role: 'user', id: 'A1' },
      'id',
      "id: expected an id (lower-case letters), got the string 'A1'",
    ],
    [
      { name: 'Ada', role: 'user', flag: 'yes' },
      'flag',
      "flag: expected true or false, got the string 'yes'",
    ],
    [
      { name: 'Ada', role: 'user', other: 1 },
      'other',
      'other: unknown key (expected one of: name, age, role, tags, scores, pair, note, ratio, id, flag)',
    ],
  ])('refuses %j: %s', (value, field, message) => {
    const error = refusal(() => validatePerson(value));
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });

  it('refuses what is not plain JSON before the schema: class instances, non-finite numbers', () => {
    expect(refusal(() => validatePerson(new Date())).message).toBe(
      'body: expected a JSON value, got an object',
    );
    expect(refusal(() => check(Type.Unknown(), { a: [Number.NaN] })).field).toBe('a[0]');
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels, whatever the schema`, () => {
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_JSON_DEPTH; i++) deep = [deep];
    expect(refusal(() => check(Type.Unknown(), deep)).message).toMatch(/nested at most 64 levels deep/);
  });

  it('prefixes the fields with the path it is given, and names the root as asked', () => {
    expect(refusal(() => check(person, { role: 'user' }, { path: 'owner' })).field).toBe('owner.name');
    expect(refusal(() => check(person, 5, { rootName: 'experiment' })).message).toBe(
      'experiment: expected an object, got number 5',
    );
  });

  it("says a missing field's meaning when its schema has a description", () => {
    const sized = Type.Object({ m: Type.Integer({ description: 'the number of modes' }) });
    expect(refusal(() => check(sized, {})).message).toBe(
      'm: required field is missing (the number of modes)',
    );
  });
});

describe('check on unions: the alternative the value was meant to be explains the problem', () => {
  const step = Type.Union([
    Type.Object({ type: Type.Literal('BS'), theta: Type.Optional(Type.Number()) }),
    Type.Object({ type: Type.Literal('PS'), phi: Type.Number() }),
  ]);

  it('descends into the only alternative of the value JSON type', () => {
    const count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);
    expect(refusal(() => check(count, -1)).message).toBe('body: expected an integer ≥ 0, got number -1');
  });

  it('descends into the object alternative whose literal keys the value has', () => {
    const error = refusal(() => check(Type.Array(step), [{ type: 'PS', phi: 'x' }]));
    expect(error.message).toBe("[0].phi: expected a finite number, got the string 'x'");
  });

  it('descends into the object alternative whose required keys the value has', () => {
    const input = Type.Union([
      Type.Object({ superposition: Type.Array(Type.Number()) }, { additionalProperties: false }),
      Type.Object({ mixture: Type.Array(Type.Number()) }, { additionalProperties: false }),
    ]);
    expect(refusal(() => check(input, { mixture: ['x'] })).field).toBe('mixture[0]');
  });

  it('points at the tag when no alternative has it', () => {
    const error = refusal(() => check(Type.Object({ steps: Type.Array(step) }), { steps: [{ type: 'XX' }] }));
    expect(error.field).toBe('steps[0].type');
    expect(error.message).toBe("steps[0].type: expected one of 'BS', 'PS', got the string 'XX'");
  });

  it('lists the alternatives when the value fits none by type', () => {
    const angle = Type.Union([Type.Number(), Type.String({ title: 'parameter name' })]);
    expect(refusal(() => check(angle, true)).message).toBe(
      'body: expected a finite number or a parameter name, got boolean true',
    );
  });
});

describe('rules: what a schema cannot say', () => {
  const range = withRules(Type.Object({ from: Type.Number(), to: Type.Number() }), (value, path) => {
    if (value.to < value.from) throw new ValidationError(`${path}.to: before from`, { field: `${path}.to` });
    return { ...value, span: value.to - value.from };
  });

  it('run after the schema, and may normalize the value', () => {
    expect(check(range, { from: 1, to: 3 })).toEqual({ from: 1, to: 3, span: 2 });
    expect(refusal(() => check(range, { from: 3, to: 1 }, { path: 'r' })).field).toBe('r.to');
  });

  it('apply alone to a part already checked', () => {
    expect(applyRules(range, { from: 0, to: 1 }, 'r')).toEqual({ from: 0, to: 1, span: 1 });
  });
});

describe('field paths and values in messages', () => {
  it('reads a JSON pointer as a dotted path, telling array indices from numeric keys', () => {
    const value = { detectors: { '0': 'pnr' }, circuit: [{ 'a b': 1 }] };
    expect(pointerToPath('/detectors/0', value)).toBe('detectors["0"]');
    expect(pointerToPath('/circuit/0/a b', value)).toBe('circuit[0]["a b"]');
    expect(pointerToPath('/a~1b', {}, 'body')).toBe('body["a/b"]');
  });

  it('names a JSON value, cutting long strings', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue('probs')).toBe("the string 'probs'");
    expect(describeValue('x'.repeat(41))).toBe(`the string '${'x'.repeat(37)}...'`);
    expect(describeValue(1.5)).toBe('number 1.5');
    expect(describeValue(false)).toBe('boolean false');
    expect(describeValue(undefined)).toBe('undefined');
  });

  it('accepts JSON objects only as plain objects: not arrays, null, or class instances', () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
  });
});
