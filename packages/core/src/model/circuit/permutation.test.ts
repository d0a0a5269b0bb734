import { describe, expect, it } from 'vitest';
import { expectMatrixClose, expectValidationError } from './expectations.js';
import { PERM } from './permutation.js';

describe('PERM', () => {
  it('PERM([2,3,1,0]) sends input mode i to output mode perm[i]: 0→2, 1→3, 2→1, 3→0', () => {
    const u = new PERM([2, 3, 1, 0]).computeUnitary();
    // U[out, in] = 1 exactly where out = perm[in].
    expectMatrixClose(u, [
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
    for (const [input, output] of [
      [0, 2],
      [1, 3],
      [2, 1],
      [3, 0],
    ] as const) {
      expect(u.get(output, input)).toEqual({ re: 1, im: 0 });
    }
  });

  it('keeps its permutation vector', () => {
    const perm = new PERM([1, 0]);
    expect(perm.m).toBe(2);
    expect(perm.perm).toEqual([1, 0]);
    expect(perm.describe()).toBe('PERM([1, 0])');
    expect(perm.getParameters()).toEqual([]);
  });

  it('rejects anything that is not a permutation of 0…n−1, naming the entry', () => {
    expectValidationError(() => new PERM([]), 'perm');
    expectValidationError(() => new PERM([0, 0]), 'perm[1]', /not a permutation/);
    expectValidationError(() => new PERM([1, 2]), 'perm[1]');
    expectValidationError(() => new PERM([0, 1.5]), 'perm[1]');
    expectValidationError(() => new PERM([-1, 0]), 'perm[0]');
  });
});
