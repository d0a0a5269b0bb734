import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import type { Complex } from '../../model/complex.js';
import { hermitianEigen } from '../../model/linalg/hermitian-eigen.js';
import { psdSqrt } from '../../model/linalg/matrix-functions.js';
import { pauliBasisOperator } from './pauli.js';

/**
 * The χ matrix of a channel in the Pauli basis, ε(ρ) = Σ_mn χ_mn E_m ρ E_n†, from the channel's images of the
 * matrix units: `images[a·d + b] = ε(|a⟩⟨b|)`. With the vectors v_m = Σ_a |a⟩ ⊗ E_m|a⟩ (⟨v_m|v_n⟩ = d·δ_mn) the
 * Choi matrix is Σ χ_mn |v_m⟩⟨v_n|, so χ_mn = Σ_ab (E_m† ε(|a⟩⟨b|) E_n)_ab / d².
 */
export function chiFromImages(images: readonly ComplexMatrix[], nQubits: number): ComplexMatrix {
  const d = 2 ** nQubits;
  if (images.length !== d * d) {
    throw new ValidationError(`A ${nQubits}-qubit channel needs ${d * d} images (got ${images.length})`, {
      field: 'images',
    });
  }
  const size = d * d;
  const basis = Array.from({ length: size }, (_, m) => pauliBasisOperator(m, nQubits));
  const chi = new ComplexMatrix(size, size);
  for (let m = 0; m < size; m++) {
    const left = basis[m]!.conjugateTranspose();
    // (E_m† ε_ab)_{a,·}: only row a of each product is needed.
    const rows = images.map((image, ab) => rowOf(left.multiply(image), Math.floor(ab / d)));
    for (let n = 0; n < size; n++) {
      const e = basis[n]!;
      let re = 0;
      let im = 0;
      for (let ab = 0; ab < size; ab++) {
        const b = ab % d;
        const row = rows[ab]!;
        for (let k = 0; k < d; k++) {
          const xr = row[2 * k]!;
          const xi = row[2 * k + 1]!;
          const y = e.get(k, b);
          re += xr * y.re - xi * y.im;
          im += xr * y.im + xi * y.re;
        }
      }
      chi.set(m, n, { re: re / (d * d), im: im / (d * d) });
    }
  }
  return chi;
}

function rowOf(matrix: ComplexMatrix, r: number): Float64Array {
  return matrix.data.subarray(2 * r * matrix.cols, 2 * (r + 1) * matrix.cols);
}

/** c_m = Tr(E_m† U) over the Pauli basis. */
function pauliCoefficients(operator: ComplexMatrix, nQubits: number): Complex[] {
  const size = 4 ** nQubits;
  return Array.from({ length: size }, (_, m) =>
    pauliBasisOperator(m, nQubits).conjugateTranspose().multiply(operator).trace(),
  );
}

/** @throws ValidationError (field `operator`) unless a 2ⁿ×2ⁿ matrix. */
export function qubitCount(operator: ComplexMatrix, field = 'operator'): number {
  const n = Math.log2(operator.rows);
  if (!(operator instanceof ComplexMatrix) || !operator.isSquare || !Number.isInteger(n) || n < 1) {
    throw new ValidationError(`${field} must be a 2ⁿ×2ⁿ matrix (got ${operator?.rows}×${operator?.cols})`, {
      field,
    });
  }
  return n;
}

/**
 * The χ matrix of the ideal gate ρ ↦ UρU† (Perceval's `chi_target`): χ = c·c†/d² with c_m = Tr(E_m† U); its
 * trace is 1 for a unitary U.
 */
export function chiTarget(operator: ComplexMatrix): ComplexMatrix {
  const n = qubitCount(operator);
  const d = 2 ** n;
  const c = pauliCoefficients(operator, n);
  const chi = new ComplexMatrix(c.length, c.length);
  c.forEach((cm, m) => {
    c.forEach((cn, k) => {
      chi.set(m, k, {
        re: (cm.re * cn.re + cm.im * cn.im) / (d * d),
        im: (cm.im * cn.re - cm.re * cn.im) / (d * d),
      });
    });
  });
  return chi;
}

/** Re Tr(χ·χ_ideal): the process fidelity of two χ matrices (Perceval's `process_fidelity`), also of two density matrices' overlap. */
export function processFidelity(computed: ComplexMatrix, ideal: ComplexMatrix): number {
  return computed.multiply(ideal).trace().re;
}

/** Uhlmann's fidelity (Tr √(√σ ρ √σ))² of a state ρ to a target σ (Perceval's `state_fidelity`). */
export function stateFidelity(target: ComplexMatrix, computed: ComplexMatrix): number {
  const root = psdSqrt(target);
  const inner = root.multiply(computed).multiply(root);
  // Hermitian up to rounding: symmetrise before the eigen-decomposition.
  const symmetric = inner.add(inner.conjugateTranspose()).scale(0.5);
  return psdSqrt(symmetric).trace().re ** 2;
}

/**
 * The error process matrix V·χ·V† with V_mn = Tr(E_m† E_n U†)/d (Perceval's `error_process_matrix`): the χ matrix
 * of the error channel after the ideal gate is undone; its (0, 0) element is the process fidelity.
 */
export function errorProcessMatrix(chi: ComplexMatrix, operator: ComplexMatrix): ComplexMatrix {
  const n = qubitCount(operator);
  const d = 2 ** n;
  const size = 4 ** n;
  const basis = Array.from({ length: size }, (_, m) => pauliBasisOperator(m, n));
  const dagger = operator.conjugateTranspose();
  const v = new ComplexMatrix(size, size);
  for (let m = 0; m < size; m++) {
    const left = basis[m]!.conjugateTranspose();
    for (let k = 0; k < size; k++) {
      const t = left.multiply(basis[k]!).multiply(dagger).trace();
      v.set(m, k, { re: t.re / d, im: t.im / d });
    }
  }
  return v.multiply(chi).multiply(v.conjugateTranspose());
}

/** What {@link isPhysical} finds. */
export interface PhysicalityReport {
  /** Tr χ = 1 to 1e-8. */
  traceOne: boolean;
  /** χ = χ† to 1e-8. */
  hermitian: boolean;
  /** χ's eigenvalues (those of the Choi matrix, up to a factor) are ≥ −tolerance. */
  completelyPositive: boolean;
}

/** Perceval's `is_physical`: whether a χ matrix (or a density matrix) is trace-one, Hermitian and positive. */
export function isPhysical(chi: ComplexMatrix, eigenTolerance = 1e-6): PhysicalityReport {
  const trace = chi.trace();
  const traceOne = Math.abs(trace.re - 1) <= 1e-8 && Math.abs(trace.im) <= 1e-8;
  const hermitian = chi.equals(chi.conjugateTranspose(), 1e-8);
  // In the orthogonal basis v_m the Choi matrix is unitarily similar to d·χ: same signs of eigenvalues.
  const completelyPositive =
    hermitian &&
    hermitianEigen(chi.add(chi.conjugateTranspose()).scale(0.5)).values.every((v) => v >= -eigenTolerance);
  return { traceOne, hermitian, completelyPositive };
}
