import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { hermitianEigen } from '../../model/linalg/hermitian-eigen.js';

/** Settings of the maximum-likelihood reconstruction (Perceval's `TomographyMLE` keyword arguments). */
export interface MaximumLikelihoodOptions {
  /** Iterations of the accelerated projected gradient; default 500. */
  maxIterations?: number;
  /** Stop when the log-likelihood changes by less than this between iterations; default 1e-10. */
  convergencePrecision?: number;
  /** First step size; default 1. */
  initialLearningRate?: number;
  /** Step-size factor of each backtracking step, in (0, 1); default 0.5. */
  decelerateFactor?: number;
}

/** The checked options with their defaults. */
export function mleSettings(options: MaximumLikelihoodOptions): Required<MaximumLikelihoodOptions> {
  const settings = {
    maxIterations: options.maxIterations ?? 500,
    convergencePrecision: options.convergencePrecision ?? 1e-10,
    initialLearningRate: options.initialLearningRate ?? 1,
    decelerateFactor: options.decelerateFactor ?? 0.5,
  };
  if (!Number.isSafeInteger(settings.maxIterations) || settings.maxIterations < 1) {
    throw new ValidationError('maxIterations must be a positive integer', { field: 'maxIterations' });
  }
  if (!(settings.convergencePrecision > 0)) {
    throw new ValidationError('convergencePrecision must be positive', { field: 'convergencePrecision' });
  }
  if (!(settings.initialLearningRate > 0)) {
    throw new ValidationError('initialLearningRate must be positive', { field: 'initialLearningRate' });
  }
  if (!(settings.decelerateFactor > 0 && settings.decelerateFactor < 1)) {
    throw new ValidationError('decelerateFactor must be in (0, 1)', { field: 'decelerateFactor' });
  }
  return settings;
}

/** Splits the options of a maximum-likelihood tomography into the reconstruction's (checked) and the rest. */
export function splitMleOptions<T extends MaximumLikelihoodOptions>(
  options: T,
): { mle: Required<MaximumLikelihoodOptions>; rest: Omit<T, keyof MaximumLikelihoodOptions> } {
  const { maxIterations, convergencePrecision, initialLearningRate, decelerateFactor, ...rest } = options;
  return {
    mle: mleSettings({ maxIterations, convergencePrecision, initialLearningRate, decelerateFactor }),
    rest,
  };
}

/**
 * Projects the real spectrum `values` on the probability simplex (non-negative, summing to 1): the Euclidean
 * projection, λ_i ↦ max(λ_i − w, 0) with the threshold w of the sorted spectrum.
 */
export function projectOnSimplex(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => b - a);
  let sum = 0;
  let threshold = 0;
  for (let j = 0; j < sorted.length; j++) {
    sum += sorted[j]!;
    const candidate = (sum - 1) / (j + 1);
    if (sorted[j]! - candidate > 0) threshold = candidate;
  }
  return values.map((v) => Math.max(v - threshold, 0));
}

/** The closest (Frobenius) positive semi-definite matrix of trace 1 to the Hermitian part of `matrix`. */
export function projectOnDensityMatrices(matrix: ComplexMatrix): ComplexMatrix {
  const hermitian = matrix.add(matrix.conjugateTranspose()).scale(0.5);
  const { values, vectors } = hermitianEigen(hermitian);
  const projected = projectOnSimplex(values);
  const n = values.length;
  const scaled = vectors.clone();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const k = 2 * (r * n + c);
      scaled.data[k] = scaled.data[k]! * projected[c]!;
      scaled.data[k + 1] = scaled.data[k + 1]! * projected[c]!;
    }
  }
  return scaled.multiply(vectors.conjugateTranspose());
}

/** Re Tr(A†B). */
function inner(a: ComplexMatrix, b: ComplexMatrix): number {
  let s = 0;
  for (let k = 0; k < a.data.length; k++) s += a.data[k]! * b.data[k]!;
  return s;
}

/** Re Tr(X·A) for Hermitian A, from A's conjugate-transposed data: Σ_ij X_ij·A_ji. */
function traceProduct(x: ComplexMatrix, a: ComplexMatrix): number {
  const n = x.rows;
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const xi = 2 * (i * n + j);
      const aj = 2 * (j * n + i);
      s += x.data[xi]! * a.data[aj]! - x.data[xi + 1]! * a.data[aj + 1]!;
    }
  }
  return s;
}

/**
 * The trace-1 positive matrix X maximising Σ_k f_k·log p_k with p_k = Re Tr(X·A_k) (the measured frequencies
 * f_k and the Hermitian measurement operators A_k), by the accelerated projected gradient with backtracking and
 * adaptive restart of Shang et al. (arXiv:1609.07881), which Perceval's `TomographyMLE` follows. Terms with
 * p_k ≤ 0 are left out, as Perceval does.
 */
export function maximumLikelihood(
  operators: readonly ComplexMatrix[],
  frequencies: readonly number[],
  guess: ComplexMatrix,
  options: MaximumLikelihoodOptions = {},
): ComplexMatrix {
  const { maxIterations, convergencePrecision, initialLearningRate, decelerateFactor } = mleSettings(options);
  const negativeLogLikelihood = (x: ComplexMatrix): number => {
    let value = 0;
    operators.forEach((a, k) => {
      const p = traceProduct(x, a);
      if (p > 0 && frequencies[k]! > 0) value -= frequencies[k]! * Math.log(p);
    });
    return value;
  };
  const gradient = (x: ComplexMatrix): ComplexMatrix => {
    const g = new Float64Array(x.data.length);
    operators.forEach((a, k) => {
      const p = traceProduct(x, a);
      if (!(p > 0) || frequencies[k]! === 0) return;
      const w = -frequencies[k]! / p;
      for (let i = 0; i < g.length; i++) g[i] = g[i]! + w * a.data[i]!;
    });
    return new ComplexMatrix(x.rows, x.cols, g);
  };
  let x = projectOnDensityMatrices(guess);
  let y = x;
  let theta = 1;
  let rate = initialLearningRate;
  let fx = negativeLogLikelihood(x);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const g = gradient(y);
    const fy = negativeLogLikelihood(y);
    let next = projectOnDensityMatrices(y.subtract(g.scale(rate)));
    let step = next.subtract(y);
    let fNext = negativeLogLikelihood(next);
    for (let backtrack = 0; backtrack < 60; backtrack++) {
      if (fNext <= fy + inner(g, step) + inner(step, step) / (2 * rate)) break;
      rate *= decelerateFactor;
      next = projectOnDensityMatrices(y.subtract(g.scale(rate)));
      step = next.subtract(y);
      fNext = negativeLogLikelihood(next);
    }
    const move = next.subtract(x);
    const nextTheta = (1 + Math.sqrt(1 + 4 * theta * theta)) / 2;
    if (inner(step, move) < 0 || fNext > fx) {
      // The momentum points away from progress: restart from the new point.
      y = next;
      theta = 1;
    } else {
      y = next.add(move.scale((theta - 1) / nextTheta));
      theta = nextTheta;
    }
    const converged = Math.abs(fNext - fx) < convergencePrecision;
    x = next;
    fx = fNext;
    if (converged) break;
  }
  return x;
}
