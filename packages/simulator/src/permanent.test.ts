import { ComplexMatrix, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { MAX_PERMANENT_SIZE, permanent } from './permanent.js';

/** Deterministic uniform numbers in [-1, 1) (mulberry32), so failures reproduce. */
function randomMatrix(n: number, seed: number): ComplexMatrix {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
  const data = new Float64Array(2 * n * n);
  for (let i = 0; i < data.length; i++) data[i] = next();
  return new ComplexMatrix(n, n, data);
}

/** The definition, Σ over permutations σ of Π_i A[i, σ(i)], by recursion over columns left. */
function bruteForcePermanent(a: ComplexMatrix): { re: number; im: number } {
  const n = a.rows;
  const used = new Array<boolean>(n).fill(false);
  const walk = (row: number, re: number, im: number): { re: number; im: number } => {
    if (row === n) return { re, im };
    let sumRe = 0;
    let sumIm = 0;
    for (let col = 0; col < n; col++) {
      if (used[col]) continue;
      used[col] = true;
      const z = a.get(row, col);
      const sub = walk(row + 1, re * z.re - im * z.im, re * z.im + im * z.re);
      sumRe += sub.re;
      sumIm += sub.im;
      used[col] = false;
    }
    return { re: sumRe, im: sumIm };
  };
  return walk(0, 1, 0);
}

describe('permanent', () => {
  it('of [[1,2],[3,4]] is 1·4 + 2·3 = 10', () => {
    expect(
      permanent(
        ComplexMatrix.fromRows([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toEqual({ re: 10, im: 0 });
  });

  it('of the empty matrix is 1 and of a 1×1 matrix its entry', () => {
    expect(permanent(ComplexMatrix.zeros(0, 0))).toEqual({ re: 1, im: 0 });
    expect(permanent(ComplexMatrix.fromRows([[{ re: 0.5, im: -2 }]]))).toEqual({ re: 0.5, im: -2 });
  });

  it('of the all-ones n×n matrix is n! (perm(ones(20)) = 2.43290200817664e18 as in The Walrus)', () => {
    const ones = (n: number): ComplexMatrix =>
      ComplexMatrix.fromRows(Array.from({ length: n }, () => Array(n).fill(1)));
    expect(permanent(ones(6)).re).toBe(720);
    const p20 = permanent(ones(20), { threads: 2 });
    expect(Math.abs(p20.re - 2.43290200817664e18) / 2.43290200817664e18).toBeLessThan(1e-12);
    expect(p20.im).toBe(0);
  });

  it('matches the definition on random complex matrices up to 8×8, with 1 and 2 threads', () => {
    for (let n = 1; n <= 8; n++) {
      const a = randomMatrix(n, 1000 + n);
      const expected = bruteForcePermanent(a);
      for (const threads of [1, 2]) {
        const got = permanent(a, { threads });
        const scale = Math.max(1, Math.hypot(expected.re, expected.im));
        expect(Math.abs(got.re - expected.re) / scale).toBeLessThan(1e-12);
        expect(Math.abs(got.im - expected.im) / scale).toBeLessThan(1e-12);
      }
    }
  });

  it('gives the same value whatever the thread count (n = 16)', () => {
    const a = randomMatrix(16, 7);
    const one = permanent(a, { threads: 1 });
    const two = permanent(a, { threads: 2 });
    const scale = Math.hypot(one.re, one.im);
    expect(Math.abs(one.re - two.re) / scale).toBeLessThan(1e-10);
    expect(Math.abs(one.im - two.im) / scale).toBeLessThan(1e-10);
  });

  it('refuses non-square matrices with a ValidationError naming the matrix', () => {
    const error = (() => {
      try {
        permanent(ComplexMatrix.zeros(2, 3));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('matrix');
    expect((error as ValidationError).message).toMatch(/square/);
  });

  it('refuses non-finite entries, absurd sizes and bad thread counts with typed errors', () => {
    const nan = ComplexMatrix.fromRows([
      [1, 2],
      [3, 4],
    ]);
    nan.data[3] = Number.NaN;
    expect(() => permanent(nan)).toThrow(ValidationError);
    expect(MAX_PERMANENT_SIZE).toBe(40);
    expect(() => permanent(ComplexMatrix.zeros(MAX_PERMANENT_SIZE + 1, MAX_PERMANENT_SIZE + 1))).toThrow(
      'The permanent of a 41×41 matrix is out of reach (at most 40)',
    );
    for (const threads of [0, -1, 1.5, Number.NaN, 5000]) {
      expect(() => permanent(ComplexMatrix.zeros(2, 2), { threads })).toThrow(ValidationError);
    }
    expect(() => permanent({} as ComplexMatrix)).toThrow(ValidationError);
  });

  it('scales matrices of huge or tiny entries, and refuses a permanent beyond f64 instead of returning NaN', () => {
    const filled = (n: number, value: number): ComplexMatrix =>
      ComplexMatrix.fromRows(Array.from({ length: n }, () => Array(n).fill(value)));
    // perm of the n×n all-c matrix is n!·cⁿ. 3!·(2e102)³ = 4.8e307 fits in f64, although Glynn's largest product
    // of row sums, (3·2e102)³ = 2.16e308, does not.
    const big = permanent(filled(3, 2e102));
    expect(Math.abs(big.re / 4.8e307 - 1)).toBeLessThan(1e-14);
    expect(big.im).toBe(0);
    const tiny = permanent(filled(4, 1e-70));
    expect(Math.abs(tiny.re / 2.4e-279 - 1)).toBeLessThan(1e-13);
    // The attack of issue 14: 3!·(1e300)³ = 6e900 is no f64; the answer is an error saying so, not NaN.
    let error: unknown;
    try {
      permanent(filled(3, 1e300));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('matrix');
    expect((error as ValidationError).message).toMatch(/about 1e900, beyond the largest f64/);
  });
});
