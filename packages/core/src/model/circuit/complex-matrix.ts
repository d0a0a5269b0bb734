import { ValidationError } from '../../errors/index.js';
import type { Complex } from '../complex.js';
import { haarUnitaryData } from '../linalg/haar-unitary.js';
import { formatComplex } from './format.js';

/**
 * A dense complex matrix stored as an interleaved, row-major `Float64Array`:
 * element `(r, c)` has its real part at `data[2 * (r * cols + c)]` and its imaginary part right after.
 *
 * This layout is the one the native simulator reads, so a matrix crosses to Rust without conversion.
 * Arithmetic works on the raw array (no object per element), which keeps circuits of ~50 modes cheap.
 */
export class ComplexMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Interleaved row-major storage: `[re(0,0), im(0,0), re(0,1), im(0,1), …]`, length `2·rows·cols`. */
  readonly data: Float64Array;

  /**
   * @param rows - number of rows (a non-negative integer)
   * @param cols - number of columns (a non-negative integer)
   * @param data - optional interleaved row-major storage of length `2·rows·cols`, adopted without copy;
   *   zeros when omitted
   * @throws ValidationError when a size is not a non-negative integer or `data` has the wrong length
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    checkSize(rows, 'rows');
    checkSize(cols, 'cols');
    const length = 2 * rows * cols;
    if (data !== undefined) {
      if (!(data instanceof Float64Array)) {
        throw new ValidationError('ComplexMatrix data must be a Float64Array', { field: 'data' });
      }
      if (data.length !== length) {
        throw new ValidationError(
          `ComplexMatrix data has ${data.length} numbers but a ${rows}×${cols} complex matrix needs ${length}`,
          { field: 'data' },
        );
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(length);
  }

  /** The n×n identity matrix. */
  static identity(n: number): ComplexMatrix {
    const matrix = new ComplexMatrix(n, n);
    for (let i = 0; i < n; i++) matrix.data[2 * (i * n + i)] = 1;
    return matrix;
  }

  /** A rows×cols matrix of zeros. */
  static zeros(rows: number, cols: number): ComplexMatrix {
    return new ComplexMatrix(rows, cols);
  }

  /**
   * An n×n unitary drawn from the Haar measure (uniform over the unitary group), reproducible from `seed`:
   * the same seed gives the same matrix on every platform.
   *
   * @throws ValidationError when `n` is not a positive integer or `seed` not a safe integer
   */
  static randomUnitary(n: number, seed: number): ComplexMatrix {
    if (!Number.isInteger(n) || n < 1) {
      throw new ValidationError(`randomUnitary needs a positive integer size (got ${String(n)})`, {
        field: 'n',
      });
    }
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
      throw new ValidationError(`randomUnitary needs a safe-integer seed (got ${String(seed)})`, {
        field: 'seed',
      });
    }
    return new ComplexMatrix(n, n, haarUnitaryData(n, seed));
  }

  /**
   * Builds a matrix from its rows. Elements are `{ re, im }` objects or plain (real) numbers.
   *
   * @throws ValidationError when there is no row, rows differ in length, or an element is not a finite number
   */
  static fromRows(rows: ReadonlyArray<ReadonlyArray<Complex | number>>): ComplexMatrix {
    if (!Array.isArray(rows) || rows.length === 0) {
      throw new ValidationError('A matrix needs at least one row', { field: 'rows' });
    }
    const first = rows[0];
    if (!Array.isArray(first) || first.length === 0) {
      throw new ValidationError('Matrix rows must be non-empty arrays', { field: 'rows[0]' });
    }
    const cols = first.length;
    const matrix = new ComplexMatrix(rows.length, cols);
    rows.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new ValidationError(
          `Row ${r} has ${Array.isArray(row) ? row.length : 'no'} elements; every row must have ${cols}`,
          { field: `rows[${r}]` },
        );
      }
      row.forEach((element, c) => {
        const field = `rows[${r}][${c}]`;
        let re: unknown;
        let im: unknown;
        if (typeof element === 'number') {
          re = element;
          im = 0;
        } else if (typeof element === 'object' && element !== null) {
          re = element.re;
          im = element.im;
        } else {
          throw new ValidationError(`${field} must be a number or a { re, im } object`, { field });
        }
        if (typeof re !== 'number' || !Number.isFinite(re)) {
          throw new ValidationError(`${field}.re must be a finite number (got ${String(re)})`, {
            field: `${field}.re`,
          });
        }
        if (typeof im !== 'number' || !Number.isFinite(im)) {
          throw new ValidationError(`${field}.im must be a finite number (got ${String(im)})`, {
            field: `${field}.im`,
          });
        }
        const k = 2 * (r * cols + c);
        matrix.data[k] = re;
        matrix.data[k + 1] = im;
      });
    });
    return matrix;
  }

  /** True for a square matrix. */
  get isSquare(): boolean {
    return this.rows === this.cols;
  }

  /**
   * The element at row `r`, column `c` (for a unitary: the amplitude from input mode `c` to output mode `r`).
   *
   * @throws ValidationError when the index is outside the matrix
   */
  get(r: number, c: number): Complex {
    const k = this.offset(r, c);
    return { re: this.data[k]!, im: this.data[k + 1]! };
  }

  /**
   * Sets the element at row `r`, column `c`; returns the matrix for chaining.
   *
   * @throws ValidationError when the index is outside the matrix or `z` is not finite
   */
  set(r: number, c: number, z: Complex): this {
    const k = this.offset(r, c);
    if (!Number.isFinite(z.re) || !Number.isFinite(z.im)) {
      throw new ValidationError(`Matrix element (${r}, ${c}) must be finite`, { field: 'value' });
    }
    this.data[k] = z.re;
    this.data[k + 1] = z.im;
    return this;
  }

  /** A deep copy. */
  clone(): ComplexMatrix {
    return new ComplexMatrix(this.rows, this.cols, this.data.slice());
  }

  /**
   * The product `this · other`.
   *
   * @throws ValidationError when `this.cols !== other.rows`
   */
  multiply(other: ComplexMatrix): ComplexMatrix {
    if (this.cols !== other.rows) {
      throw new ValidationError(
        `Cannot multiply a ${this.rows}×${this.cols} matrix by a ${other.rows}×${other.cols} matrix`,
        { field: 'other' },
      );
    }
    const n = this.rows;
    const inner = this.cols;
    const p = other.cols;
    const a = this.data;
    const b = other.data;
    const out = new Float64Array(2 * n * p);
    // i-k-j order streams through rows of `other` and `out`, which is cache friendly for row-major data.
    for (let i = 0; i < n; i++) {
      const outRow = 2 * i * p;
      for (let k = 0; k < inner; k++) {
        const ak = 2 * (i * inner + k);
        const aRe = a[ak]!;
        const aIm = a[ak + 1]!;
        if (aRe === 0 && aIm === 0) continue;
        const bRow = 2 * k * p;
        for (let j = 0; j < p; j++) {
          const bRe = b[bRow + 2 * j]!;
          const bIm = b[bRow + 2 * j + 1]!;
          out[outRow + 2 * j] = out[outRow + 2 * j]! + aRe * bRe - aIm * bIm;
          out[outRow + 2 * j + 1] = out[outRow + 2 * j + 1]! + aRe * bIm + aIm * bRe;
        }
      }
    }
    return new ComplexMatrix(n, p, out);
  }

  /**
   * The element-wise sum `this + other`.
   *
   * @throws ValidationError when the shapes differ
   */
  add(other: ComplexMatrix): ComplexMatrix {
    this.#checkSameShape(other, 'add');
    const out = new Float64Array(this.data.length);
    for (let k = 0; k < out.length; k++) out[k] = this.data[k]! + other.data[k]!;
    return new ComplexMatrix(this.rows, this.cols, out);
  }

  /**
   * The element-wise difference `this − other`.
   *
   * @throws ValidationError when the shapes differ
   */
  subtract(other: ComplexMatrix): ComplexMatrix {
    this.#checkSameShape(other, 'subtract');
    const out = new Float64Array(this.data.length);
    for (let k = 0; k < out.length; k++) out[k] = this.data[k]! - other.data[k]!;
    return new ComplexMatrix(this.rows, this.cols, out);
  }

  /** The matrix times the complex number `z` (a real number is `{ re: x, im: 0 }` or just `x`). */
  scale(z: Complex | number): ComplexMatrix {
    const re = typeof z === 'number' ? z : z.re;
    const im = typeof z === 'number' ? 0 : z.im;
    const out = new Float64Array(this.data.length);
    for (let k = 0; k < out.length; k += 2) {
      const xr = this.data[k]!;
      const xi = this.data[k + 1]!;
      out[k] = xr * re - xi * im;
      out[k + 1] = xr * im + xi * re;
    }
    return new ComplexMatrix(this.rows, this.cols, out);
  }

  /** The Kronecker (tensor) product `this ⊗ other`: block (i, j) is `this[i, j] · other`. */
  kron(other: ComplexMatrix): ComplexMatrix {
    const rows = this.rows * other.rows;
    const cols = this.cols * other.cols;
    const out = new Float64Array(2 * rows * cols);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) {
        const ar = this.data[2 * (i * this.cols + j)]!;
        const ai = this.data[2 * (i * this.cols + j) + 1]!;
        if (ar === 0 && ai === 0) continue;
        for (let k = 0; k < other.rows; k++) {
          for (let l = 0; l < other.cols; l++) {
            const br = other.data[2 * (k * other.cols + l)]!;
            const bi = other.data[2 * (k * other.cols + l) + 1]!;
            const at = 2 * ((i * other.rows + k) * cols + j * other.cols + l);
            out[at] = ar * br - ai * bi;
            out[at + 1] = ar * bi + ai * br;
          }
        }
      }
    }
    return new ComplexMatrix(rows, cols, out);
  }

  /**
   * The sum of the diagonal elements.
   *
   * @throws ValidationError when the matrix is not square
   */
  trace(): Complex {
    if (!this.isSquare) {
      throw new ValidationError(`Only a square matrix has a trace (got ${this.rows}×${this.cols})`, {
        field: 'matrix',
      });
    }
    let re = 0;
    let im = 0;
    for (let i = 0; i < this.rows; i++) {
      re += this.data[2 * (i * this.cols + i)]!;
      im += this.data[2 * (i * this.cols + i) + 1]!;
    }
    return { re, im };
  }

  #checkSameShape(other: ComplexMatrix, operation: string): void {
    if (!(other instanceof ComplexMatrix) || other.rows !== this.rows || other.cols !== this.cols) {
      throw new ValidationError(
        `Cannot ${operation} matrices of different shapes (${this.rows}×${this.cols} and ${other?.rows}×${other?.cols})`,
        { field: 'other' },
      );
    }
  }

  /** The conjugate transpose (Hermitian adjoint) `U†`. */
  conjugateTranspose(): ComplexMatrix {
    const out = new ComplexMatrix(this.cols, this.rows);
    const src = this.data;
    const dst = out.data;
    for (let r = 0; r < this.rows; r++) {
      for (let c = 0; c < this.cols; c++) {
        const from = 2 * (r * this.cols + c);
        const to = 2 * (c * this.rows + r);
        dst[to] = src[from]!;
        dst[to + 1] = -src[from + 1]!;
      }
    }
    return out;
  }

  /**
   * True when the matrix is square and `U†·U` equals the identity to within `tolerance` on every element
   * (real and imaginary parts separately).
   */
  isUnitary(tolerance = 1e-6): boolean {
    if (!this.isSquare) return false;
    const n = this.rows;
    const d = this.data;
    // (U†U)[i][j] = Σ_k conj(U[k][i]) · U[k][j]; computed directly to avoid building U†.
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < n; k++) {
          const ki = 2 * (k * n + i);
          const kj = 2 * (k * n + j);
          const xRe = d[ki]!;
          const xIm = -d[ki + 1]!;
          const yRe = d[kj]!;
          const yIm = d[kj + 1]!;
          re += xRe * yRe - xIm * yIm;
          im += xRe * yIm + xIm * yRe;
        }
        const expected = i === j ? 1 : 0;
        if (!(Math.abs(re - expected) <= tolerance && Math.abs(im) <= tolerance)) return false;
      }
    }
    return true;
  }

  /**
   * True when `other` has the same shape and every real and imaginary part differs by at most `tolerance`
   * (exact equality by default).
   */
  equals(other: ComplexMatrix, tolerance = 0): boolean {
    if (this.rows !== other.rows || this.cols !== other.cols) return false;
    const a = this.data;
    const b = other.data;
    for (let k = 0; k < a.length; k++) {
      if (!(Math.abs(a[k]! - b[k]!) <= tolerance)) return false;
    }
    return true;
  }

  /** The elements as an array of rows of `{ re, im }` objects. */
  toRows(): Complex[][] {
    const rows: Complex[][] = [];
    for (let r = 0; r < this.rows; r++) {
      const row: Complex[] = [];
      for (let c = 0; c < this.cols; c++) {
        const k = 2 * (r * this.cols + c);
        row.push({ re: this.data[k]!, im: this.data[k + 1]! });
      }
      rows.push(row);
    }
    return rows;
  }

  /**
   * Copies `block` into this matrix with its top-left corner at (`row`, `col`); returns the matrix for chaining.
   *
   * @throws ValidationError when the block does not fit
   */
  setBlock(row: number, col: number, block: ComplexMatrix): this {
    checkIndex(row, this.rows + 1, 'row');
    checkIndex(col, this.cols + 1, 'col');
    if (row + block.rows > this.rows || col + block.cols > this.cols) {
      throw new ValidationError(
        `A ${block.rows}×${block.cols} block at (${row}, ${col}) does not fit in a ${this.rows}×${this.cols} matrix`,
        { field: 'block' },
      );
    }
    for (let r = 0; r < block.rows; r++) {
      const from = 2 * r * block.cols;
      this.data.set(block.data.subarray(from, from + 2 * block.cols), 2 * ((row + r) * this.cols + col));
    }
    return this;
  }

  /**
   * The m×m identity with this (square) matrix on the diagonal block starting at `firstMode`: how a
   * component acting on modes `firstMode … firstMode + k − 1` acts on a circuit of `m` modes.
   *
   * @throws ValidationError when this matrix is not square or the block does not fit
   */
  embed(m: number, firstMode: number): ComplexMatrix {
    if (!this.isSquare) {
      throw new ValidationError(`Only a square matrix can be embedded (got ${this.rows}×${this.cols})`, {
        field: 'matrix',
      });
    }
    checkSize(m, 'm');
    checkIndex(firstMode, m, 'firstMode');
    if (firstMode + this.rows > m) {
      throw new ValidationError(`A ${this.rows}-mode block at mode ${firstMode} does not fit in ${m} modes`, {
        field: 'firstMode',
      });
    }
    return ComplexMatrix.identity(m).setBlock(firstMode, firstMode, this);
  }

  /**
   * In place, replaces this matrix by `embed(block) · this`, where `block` (k×k) acts on rows
   * `firstRow … firstRow + k − 1`. Only those k rows change, so the cost is O(k²·cols) instead of the
   * O(rows²·cols) of a full product: this is how a circuit applies its components one after the other.
   *
   * @throws ValidationError when `block` is not square or does not fit
   */
  leftMultiplyBlock(block: ComplexMatrix, firstRow: number): this {
    const k = block.rows;
    if (block.cols !== k) {
      throw new ValidationError(`The block must be square (got ${block.rows}×${block.cols})`, {
        field: 'block',
      });
    }
    checkIndex(firstRow, this.rows, 'firstRow');
    if (firstRow + k > this.rows) {
      throw new ValidationError(
        `A ${k}×${k} block at row ${firstRow} does not fit in a ${this.rows}-row matrix`,
        { field: 'firstRow' },
      );
    }
    const cols = this.cols;
    const d = this.data;
    const b = block.data;
    const rowLength = 2 * cols;
    // Copy of the rows being replaced, since each new row mixes all of the old ones.
    const old = d.slice(2 * firstRow * cols, 2 * (firstRow + k) * cols);
    for (let i = 0; i < k; i++) {
      const target = 2 * (firstRow + i) * cols;
      d.fill(0, target, target + rowLength);
      for (let j = 0; j < k; j++) {
        const bRe = b[2 * (i * k + j)]!;
        const bIm = b[2 * (i * k + j) + 1]!;
        if (bRe === 0 && bIm === 0) continue;
        const source = j * rowLength;
        for (let c = 0; c < rowLength; c += 2) {
          const xRe = old[source + c]!;
          const xIm = old[source + c + 1]!;
          d[target + c] = d[target + c]! + bRe * xRe - bIm * xIm;
          d[target + c + 1] = d[target + c + 1]! + bRe * xIm + bIm * xRe;
        }
      }
    }
    return this;
  }

  /** The matrix, one row per line, elements as `a+bi` rounded to 6 significant digits and aligned. */
  toString(): string {
    const cells = this.toRows().map((row) => row.map(formatComplex));
    const width = Math.max(0, ...cells.flat().map((cell) => cell.length));
    return cells.map((row) => `[${row.map((cell) => cell.padStart(width)).join('  ')}]`).join('\n');
  }

  private offset(r: number, c: number): number {
    checkIndex(r, this.rows, 'row');
    checkIndex(c, this.cols, 'col');
    return 2 * (r * this.cols + c);
  }
}

function checkSize(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ValidationError(`${field} must be a non-negative integer (got ${String(value)})`, { field });
  }
}

function checkIndex(value: number, limit: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= limit) {
    throw new ValidationError(`${field} must be an integer in [0, ${limit - 1}] (got ${String(value)})`, {
      field,
    });
  }
}
