import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { pythonFloatRepr } from './python-float.js';

// Expected strings are Python 3.11's repr() of the same floats.
const PYTHON_REPR: [number, string][] = [
  [0, '0.0'],
  [-0, '-0.0'],
  [1, '1.0'],
  [0.5, '0.5'],
  [0.85, '0.85'],
  [0.05, '0.05'],
  [1e-5, '1e-05'],
  [1.5e-5, '1.5e-05'],
  [0.0001, '0.0001'],
  [0.00012, '0.00012'],
  [123, '123.0'],
  [-2.5, '-2.5'],
  [0.1 + 0.2, '0.30000000000000004'],
  [9999999999999998, '9999999999999998.0'],
  [1e16, '1e+16'],
  [1.5e16, '1.5e+16'],
  [1e22, '1e+22'],
  [1e-300, '1e-300'],
  [5e-324, '5e-324'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
];

describe('pythonFloatRepr', () => {
  it.each(PYTHON_REPR)('writes %d as %s', (value, text) => {
    expect(pythonFloatRepr(value)).toBe(text);
  });

  it('round-trips through Number()', () => {
    for (const [value] of PYTHON_REPR) expect(Number(pythonFloatRepr(value))).toBe(value);
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => pythonFloatRepr(Number.NaN)).toThrow(ValidationError);
    expect(() => pythonFloatRepr(Number.POSITIVE_INFINITY)).toThrow(ValidationError);
  });
});
