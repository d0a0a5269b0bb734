import { type Complex, type ComplexMatrix, ValidationError } from '@bosonic/core';
import { callNative } from './native/errors.js';
import { nativeBinding } from './native/loader.js';
import { engineThreads } from './native/threads.js';

/** Options of {@link permanent}. */
export interface PermanentOptions {
  /** Threads to use; default: every core. */
  threads?: number;
}

/** Largest matrix accepted: Glynn's formula costs n·2^(n−1) operations, so n = 40 already takes hours. */
export const MAX_PERMANENT_SIZE = 40;

/**
 * The permanent of a square complex matrix, `Σ_σ Π_i A[i, σ(i)]`, computed natively with Glynn's formula in
 * Gray-code order, split over threads (as The Walrus's `perm`). Blocks the calling thread.
 *
 * @example
 * permanent(ComplexMatrix.fromRows([[1, 2], [3, 4]])); // { re: 10, im: 0 }
 * @throws ValidationError (field `matrix`) for a non-square matrix, non-finite entries or n above
 *   {@link MAX_PERMANENT_SIZE}; (field `threads`) for a thread count that is not a positive integer.
 */
export function permanent(matrix: ComplexMatrix, options: PermanentOptions = {}): Complex {
  if (matrix === null || typeof matrix !== 'object' || !(matrix.data instanceof Float64Array)) {
    throw new ValidationError('permanent needs a ComplexMatrix', { field: 'matrix' });
  }
  if (matrix.rows !== matrix.cols) {
    throw new ValidationError(`The permanent needs a square matrix, got ${matrix.rows}×${matrix.cols}`, {
      field: 'matrix',
    });
  }
  if (matrix.rows > MAX_PERMANENT_SIZE) {
    throw new ValidationError(
      `The permanent of a ${matrix.rows}×${matrix.rows} matrix is out of reach (at most ${MAX_PERMANENT_SIZE})`,
      { field: 'matrix' },
    );
  }
  const threads = engineThreads(options.threads);
  const { re, im } = callNative(() => nativeBinding().permanent(matrix.data, matrix.rows, threads));
  return { re, im };
}
