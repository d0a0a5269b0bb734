import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from '../circuit/complex-matrix.js';
import { hermitianEigen } from './hermitian-eigen.js';

/**
 * `f(H) = V · diag(f(λ)) · V†` for a Hermitian matrix H with eigen-decomposition `V · diag(λ) · V†`.
 * @throws ValidationError when H is not Hermitian.
 */
export function hermitianFunction(matrix: ComplexMatrix, f: (eigenvalue: number) => number): ComplexMatrix {
  const { values, vectors } = hermitianEigen(matrix);
  const n = values.length;
  const scaled = vectors.clone();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const k = 2 * (r * n + c);
      const w = f(values[c]!);
      scaled.data[k] = scaled.data[k]! * w;
      scaled.data[k + 1] = scaled.data[k + 1]! * w;
    }
  }
  return scaled.multiply(vectors.conjugateTranspose());
}

/** The square root of a positive semi-definite Hermitian matrix (negative rounding noise in λ is clipped to 0). */
export function psdSqrt(matrix: ComplexMatrix): ComplexMatrix {
  return hermitianFunction(matrix, (lambda) => Math.sqrt(Math.max(0, lambda)));
}

/** The largest singular value of a matrix: the square root of the largest eigenvalue of M†M. */
export function largestSingularValue(matrix: ComplexMatrix): number {
  const { values } = hermitianEigen(matrix.conjugateTranspose().multiply(matrix));
  return Math.sqrt(Math.max(0, values[values.length - 1] ?? 0));
}

/**
 * A 2n×2n unitary whose top-left n×n block is `M/σ` (σ the largest singular value of M), the Halmos dilation
 * `[[A, √(I − AA†)], [√(I − A†A), −A†]]`: how a post-selected linear-optical gate realises a non-unitary M on
 * its first n modes, with n ancillary modes (Perceval's `Matrix.get_unitary_extension`, with another choice of
 * the blocks that touch only the ancillary modes).
 * @throws ValidationError for a matrix that is not square or is zero.
 */
export function unitaryDilation(matrix: ComplexMatrix): ComplexMatrix {
  if (!matrix.isSquare || matrix.rows === 0) {
    throw new ValidationError(
      `unitaryDilation needs a non-empty square matrix (got ${matrix.rows}×${matrix.cols})`,
      {
        field: 'matrix',
      },
    );
  }
  const n = matrix.rows;
  const sigma = largestSingularValue(matrix);
  if (!(sigma > 0)) throw new ValidationError('unitaryDilation needs a non-zero matrix', { field: 'matrix' });
  const a = matrix.scale(1 / sigma);
  const aDagger = a.conjugateTranspose();
  // √(1 − μ) over the eigenvalues μ of AA† (and A†A): the largest μ is 1 by construction, and its rounding
  // noise (~1e-16) would become ~1e-8 under the square root, so μ within 1e-12 of 1 counts as 1.
  const complement = (mu: number): number => (1 - mu < 1e-12 ? 0 : Math.sqrt(1 - mu));
  const out = new ComplexMatrix(2 * n, 2 * n);
  out.setBlock(0, 0, a);
  out.setBlock(0, n, hermitianFunction(a.multiply(aDagger), complement));
  out.setBlock(n, 0, hermitianFunction(aDagger.multiply(a), complement));
  out.setBlock(n, n, aDagger.scale(-1));
  return out;
}
