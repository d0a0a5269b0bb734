// Test support, imported by the *.test.ts files only: matrix comparisons that name the element that differs,
// and an assertion on the typed error and the field it names.
import { expect } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import type { Complex } from '../complex.js';
import { ComplexMatrix } from './complex-matrix.js';

/** Asserts `actual` has the shape of `expected` and each real and imaginary part is within `tolerance`. */
export function expectMatrixClose(
  actual: ComplexMatrix,
  expected: ComplexMatrix | ReadonlyArray<ReadonlyArray<Complex | number>>,
  tolerance = 1e-12,
): void {
  const want = expected instanceof ComplexMatrix ? expected : ComplexMatrix.fromRows(expected);
  expect([actual.rows, actual.cols]).toEqual([want.rows, want.cols]);
  for (let r = 0; r < want.rows; r++) {
    for (let c = 0; c < want.cols; c++) {
      const a = actual.get(r, c);
      const w = want.get(r, c);
      const where = `element (${r}, ${c}): got ${a.re}${a.im >= 0 ? '+' : ''}${a.im}i, want ${w.re}${w.im >= 0 ? '+' : ''}${w.im}i`;
      expect(Math.abs(a.re - w.re), where).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(a.im - w.im), where).toBeLessThanOrEqual(tolerance);
    }
  }
}

/** `e^{iφ}` as a Complex. */
export function expi(phi: number): Complex {
  return { re: Math.cos(phi), im: Math.sin(phi) };
}

/** The product of two complex numbers. */
export function cmul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** Asserts `action` throws a ValidationError whose `field` is `field` (and whose message matches `message`). */
export function expectValidationError(
  action: () => unknown,
  field: string,
  message?: RegExp,
): ValidationError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  const error = thrown as ValidationError;
  expect(error.field).toBe(field);
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}
