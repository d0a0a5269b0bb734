import { describe, expect, it } from 'vitest';
import { ComplexMatrix } from '../circuit/complex-matrix.js';
import { haarUnitaryData } from './haar-unitary.js';
import { hermitianEigen } from './hermitian-eigen.js';
import { hermitianFunction, largestSingularValue, psdSqrt, unitaryDilation } from './matrix-functions.js';

describe('ComplexMatrix.randomUnitary', () => {
  it('is unitary to machine precision up to 64 modes and reproducible from its seed', () => {
    for (const n of [1, 2, 7, 20, 64]) expect(ComplexMatrix.randomUnitary(n, n).isUnitary(1e-12)).toBe(true);
    expect(ComplexMatrix.randomUnitary(5, 3).equals(ComplexMatrix.randomUnitary(5, 3))).toBe(true);
    expect(ComplexMatrix.randomUnitary(5, 3).equals(ComplexMatrix.randomUnitary(5, 4))).toBe(false);
  });

  it('refuses a bad size or seed', () => {
    expect(() => ComplexMatrix.randomUnitary(0, 1)).toThrow(/positive integer size/);
    expect(() => ComplexMatrix.randomUnitary(2, 0.5)).toThrow(/seed/);
  });
});

describe('hermitianEigen', () => {
  it('finds the eigenvalues of Pauli Y (−1, 1) and reconstructs a random Hermitian matrix', () => {
    const y = ComplexMatrix.fromRows([
      [0, { re: 0, im: -1 }],
      [{ re: 0, im: 1 }, 0],
    ]);
    expect(hermitianEigen(y).values.map((v) => Number(v.toFixed(12)))).toEqual([-1, 1]);
    const u = ComplexMatrix.randomUnitary(6, 9);
    const d = ComplexMatrix.zeros(6, 6);
    for (const [i, v] of [3, -1, 0.5, 0, 2, 2].entries()) d.set(i, i, { re: v, im: 0 });
    const h = u.multiply(d).multiply(u.conjugateTranspose());
    const { values, vectors } = hermitianEigen(h);
    expect(values.map((v) => Number(v.toFixed(10)))).toEqual([-1, 0, 0.5, 2, 2, 3]);
    const back = ComplexMatrix.zeros(6, 6);
    for (const [i, v] of values.entries()) back.set(i, i, { re: v, im: 0 });
    expect(vectors.multiply(back).multiply(vectors.conjugateTranspose()).equals(h, 1e-10)).toBe(true);
  });

  it('refuses a matrix that is not Hermitian', () => {
    expect(() =>
      hermitianEigen(
        ComplexMatrix.fromRows([
          [0, 1],
          [0, 0],
        ]),
      ),
    ).toThrow(/not Hermitian/);
  });
});

describe('matrix functions', () => {
  it('psdSqrt squares back to the matrix', () => {
    const a = ComplexMatrix.randomUnitary(4, 2);
    const psd = a.multiply(a.conjugateTranspose()).scale(0.3);
    const root = psdSqrt(psd);
    expect(root.multiply(root).equals(psd, 1e-12)).toBe(true);
  });

  it('unitaryDilation embeds M/σ in the top-left block of a unitary', () => {
    const m = ComplexMatrix.fromRows([
      [1, 0.5],
      [{ re: 0, im: 0.5 }, -1],
    ]);
    const u = unitaryDilation(m);
    expect(u.isUnitary(1e-12)).toBe(true);
    const ratio = u.get(0, 0).re / 1;
    expect(u.get(1, 1).re).toBeCloseTo(-ratio, 12);
    expect(u.get(0, 1).re).toBeCloseTo(0.5 * ratio, 12);
  });
});

describe('hermitianFunction and largestSingularValue', () => {
  it('apply f to the eigenvalues: f(λ) = λ² squares the matrix, f = 1 gives I, exp(iθZ) is diagonal', () => {
    const h = ComplexMatrix.fromRows([
      [2, { re: 1, im: -1 }],
      [{ re: 1, im: 1 }, -1],
    ]);
    expect(hermitianFunction(h, (l) => l * l).equals(h.multiply(h), 1e-12)).toBe(true);
    expect(hermitianFunction(h, () => 1).equals(ComplexMatrix.identity(2), 1e-12)).toBe(true);
    const z = ComplexMatrix.fromRows([
      [1, 0],
      [0, -1],
    ]);
    // A real f of Z: diag(f(1), f(−1)).
    expect(
      hermitianFunction(z, Math.exp).equals(
        ComplexMatrix.fromRows([
          [Math.E, 0],
          [0, 1 / Math.E],
        ]),
        1e-12,
      ),
    ).toBe(true);
    expect(() =>
      hermitianFunction(
        ComplexMatrix.fromRows([
          [0, 1],
          [0, 0],
        ]),
        (l) => l,
      ),
    ).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });

  it('largestSingularValue is the spectral norm: 5 for diag(3, −5i), 1 for a unitary, 0 for zero', () => {
    expect(
      largestSingularValue(
        ComplexMatrix.fromRows([
          [3, 0],
          [0, { re: 0, im: -5 }],
        ]),
      ),
    ).toBeCloseTo(5, 12);
    expect(largestSingularValue(ComplexMatrix.randomUnitary(6, 4))).toBeCloseTo(1, 12);
    expect(largestSingularValue(new ComplexMatrix(3, 3))).toBe(0);
    // The rank-one matrix u·vᵀ with u = (1, 1), v = (1, 2) has a single singular value |u|·|v| = √2·√5.
    expect(
      largestSingularValue(
        ComplexMatrix.fromRows([
          [1, 2],
          [1, 2],
        ]),
      ),
    ).toBeCloseTo(Math.sqrt(10), 12);
  });
});

describe('haarUnitaryData', () => {
  it('is the interleaved data of a unitary, the same for a seed, different for another', () => {
    const data = haarUnitaryData(5, 11);
    expect(data).toHaveLength(2 * 5 * 5);
    expect(new ComplexMatrix(5, 5, data).isUnitary(1e-12)).toBe(true);
    expect(haarUnitaryData(5, 11)).toEqual(data);
    expect(haarUnitaryData(5, 12)).not.toEqual(data);
    expect(ComplexMatrix.randomUnitary(5, 11).data).toEqual(data);
  });
});
