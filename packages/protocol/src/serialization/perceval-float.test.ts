import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { formatPercevalFloat, roundHalfEven } from './perceval-float.js';

// Every expected string below was produced by Perceval's own `simple_float(x, nsimplify=False)[1]`
// (perceval/utils/format.py, Python 3.11 + sympy 1.14).
const PERCEVAL_OUTPUT: [number, string][] = [
  [0, '0'],
  [1, '1'],
  [0.5, '0.5'],
  [0.487179, '0.487179'],
  [0.001923, '0.001923'],
  [0.0001234567, '1.234567e-4'],
  [0.00012345678, '1.234568e-4'],
  [1 / 3, '0.333333'],
  [2 / 3, '0.666667'],
  [0.9999999, '1'],
  [0.99999949, '0.999999'],
  [0.9999995, '1'],
  [1e-7, '1e-7'],
  [123.456789, '123.456789'],
  [-0.5, '-0.5'],
  [-1e-9, '-1e-9'],
  [0.0010005, '0.001001'],
  [5e-7, '5e-7'],
  [2.5e-6, '2.5e-6'],
  [4841, '4841'],
  [0.3333335, '0.333334'],
  [0.0009999999, '9.999999e-4'],
  [0.0099999995, '0.01'],
  [0.0125, '0.0125'],
  [1e15, '1.00000000000000e+15'],
  [1.5e16, '1.50000000000000e+16'],
  [0.38639895265345636, '0.386399'],
  [1 / 9, '0.111111'],
  [2 / 27, '0.074074'],
];

describe('formatPercevalFloat (Perceval simple_float, nsimplify=False)', () => {
  it.each(PERCEVAL_OUTPUT)('writes %d as %s', (value, text) => {
    expect(formatPercevalFloat(value)).toBe(text);
  });

  it('reads back within the 1e-6 rounding of Perceval', () => {
    for (const [value] of PERCEVAL_OUTPUT) {
      if (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e6) {
        expect(Math.abs(Number(formatPercevalFloat(value)) - value)).toBeLessThanOrEqual(5e-7 + 1e-12);
      }
    }
  });

  it('refuses NaN and infinities, as Python round() does', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => formatPercevalFloat(value)).toThrow(ValidationError);
    }
  });
});

describe('formatPercevalFloat of huge values', () => {
  it('writes numbers whose scaling by 1e6 overflows as they are (found by the codec fuzzer: it wrote I.nfinity)', () => {
    expect(formatPercevalFloat(0.0019231e308)).toBe('1.92310000000000e+305');
    // 15 significant digits of the largest double would read back as Infinity: it keeps all of them.
    expect(formatPercevalFloat(-Number.MAX_VALUE)).toBe('-1.7976931348623157e+308');
    // Perceval would write 1.00000000000000e+3 (it strips zeros after the exponent too), which reads back as 1000.
    expect(formatPercevalFloat(1e300)).toBe('1.00000000000000e+300');
    expect(formatPercevalFloat(2e20)).toBe('2.00000000000000e+20');
  });
});

describe('roundHalfEven (Python round)', () => {
  it('sends ties to the even neighbour', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 3.4999, 3.5001].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, 3, 4]);
  });
});
