import { validationErrorOf } from '@bosonic/core/testing';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { checkQuery } from './query-string.js';
import { problemAt, withRules } from './validator.js';

const pageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    ratio: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    when: Type.Optional(Type.Union([Type.Number(), Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })])),
    verbose: Type.Optional(Type.Boolean()),
    tag: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    name: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

/** The message of the ValidationError that checking `query` throws. */
function refusal(query: Record<string, string | string[]>): string {
  return validationErrorOf(() => checkQuery(pageQuery, query)).message;
}

describe('checkQuery: a query string read as its schema says, checked like a body', () => {
  it('reads numerals as numbers, true/false as booleans and a parameter given once as a one-item array', () => {
    expect(checkQuery(pageQuery, {})).toEqual({});
    expect(
      checkQuery(pageQuery, { limit: '20', ratio: '.5', when: '1764930000', verbose: 'true', tag: 'a' }),
    ).toEqual({ limit: 20, ratio: 0.5, when: 1764930000, verbose: true, tag: ['a'] });
    expect(checkQuery(pageQuery, { tag: ['a', 'b'], when: '2026-12-05', name: '42' })).toEqual({
      tag: ['a', 'b'],
      when: '2026-12-05',
      // A text parameter stays text, even when it reads as a number.
      name: '42',
    });
  });

  it('refuses a negative, fractional, out-of-range or non-numeric limit in the words of a body', () => {
    expect(refusal({ limit: '-5' })).toBe('query.limit: expected an integer from 1 to 1000, got number -5');
    expect(refusal({ limit: '1.5' })).toBe('query.limit: expected an integer from 1 to 1000, got number 1.5');
    expect(refusal({ limit: '1e9' })).toBe(
      'query.limit: expected an integer from 1 to 1000, got number 1000000000',
    );
    expect(refusal({ limit: 'ten' })).toBe(
      "query.limit: expected an integer from 1 to 1000, got the string 'ten'",
    );
    // Not numerals: hexadecimal, infinity, blank, an empty value.
    for (const text of ['0x10', 'Infinity', ' 5', '']) {
      expect(refusal({ limit: text })).toMatch(
        /^query\.limit: expected an integer from 1 to 1000, got the string/,
      );
    }
    expect(refusal({ verbose: 'yes' })).toBe("query.verbose: expected true or false, got the string 'yes'");
  });

  it('refuses a single-valued parameter given twice, naming how many times', () => {
    const error = validationErrorOf(() => checkQuery(pageQuery, { limit: ['1', '2'] }));
    expect(error.field).toBe('query.limit');
    expect(error.message).toBe('query.limit: give this parameter once (it was given 2 times)');
  });

  it('names each item of a repeated parameter', () => {
    expect(validationErrorOf(() => checkQuery(pageQuery, { tag: ['a', ''] })).field).toBe('query.tag[1]');
  });

  it('refuses an unknown parameter, listing the known ones, even one named __proto__', () => {
    expect(refusal({ lmit: '5' })).toBe(
      'query.lmit: unknown key (expected one of: limit, ratio, when, verbose, tag, name)',
    );
    const hostile = JSON.parse('{"__proto__": ["x"]}') as Record<string, string[]>;
    expect(validationErrorOf(() => checkQuery(pageQuery, hostile)).field).toBe('query.__proto__');
  });

  it("applies the schema's rules, under the path given", () => {
    const range = withRules(Type.Object({ from: Type.Integer(), to: Type.Integer() }), (value, path) => {
      if (value.to <= value.from) throw problemAt(`${path}.to`, 'must be larger than from');
      return value;
    });
    expect(checkQuery(range, { from: '1', to: '2' }, 'range')).toEqual({ from: 1, to: 2 });
    expect(validationErrorOf(() => checkQuery(range, { from: '2', to: '1' }, 'range')).message).toBe(
      'range.to: must be larger than from',
    );
    expect(validationErrorOf(() => checkQuery(range, { from: '1' }, 'range')).message).toBe(
      'range.to: required field is missing',
    );
  });
});
