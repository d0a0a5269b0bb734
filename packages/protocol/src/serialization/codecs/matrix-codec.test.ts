import { ComplexMatrix, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';

describe(':PCVL:Matrix', () => {
  it('round-trips a complex matrix row by row, uncompressed by default', () => {
    const matrix = ComplexMatrix.fromRows([
      [{ re: 1, im: -2 }, 0.5],
      [
        { re: 0, im: 3 },
        { re: -4, im: 0.25 },
      ],
      [7, 8],
    ]);
    const text = serialize(matrix) as string;
    expect(text.startsWith(':PCVL:Matrix:')).toBe(true);
    const back = deserialize(text) as ComplexMatrix;
    expect([back.rows, back.cols]).toEqual([3, 2]);
    expect(back.equals(matrix)).toBe(true);
    expect(back.get(1, 0)).toEqual({ re: 0, im: 3 });
  });

  it('refuses a matrix whose element count does not match its shape', () => {
    // Matrix{rows:2, cols:2, numeric{data:[{}]}}
    expect(() => deserialize(':PCVL:Matrix:CAIQAhoCCgA=')).toThrow(ValidationError);
    expect(() => deserialize(':PCVL:Matrix:CAIQAhoCCgA=')).toThrow(/holds 1 elements, a 2×2 matrix needs 4/);
  });
});
