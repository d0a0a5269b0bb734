import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import {
  checkIntegerInRange,
  checkNonNegativeInteger,
  checkPositiveInteger,
  optionalPositiveInteger,
} from './integer-checks.js';

describe('integer checks', () => {
  it('accept zero as non-negative, and refuse negatives and fractions', () => {
    expect(checkNonNegativeInteger(0, 'n')).toBe(0);
    expect(() => checkNonNegativeInteger(-1, 'n')).toThrow(expect.objectContaining({ field: 'n' }));
    expect(() => checkNonNegativeInteger(0.5, 'n')).toThrow(ValidationError);
  });

  it('accept positive safe integers', () => {
    expect(checkPositiveInteger(1, 'maxSamples')).toBe(1);
    expect(checkPositiveInteger(2 ** 53 - 1, 'maxSamples')).toBe(2 ** 53 - 1);
    expect(optionalPositiveInteger(7, 'maxShots')).toBe(7);
  });

  it.each([0, -1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '3', null])(
    'refuse %s, naming the field',
    (value) => {
      expect(() => checkPositiveInteger(value, 'maxSamples')).toThrow(
        expect.objectContaining({ name: 'ValidationError', field: 'maxSamples' }),
      );
    },
  );

  it('treat undefined and null as not given when optional', () => {
    expect(optionalPositiveInteger(undefined, 'maxShots')).toBeUndefined();
    expect(optionalPositiveInteger(null, 'maxShots')).toBeUndefined();
    expect(() => optionalPositiveInteger(0, 'maxShots')).toThrow(ValidationError);
  });

  it('accept an integer within a range, bounds included, and name the range in a refusal', () => {
    expect(checkIntegerInRange(1, 'threads', 1, 1024)).toBe(1);
    expect(checkIntegerInRange(1024, 'threads', 1, 1024)).toBe(1024);
    for (const value of [0, 1025, 2.5, Number.NaN, '8']) {
      expect(() => checkIntegerInRange(value, 'threads', 1, 1024)).toThrow(
        expect.objectContaining({ name: 'ValidationError', field: 'threads' }),
      );
    }
    expect(() => checkIntegerInRange(0, 'threads', 1, 1024)).toThrow(
      'threads must be an integer from 1 to 1024 (got 0)',
    );
  });
});
