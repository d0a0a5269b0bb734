import { describe, expect, it } from 'vitest';
import { ComplexMatrix } from './complex-matrix.js';
import { expectMatrixClose, expectValidationError } from './expectations.js';
import { UNITARY_TOLERANCE, Unitary } from './unitary.js';

const h = Math.SQRT1_2;

describe('Unitary', () => {
  it('wraps a unitary matrix', () => {
    const matrix = ComplexMatrix.fromRows([
      [h, { re: 0, im: h }, 0],
      [{ re: 0, im: h }, h, 0],
      [0, 0, { re: 0, im: 1 }],
    ]);
    const u = new Unitary(matrix);
    expect(u.m).toBe(3);
    expect(u.name).toBe('Unitary');
    expectMatrixClose(u.computeUnitary(), matrix);
    expect(new Unitary(matrix, { name: 'U1' }).describe()).toBe("Unitary(3×3 matrix, name='U1')");
  });

  it('copies the matrix, so later changes to the caller’s matrix do not leak in', () => {
    const matrix = ComplexMatrix.identity(2);
    const u = new Unitary(matrix);
    matrix.set(0, 0, { re: 5, im: 0 });
    u.computeUnitary().set(1, 1, { re: 7, im: 0 });
    u.matrix.set(1, 0, { re: 7, im: 0 });
    expectMatrixClose(u.computeUnitary(), [
      [1, 0],
      [0, 1],
    ]);
  });

  it('rejects non-square and non-unitary matrices', () => {
    expectValidationError(() => new Unitary(ComplexMatrix.zeros(2, 3)), 'matrix', /square/);
    expectValidationError(
      () =>
        new Unitary(
          ComplexMatrix.fromRows([
            [1, 1],
            [0, 1],
          ]),
        ),
      'matrix',
      /not unitary/,
    );
    expectValidationError(() => new Unitary(ComplexMatrix.fromRows([[2]])), 'matrix');
    expectValidationError(() => new Unitary([[1]] as unknown as ComplexMatrix), 'matrix');
  });
});

describe('UNITARY_TOLERANCE', () => {
  it('accepts a matrix whose U†U is within 1e-6 of I (rounded input), and refuses one beyond it', () => {
    expect(UNITARY_TOLERANCE).toBe(1e-6);
    // Scaling a unitary by 1 + ε puts U†U at (1 + ε)²·I: about 2ε off the identity.
    const nearly = ComplexMatrix.randomUnitary(4, 2).scale(1 + UNITARY_TOLERANCE / 4);
    expect(new Unitary(nearly).m).toBe(4);
    const beyond = ComplexMatrix.randomUnitary(4, 2).scale(1 + UNITARY_TOLERANCE);
    expect(() => new Unitary(beyond)).toThrow(/not unitary \(U†U ≠ I to 0.000001\)/);
  });
});
