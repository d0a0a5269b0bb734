import { describe, expect, it } from 'vitest';
import { formatSignificant } from './format-number.js';

describe('formatSignificant (printf %g)', () => {
  it('keeps the requested significant digits and drops trailing zeros', () => {
    expect(formatSignificant(1 / Math.sqrt(3), 3)).toBe('0.577');
    expect(formatSignificant(0.5, 3)).toBe('0.5');
    expect(formatSignificant(0.9714, 6)).toBe('0.9714');
    expect(formatSignificant(1 / 35, 6)).toBe('0.0285714');
    expect(formatSignificant(1, 6)).toBe('1');
    expect(formatSignificant(-0.9033, 3)).toBe('-0.903');
    expect(formatSignificant(123.456, 6)).toBe('123.456');
  });

  it('switches to scientific notation below 1e-4 and from 10^digits', () => {
    expect(formatSignificant(0.0001, 3)).toBe('0.0001');
    expect(formatSignificant(0.00001234, 3)).toBe('1.23e-05');
    expect(formatSignificant(1.5e-7, 6)).toBe('1.5e-07');
    expect(formatSignificant(1234567, 6)).toBe('1.23457e+06');
    expect(formatSignificant(2e-120, 3)).toBe('2e-120');
  });

  it('accounts for rounding that carries into the next power of ten', () => {
    expect(formatSignificant(0.99999, 3)).toBe('1');
    expect(formatSignificant(9.9999e-5, 3)).toBe('0.0001');
  });

  it('prints zero and non-finite values as C does', () => {
    expect(formatSignificant(0, 3)).toBe('0');
    expect(formatSignificant(Number.NaN, 3)).toBe('nan');
    expect(formatSignificant(Number.POSITIVE_INFINITY, 3)).toBe('inf');
  });
});
