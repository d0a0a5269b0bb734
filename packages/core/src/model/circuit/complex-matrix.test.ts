import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from './complex-matrix.js';
import { expectMatrixClose, expectValidationError } from './expectations.js';

const h = Math.SQRT1_2;
/** The 50:50 Rx beam splitter, a unitary with complex entries. */
const rx = () =>
  ComplexMatrix.fromRows([
    [h, { re: 0, im: h }],
    [{ re: 0, im: h }, h],
  ]);

describe('ComplexMatrix storage', () => {
  it('interleaves real and imaginary parts row by row', () => {
    const m = ComplexMatrix.fromRows([
      [1, { re: 2, im: 3 }],
      [{ re: 4, im: -5 }, 6],
      [0, { re: 0, im: 7 }],
    ]);
    expect([m.rows, m.cols]).toEqual([3, 2]);
    expect([...m.data]).toEqual([1, 0, 2, 3, 4, -5, 6, 0, 0, 0, 0, 7]);
    expect(m.get(1, 0)).toEqual({ re: 4, im: -5 });
    expect(m.toRows()[2]).toEqual([
      { re: 0, im: 0 },
      { re: 0, im: 7 },
    ]);
  });

  it('adopts a given Float64Array without copying', () => {
    const data = Float64Array.of(1, 2, 3, 4);
    const m = new ComplexMatrix(1, 2, data);
    data[2] = 9;
    expect(m.get(0, 1)).toEqual({ re: 9, im: 4 });
  });

  it('builds identities and zeros', () => {
    expectMatrixClose(ComplexMatrix.identity(3), [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect([...ComplexMatrix.zeros(2, 3).data]).toEqual(new Array(12).fill(0));
  });

  it('sets elements and chains', () => {
    const m = ComplexMatrix.zeros(2, 2).set(0, 1, { re: 1, im: -1 }).set(1, 0, { re: 2, im: 0 });
    expect(m.toRows()).toEqual([
      [
        { re: 0, im: 0 },
        { re: 1, im: -1 },
      ],
      [
        { re: 2, im: 0 },
        { re: 0, im: 0 },
      ],
    ]);
  });
});

describe('ComplexMatrix validation', () => {
  it('rejects bad sizes and data of the wrong length', () => {
    expect(() => new ComplexMatrix(-1, 2)).toThrow(ValidationError);
    expectValidationError(() => new ComplexMatrix(1.5, 2), 'rows');
    expectValidationError(() => new ComplexMatrix(2, 2, new Float64Array(7)), 'data', /needs 8/);
  });

  it('fromRows names the ragged row or the element that is not a finite number', () => {
    expect(() => ComplexMatrix.fromRows([])).toThrow(ValidationError);
    expectValidationError(() => ComplexMatrix.fromRows([[1, 2], [3]]), 'rows[1]');
    expectValidationError(() => ComplexMatrix.fromRows([[1, { re: 0, im: Number.NaN }]]), 'rows[0][1].im');
    expectValidationError(() => ComplexMatrix.fromRows([[Number.POSITIVE_INFINITY]]), 'rows[0][0].re');
    expect(() => ComplexMatrix.fromRows([['1' as unknown as number]])).toThrow(ValidationError);
  });

  it('rejects indices outside the matrix', () => {
    const m = ComplexMatrix.identity(2);
    expectValidationError(() => m.get(2, 0), 'row');
    expectValidationError(() => m.get(0, -1), 'col');
    expect(() => m.set(0, 0, { re: Number.NaN, im: 0 })).toThrow(ValidationError);
  });
});

describe('ComplexMatrix arithmetic', () => {
  it('multiplies complex matrices as A·B', () => {
    const a = ComplexMatrix.fromRows([
      [{ re: 1, im: 1 }, 2],
      [0, { re: 0, im: 1 }],
    ]);
    const b = ComplexMatrix.fromRows([
      [{ re: 0, im: 1 }, 1, 0],
      [1, { re: 1, im: -1 }, 3],
    ]);
    // (1+i)·i + 2·1 = 1+i;  (1+i)·1 + 2·(1−i) = 3−i;  0 + 2·3 = 6;  i·1 = i;  i·(1−i) = 1+i;  3i
    expectMatrixClose(a.multiply(b), [
      [{ re: 1, im: 1 }, { re: 3, im: -1 }, 6],
      [
        { re: 0, im: 1 },
        { re: 1, im: 1 },
        { re: 0, im: 3 },
      ],
    ]);
  });

  it('refuses a product of mismatched shapes', () => {
    expect(() => ComplexMatrix.identity(2).multiply(ComplexMatrix.identity(3))).toThrow(ValidationError);
  });

  it('conjugate-transposes', () => {
    const a = ComplexMatrix.fromRows([[{ re: 1, im: 2 }, 3, { re: 0, im: -4 }]]);
    expectMatrixClose(a.conjugateTranspose(), [[{ re: 1, im: -2 }], [3], [{ re: 0, im: 4 }]]);
  });

  it('recognises unitary matrices', () => {
    const u = rx();
    expect(u.isUnitary()).toBe(true);
    expectMatrixClose(u.conjugateTranspose().multiply(u), ComplexMatrix.identity(2), 1e-15);
    expect(
      ComplexMatrix.fromRows([
        [1, 1],
        [0, 1],
      ]).isUnitary(),
    ).toBe(false);
    expect(ComplexMatrix.zeros(2, 3).isUnitary()).toBe(false);
    // A perturbation below the tolerance is accepted, one above it is not.
    const nearly = u.clone().set(0, 0, { re: h + 1e-8, im: 0 });
    expect(nearly.isUnitary()).toBe(true);
    expect(nearly.isUnitary(1e-10)).toBe(false);
  });

  it('compares within a tolerance, exactly by default', () => {
    const a = rx();
    const b = a.clone().set(1, 1, { re: h + 1e-10, im: 0 });
    expect(a.equals(a.clone())).toBe(true);
    expect(a.equals(b)).toBe(false);
    expect(a.equals(b, 1e-9)).toBe(true);
    expect(a.equals(ComplexMatrix.identity(3), 1)).toBe(false);
  });

  it('clones deeply', () => {
    const a = rx();
    const b = a.clone();
    b.set(0, 0, { re: 0, im: 0 });
    expect(a.get(0, 0)).toEqual({ re: h, im: 0 });
  });
});

describe('ComplexMatrix blocks', () => {
  it('embeds a k×k block into an m×m identity at the first mode', () => {
    expectMatrixClose(rx().embed(4, 1), [
      [1, 0, 0, 0],
      [0, h, { re: 0, im: h }, 0],
      [0, { re: 0, im: h }, h, 0],
      [0, 0, 0, 1],
    ]);
    expectValidationError(() => rx().embed(3, 2), 'firstMode', /does not fit/);
    expectValidationError(() => ComplexMatrix.zeros(1, 2).embed(3, 0), 'matrix', /square/);
  });

  it('sets a rectangular block and refuses one that does not fit', () => {
    const m = ComplexMatrix.zeros(3, 3).setBlock(1, 0, ComplexMatrix.fromRows([[1, 2, 3]]));
    expect(m.toRows()[1]!.map((z) => z.re)).toEqual([1, 2, 3]);
    expect(() => m.setBlock(2, 1, ComplexMatrix.identity(2))).toThrow(ValidationError);
  });

  it('left-multiplies by an embedded block in place, as embed(block)·M would', () => {
    const m = ComplexMatrix.fromRows([
      [1, { re: 2, im: -1 }, 0],
      [{ re: 0, im: 3 }, 4, 5],
      [6, 7, { re: 8, im: 8 }],
    ]);
    const expected = rx().embed(3, 1).multiply(m);
    expectMatrixClose(m.clone().leftMultiplyBlock(rx(), 1), expected, 1e-14);
    expectValidationError(() => m.leftMultiplyBlock(rx(), 2), 'firstRow');
    expectValidationError(() => m.leftMultiplyBlock(ComplexMatrix.zeros(1, 2), 0), 'block', /square/);
  });
});

describe('ComplexMatrix.toString', () => {
  it('prints one aligned row per line', () => {
    expect(rx().toString()).toBe('[ 0.707107  0.707107i]\n[0.707107i   0.707107]');
  });
});
