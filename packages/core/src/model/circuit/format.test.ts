import { describe, expect, it } from 'vitest';
import { formatComplex, formatNumber } from './format.js';

describe('formatNumber', () => {
  it('keeps 6 significant digits and no trailing zeros', () => {
    expect(formatNumber(Math.PI / 4)).toBe('0.785398');
    expect(formatNumber(1)).toBe('1');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(2.5e-7)).toBe('2.5e-7');
  });
});

describe('formatComplex', () => {
  it('writes a+bi, dropping zero parts', () => {
    expect(formatComplex({ re: Math.SQRT1_2, im: Math.SQRT1_2 })).toBe('0.707107+0.707107i');
    expect(formatComplex({ re: 0.5, im: -0.25 })).toBe('0.5-0.25i');
    expect(formatComplex({ re: -1, im: 0 })).toBe('-1');
    expect(formatComplex({ re: 0, im: -1 })).toBe('-1i');
    expect(formatComplex({ re: 0, im: 0 })).toBe('0');
  });

  it('hides floating-point noise such as cos(π/2)', () => {
    expect(formatComplex({ re: Math.cos(Math.PI / 2), im: 1 })).toBe('1i');
  });
});
