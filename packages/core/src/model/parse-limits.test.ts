import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { DEFAULT_PARSE_LIMITS, resolveLimits, textExcerpt, textTooLong } from './parse-limits.js';

describe('parse limits', () => {
  it('default to bounds far above any simulable experiment', () => {
    expect(DEFAULT_PARSE_LIMITS).toEqual({
      maxModes: 4096,
      maxPhotons: 4096,
      maxDepth: 64,
      maxStringLength: 4_194_304,
    });
    expect(Object.isFrozen(DEFAULT_PARSE_LIMITS)).toBe(true);
  });

  it('complete the given limits with the defaults; Infinity lifts a bound', () => {
    expect(
      resolveLimits({ maxModes: 24, maxPhotons: Number.POSITIVE_INFINITY }, DEFAULT_PARSE_LIMITS),
    ).toEqual({
      ...DEFAULT_PARSE_LIMITS,
      maxModes: 24,
      maxPhotons: Number.POSITIVE_INFINITY,
    });
    expect(resolveLimits(undefined, DEFAULT_PARSE_LIMITS)).toBe(DEFAULT_PARSE_LIMITS);
  });

  it('refuse a limit that is not a positive integer, or that does not exist, naming it', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, '24', null]) {
      expect(() => resolveLimits({ maxModes: bad as number }, DEFAULT_PARSE_LIMITS)).toThrow(
        expect.objectContaining({ field: 'limits.maxModes', code: 'ERR_VALIDATION' }),
      );
    }
    expect(() => resolveLimits({ maxMode: 3 } as never, DEFAULT_PARSE_LIMITS)).toThrow(
      expect.objectContaining({ field: 'limits.maxMode' }),
    );
    expect(() => resolveLimits(7 as never, DEFAULT_PARSE_LIMITS)).toThrow(ValidationError);
  });

  it('quote at most 60 characters of a text in messages', () => {
    expect(textExcerpt('|1,0>')).toBe('"|1,0>"');
    expect(textExcerpt('x'.repeat(10_000))).toBe(`"${'x'.repeat(57)}..."`);
  });
});

describe('textTooLong', () => {
  it('names the text, its length when known, the limit and the field', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxStringLength: 10 };
    const known = textTooLong('A BasicState text', limits, 'state', 12);
    expect(known).toBeInstanceOf(ValidationError);
    expect(known.field).toBe('state');
    expect(known.message).toBe(
      'A BasicState text is 12 characters long, more than the limit of 10 characters (maxStringLength)',
    );
    expect(textTooLong('A streamed text', limits, 'body').message).toBe(
      'A streamed text is longer than the limit of 10 characters (maxStringLength)',
    );
  });
});
