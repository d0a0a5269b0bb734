import { ValidationError } from '../../../errors/index.js';
import { ComplexMatrix } from '../complex-matrix.js';
import type { InterferometerShape } from './interferometer-shape.js';

/**
 * One cell of a decomposed mesh on modes (`mode`, `mode + 1`): a phase shifter `PS(phi)` on `mode`, then a
 * beam splitter `BS.Rx(theta)`. Its unitary is `T = [[e^{iφ}·c, i·s], [i·e^{iφ}·s, c]]` with c = cos(θ/2),
 * s = sin(θ/2); θ ∈ [0, π].
 */
export interface MeshCell {
  /** The upper of the two modes. */
  mode: number;
  /** The beam splitter's angle (`BS.Rx` convention), in [0, π]. */
  theta: number;
  /** The phase on the upper input mode, in (−π, π]. */
  phi: number;
}

/** A unitary as a mesh: `U = diag(e^{i·phases}) · T_last · … · T_first`, cells listed in the order light crosses them. */
export interface MeshDecomposition {
  /** The cells in application order (`cells[0]` first). */
  cells: MeshCell[];
  /** The output phase of each mode, in (−π, π]. */
  phases: number[];
}

/** Matrices closer to unitary than this are accepted. */
const UNITARITY_TOLERANCE = 1e-8;

/**
 * Decomposes a unitary into a Reck (`'triangle'`) or Clements (`'rectangle'`) mesh of {@link MeshCell}s and a
 * final layer of phases, analytically (each cell nulls one element of the matrix), so the mesh reproduces the
 * unitary to rounding error (≈1e-13 at 20 modes).
 * @throws ValidationError (field `unitary`) for a matrix that is not square and unitary to 1e-8.
 */
export function decomposeUnitary(unitary: ComplexMatrix, shape: InterferometerShape): MeshDecomposition {
  if (!(unitary instanceof ComplexMatrix) || !unitary.isSquare || unitary.rows === 0) {
    throw new ValidationError('A mesh decomposition needs a non-empty square ComplexMatrix', {
      field: 'unitary',
    });
  }
  if (!unitary.isUnitary(UNITARITY_TOLERANCE)) {
    throw new ValidationError(`The matrix is not unitary (U†U ≠ I to ${UNITARITY_TOLERANCE})`, {
      field: 'unitary',
    });
  }
  const work = new Work(unitary);
  return shape === 'triangle' ? reck(work) : clements(work);
}

/** Reck et al.: null each row from the bottom, left to right, with cells on columns (j, j + 1): U·T₁†·…·T_p† = D. */
function reck(work: Work): MeshDecomposition {
  const m = work.m;
  const cells: MeshCell[] = [];
  for (let row = m - 1; row > 0; row--) {
    for (let col = 0; col < row; col++) cells.push(work.nullFromRight(row, col));
  }
  return { cells, phases: work.diagonalPhases() };
}

/**
 * Clements et al.: null the lower triangle diagonal by diagonal, alternately with cells on columns (from the
 * right) and on rows (from the left): L_k·…·L₁·U·R₁†·…·R_p† = D. The left cells then move through D
 * (T†·D = D'·T', same θ), giving U = D'·L'₁·…·L'_k·R_p·…·R₁.
 */
function clements(work: Work): MeshDecomposition {
  const m = work.m;
  const right: MeshCell[] = [];
  const left: MeshCell[] = [];
  for (let i = 0; i < m - 1; i++) {
    if (i % 2 === 0) {
      for (let j = 0; j <= i; j++) right.push(work.nullFromRight(m - 1 - j, i - j));
    } else {
      for (let j = 1; j <= i + 1; j++) left.push(work.nullFromLeft(m + j - i - 2, j - 1));
    }
  }
  const d = work.diagonal();
  const moved: MeshCell[] = [];
  for (let k = left.length - 1; k >= 0; k--) {
    const { mode, theta, phi } = left[k]!;
    const [d1r, d1i] = d[mode]!;
    const [d2r, d2i] = d[mode + 1]!;
    // T†(θ, φ)·diag(d1, d2) = diag(−e^{−iφ}·d2, d2)·T(θ, φ') with e^{iφ'} = −d1/d2.
    const newPhi = Math.atan2(d1i * d2r - d1r * d2i, d1r * d2r + d1i * d2i) + Math.PI;
    const er = Math.cos(-phi);
    const ei = Math.sin(-phi);
    d[mode] = [-(er * d2r - ei * d2i), -(er * d2i + ei * d2r)];
    moved.push({ mode, theta, phi: wrapPhase(newPhi) });
  }
  // moved holds L'_k … L'_1 in that order, which is the order light crosses them after the R cells.
  return { cells: [...right, ...moved], phases: d.map(([re, im]) => Math.atan2(im, re)) };
}

function wrapPhase(phi: number): number {
  return Math.atan2(Math.sin(phi), Math.cos(phi));
}

/** A working copy of the matrix and the two elementary nulling steps. */
class Work {
  readonly m: number;
  readonly #a: Float64Array;

  constructor(unitary: ComplexMatrix) {
    this.m = unitary.rows;
    this.#a = unitary.data.slice();
  }

  #re(r: number, c: number): number {
    return this.#a[2 * (r * this.m + c)]!;
  }

  #im(r: number, c: number): number {
    return this.#a[2 * (r * this.m + c) + 1]!;
  }

  /**
   * Nulls element (row, col) by U ← U·T†(θ, φ) on columns (col, col + 1):
   * U[row][col]·e^{−iφ}·c = i·s·U[row][col + 1], so tan(θ/2) = |r| and φ = arg r − π/2 with r = U[row][col]/U[row][col + 1].
   */
  nullFromRight(row: number, col: number): MeshCell {
    const [theta, phi] = angles(
      this.#re(row, col),
      this.#im(row, col),
      this.#re(row, col + 1),
      this.#im(row, col + 1),
      -Math.PI / 2,
    );
    const c = Math.cos(theta / 2);
    const s = Math.sin(theta / 2);
    const er = Math.cos(phi);
    const ei = Math.sin(phi);
    // T† = [[e^{−iφ}c, −i·e^{−iφ}s], [−i·s, c]]: new col = old col·T†[0][·] + old col+1·T†[1][·]
    const t00: [number, number] = [er * c, -ei * c];
    const t01: [number, number] = [-ei * s, -er * s];
    const t10: [number, number] = [0, -s];
    const t11: [number, number] = [c, 0];
    const a = this.#a;
    const m = this.m;
    for (let r = 0; r < m; r++) {
      const x = 2 * (r * m + col);
      const y = x + 2;
      const xr = a[x]!;
      const xi = a[x + 1]!;
      const yr = a[y]!;
      const yi = a[y + 1]!;
      a[x] = xr * t00[0] - xi * t00[1] + yr * t10[0] - yi * t10[1];
      a[x + 1] = xr * t00[1] + xi * t00[0] + yr * t10[1] + yi * t10[0];
      a[y] = xr * t01[0] - xi * t01[1] + yr * t11[0] - yi * t11[1];
      a[y + 1] = xr * t01[1] + xi * t01[0] + yr * t11[1] + yi * t11[0];
    }
    a[2 * (row * m + col)] = 0;
    a[2 * (row * m + col) + 1] = 0;
    return { mode: col, theta, phi };
  }

  /**
   * Nulls element (row, col) by U ← T(θ, φ)·U on rows (row − 1, row):
   * i·e^{iφ}·s·U[row − 1][col] + c·U[row][col] = 0, so tan(θ/2) = |r| and φ = arg r + π/2 with r = U[row][col]/U[row − 1][col].
   */
  nullFromLeft(row: number, col: number): MeshCell {
    const [theta, phi] = angles(
      this.#re(row, col),
      this.#im(row, col),
      this.#re(row - 1, col),
      this.#im(row - 1, col),
      Math.PI / 2,
    );
    const c = Math.cos(theta / 2);
    const s = Math.sin(theta / 2);
    const er = Math.cos(phi);
    const ei = Math.sin(phi);
    // T = [[e^{iφ}c, i·s], [i·e^{iφ}s, c]]
    const t00: [number, number] = [er * c, ei * c];
    const t01: [number, number] = [0, s];
    const t10: [number, number] = [-ei * s, er * s];
    const t11: [number, number] = [c, 0];
    const a = this.#a;
    const m = this.m;
    for (let k = 0; k < m; k++) {
      const x = 2 * ((row - 1) * m + k);
      const y = 2 * (row * m + k);
      const xr = a[x]!;
      const xi = a[x + 1]!;
      const yr = a[y]!;
      const yi = a[y + 1]!;
      a[x] = t00[0] * xr - t00[1] * xi + t01[0] * yr - t01[1] * yi;
      a[x + 1] = t00[0] * xi + t00[1] * xr + t01[0] * yi + t01[1] * yr;
      a[y] = t10[0] * xr - t10[1] * xi + t11[0] * yr - t11[1] * yi;
      a[y + 1] = t10[0] * xi + t10[1] * xr + t11[0] * yi + t11[1] * yr;
    }
    a[2 * (row * m + col)] = 0;
    a[2 * (row * m + col) + 1] = 0;
    return { mode: row - 1, theta, phi };
  }

  diagonal(): [number, number][] {
    return Array.from({ length: this.m }, (_, i) => [this.#re(i, i), this.#im(i, i)] as [number, number]);
  }

  diagonalPhases(): number[] {
    return this.diagonal().map(([re, im]) => Math.atan2(im, re));
  }
}

/**
 * θ and φ of a cell nulling `target` against `other`: tan(θ/2) = |target/other| and φ = arg(target/other) + shift;
 * θ = π when `other` is zero (the cell swaps the modes), θ = 0 and φ = 0 when `target` already is.
 */
function angles(tr: number, ti: number, or: number, oi: number, shift: number): [number, number] {
  const target = Math.hypot(tr, ti);
  const other = Math.hypot(or, oi);
  if (target === 0) return [0, 0];
  if (other === 0) return [Math.PI, 0];
  const theta = 2 * Math.atan2(target, other);
  const phi = Math.atan2(ti, tr) - Math.atan2(oi, or) + shift;
  return [theta, wrapPhase(phi)];
}
