import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from '../circuit/complex-matrix.js';

/** The eigen-decomposition of a Hermitian matrix: `H = V · diag(values) · V†`. */
export interface HermitianEigen {
  /** Real eigenvalues, ascending. */
  values: number[];
  /** Unitary matrix whose column k is the eigenvector of `values[k]`. */
  vectors: ComplexMatrix;
}

const MAX_SWEEPS = 100;

/**
 * Eigenvalues and eigenvectors of a Hermitian matrix by cyclic complex Jacobi rotations: each rotation zeroes
 * one off-diagonal pair, and sweeps repeat until the off-diagonal norm is negligible against the whole matrix.
 * Exact to machine precision for the small matrices of gate tomography (up to 4^3 = 64).
 * @throws ValidationError (field `matrix`) for a matrix that is not square or not Hermitian to 1e-8.
 */
export function hermitianEigen(matrix: ComplexMatrix): HermitianEigen {
  const n = matrix.rows;
  if (!matrix.isSquare) {
    throw new ValidationError(`A Hermitian matrix must be square (got ${matrix.rows}×${matrix.cols})`, {
      field: 'matrix',
    });
  }
  const a = matrix.data.slice();
  let scale = 0;
  for (let k = 0; k < a.length; k++) scale = Math.max(scale, Math.abs(a[k]!));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const ij = 2 * (i * n + j);
      const ji = 2 * (j * n + i);
      if (
        Math.abs(a[ij]! - a[ji]!) > 1e-8 * Math.max(1, scale) ||
        Math.abs(a[ij + 1]! + a[ji + 1]!) > 1e-8 * Math.max(1, scale)
      ) {
        throw new ValidationError(
          `The matrix is not Hermitian: element (${i}, ${j}) ≠ conj(element (${j}, ${i}))`,
          {
            field: 'matrix',
          },
        );
      }
    }
  }
  const v = ComplexMatrix.identity(n).data;
  const total = frobenius(a);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    if (offDiagonal(a, n) <= 1e-15 * Math.max(total, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) rotate(a, v, n, p, q);
    }
  }
  const values = Array.from({ length: n }, (_, i) => a[2 * (i * n + i)]!);
  const order = values.map((_, i) => i).sort((x, y) => values[x]! - values[y]!);
  const vectors = new ComplexMatrix(n, n);
  order.forEach((from, to) => {
    for (let r = 0; r < n; r++) {
      vectors.data[2 * (r * n + to)] = v[2 * (r * n + from)]!;
      vectors.data[2 * (r * n + to) + 1] = v[2 * (r * n + from) + 1]!;
    }
  });
  return { values: order.map((i) => values[i]!), vectors };
}

function frobenius(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! ** 2;
  return Math.sqrt(s);
}

function offDiagonal(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j) s += a[2 * (i * n + j)]! ** 2 + a[2 * (i * n + j) + 1]! ** 2;
    }
  }
  return Math.sqrt(s);
}

/**
 * One Jacobi rotation zeroing a[p][q] (and a[q][p]): with a[p][q] = |b|·e^{iβ}, the unitary
 * J = [[c, −s·e^{iβ}], [s·e^{−iβ}, c]] on (p, q) gives J†·A·J with a zero at (p, q); A ← J†AJ, V ← V·J.
 */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const pq = 2 * (p * n + q);
  const br = a[pq]!;
  const bi = a[pq + 1]!;
  const b = Math.hypot(br, bi);
  if (b === 0) return;
  const app = a[2 * (p * n + p)]!;
  const aqq = a[2 * (q * n + q)]!;
  // (J†AJ)[p][q] = e^{iβ}·(sin2θ/2·(aqq − app) + |b|·cos2θ) vanishes for tan2θ = 2|b| / (app − aqq); |θ| ≤ π/4.
  const theta = 0.5 * Math.atan((2 * b) / (app - aqq));
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const er = br / b; // e^{iβ}
  const ei = bi / b;
  // J columns: J[p][p] = c, J[q][p] = s·e^{−iβ}, J[p][q] = −s·e^{iβ}, J[q][q] = c.
  const jpp = [c, 0];
  const jqp = [s * er, -s * ei];
  const jpq = [-s * er, -s * ei];
  const jqq = [c, 0];
  // A ← A·J (columns p and q)
  for (let k = 0; k < n; k++) {
    const kp = 2 * (k * n + p);
    const kq = 2 * (k * n + q);
    const xr = a[kp]!;
    const xi = a[kp + 1]!;
    const yr = a[kq]!;
    const yi = a[kq + 1]!;
    a[kp] = xr * jpp[0]! - xi * jpp[1]! + yr * jqp[0]! - yi * jqp[1]!;
    a[kp + 1] = xr * jpp[1]! + xi * jpp[0]! + yr * jqp[1]! + yi * jqp[0]!;
    a[kq] = xr * jpq[0]! - xi * jpq[1]! + yr * jqq[0]! - yi * jqq[1]!;
    a[kq + 1] = xr * jpq[1]! + xi * jpq[0]! + yr * jqq[1]! + yi * jqq[0]!;
    const vp = 2 * (k * n + p);
    const vq = 2 * (k * n + q);
    const ur = v[vp]!;
    const ui = v[vp + 1]!;
    const wr = v[vq]!;
    const wi = v[vq + 1]!;
    v[vp] = ur * jpp[0]! - ui * jpp[1]! + wr * jqp[0]! - wi * jqp[1]!;
    v[vp + 1] = ur * jpp[1]! + ui * jpp[0]! + wr * jqp[1]! + wi * jqp[0]!;
    v[vq] = ur * jpq[0]! - ui * jpq[1]! + wr * jqq[0]! - wi * jqq[1]!;
    v[vq + 1] = ur * jpq[1]! + ui * jpq[0]! + wr * jqq[1]! + wi * jqq[0]!;
  }
  // A ← J†·A (rows p and q): row p = conj(Jpp)·row p + conj(Jqp)·row q, row q = conj(Jpq)·row p + conj(Jqq)·row q
  for (let k = 0; k < n; k++) {
    const pk = 2 * (p * n + k);
    const qk = 2 * (q * n + k);
    const xr = a[pk]!;
    const xi = a[pk + 1]!;
    const yr = a[qk]!;
    const yi = a[qk + 1]!;
    a[pk] = xr * jpp[0]! + xi * jpp[1]! + yr * jqp[0]! + yi * jqp[1]!;
    a[pk + 1] = xi * jpp[0]! - xr * jpp[1]! + yi * jqp[0]! - yr * jqp[1]!;
    a[qk] = xr * jpq[0]! + xi * jpq[1]! + yr * jqq[0]! + yi * jqq[1]!;
    a[qk + 1] = xi * jpq[0]! - xr * jpq[1]! + yi * jqq[0]! - yr * jqq[1]!;
  }
  // Rounding leaves a tiny residue; the rotation is exact in theory.
  a[pq] = 0;
  a[pq + 1] = 0;
  a[2 * (q * n + p)] = 0;
  a[2 * (q * n + p) + 1] = 0;
  a[2 * (p * n + p) + 1] = 0;
  a[2 * (q * n + q) + 1] = 0;
}
