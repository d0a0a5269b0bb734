import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import {
  array,
  describeValue,
  isPlainObject,
  literal,
  nullable,
  number,
  object,
  optional,
  record,
  string,
  tuple,
  validator,
} from './schema.js';

describe('the schema helper', () => {
  const person = validator(
    object(
      {
        name: string({ nonEmpty: true }),
        age: optional(number({ integer: true, min: 0 })),
        role: literal('admin', 'user'),
        tags: optional(array(string())),
        scores: optional(record(number())),
        pair: optional(tuple(string(), number())),
        note: optional(nullable(string())),
      },
      { unknownKeys: 'reject' },
    ),
  );

  it('returns the value when it matches, leaving absent optional keys absent', () => {
    expect(person({ name: 'Ada', role: 'admin' })).toEqual({ name: 'Ada', role: 'admin' });
    expect(person({ name: 'Ada', role: 'user', age: 36, pair: ['x', 1], note: null })).toMatchObject({
      pair: ['x', 1],
      note: null,
    });
  });

  it.each([
    [{ role: 'admin' }, 'name', 'required field is missing'],
    [{ name: 'Ada', role: 'root' }, 'role', "one of 'admin', 'user'"],
    [{ name: 'Ada', role: 'user', age: -1 }, 'age', 'an integer ≥ 0'],
    [{ name: 'Ada', role: 'user', tags: ['a', 2] }, 'tags[1]', 'a string'],
    [{ name: 'Ada', role: 'user', scores: { 'x y': 'high' } }, 'scores["x y"]', 'a finite number'],
    [{ name: 'Ada', role: 'user', pair: ['x'] }, 'pair', 'an array of 2 items'],
    [{ name: 'Ada', role: 'user', other: 1 }, 'other', 'unknown field'],
  ])('refuses %j naming %s', (value, field, message) => {
    try {
      person(value);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as Error).message).toContain(message);
    }
  });

  it('refuses class instances where a plain object is expected', () => {
    expect(() => person(new Date())).toThrow('body: expected an object');
  });
});

describe('describeValue', () => {
  it('names a JSON value for an error message, cutting long strings', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue('probs')).toBe("the string 'probs'");
    expect(describeValue('x'.repeat(41))).toBe(`the string '${'x'.repeat(37)}...'`);
    expect(describeValue(1.5)).toBe('number 1.5');
    expect(describeValue(false)).toBe('boolean false');
    expect(describeValue(undefined)).toBe('undefined');
  });
});

describe('isPlainObject', () => {
  it('accepts JSON objects only: not arrays, null, or class instances', () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(JSON.parse('{"job_id": "a1"}'))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
    expect(isPlainObject('{}')).toBe(false);
  });
});
