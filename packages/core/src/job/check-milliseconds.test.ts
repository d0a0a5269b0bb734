import { describe, expect, it } from 'vitest';
import { refusedField, validationErrorOf } from '../testing/thrown.js';
import { checkMilliseconds } from './check-milliseconds.js';

describe('checkMilliseconds', () => {
  it('takes a finite number of milliseconds, zero and fractions included', () => {
    expect(checkMilliseconds(0, 'delayMs')).toBe(0);
    expect(checkMilliseconds(2.5, 'delayMs')).toBe(2.5);
    expect(checkMilliseconds(5000, 'pollIntervalMs')).toBe(5000);
  });

  it('refuses a negative, infinite or non-numeric value, naming the field', () => {
    for (const value of [-1, Number.NaN, Infinity, '10', null, undefined]) {
      expect(refusedField(() => checkMilliseconds(value, 'refreshIntervalMs'))).toBe('refreshIntervalMs');
    }
    expect(validationErrorOf(() => checkMilliseconds(-1, 'pollIntervalMs')).message).toBe(
      'pollIntervalMs must be a number of milliseconds >= 0 (got -1)',
    );
  });
});
