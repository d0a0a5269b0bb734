import { describe, expect, it } from 'vitest';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { pauliBasisOperator, preparedDensityMatrix } from './pauli.js';
import {
  chiFromImages,
  chiTarget,
  errorProcessMatrix,
  isPhysical,
  processFidelity,
  stateFidelity,
} from './process-map.js';

const CNOT = ComplexMatrix.fromRows([
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 0, 1],
  [0, 0, 1, 0],
]);

/** ε(|a⟩⟨b|) = U|a⟩⟨b|U† for every matrix unit. */
function unitaryImages(u: ComplexMatrix): ComplexMatrix[] {
  const d = u.rows;
  return Array.from({ length: d * d }, (_, ab) => {
    const unit = new ComplexMatrix(d, d).set(Math.floor(ab / d), ab % d, { re: 1, im: 0 });
    return u.multiply(unit).multiply(u.conjugateTranspose());
  });
}

describe('χ matrices (Perceval tomography_utils / abstract_process_tomography)', () => {
  it('the χ of X is |X⟩⟨X|: a single 1 at (1, 1) of the Pauli basis I, X, Y, Z', () => {
    const chi = chiTarget(pauliBasisOperator(1, 1));
    expect(chi.get(1, 1).re).toBeCloseTo(1, 12);
    expect(chi.trace().re).toBeCloseTo(1, 12);
    expect(chi.get(0, 0).re).toBeCloseTo(0, 12);
  });

  it('chiFromImages recovers the χ of a unitary channel, whose process fidelity with itself is 1', () => {
    for (const u of [CNOT, ComplexMatrix.randomUnitary(4, 5), ComplexMatrix.randomUnitary(2, 6)]) {
      const n = Math.log2(u.rows);
      const chi = chiFromImages(unitaryImages(u), n);
      expect(chi.equals(chiTarget(u), 1e-12)).toBe(true);
      expect(processFidelity(chi, chiTarget(u))).toBeCloseTo(1, 12);
      expect(isPhysical(chi)).toEqual({ traceOne: true, hermitian: true, completelyPositive: true });
    }
    expect(processFidelity(chiTarget(CNOT), chiTarget(ComplexMatrix.identity(4)))).toBeCloseTo(0.25, 12);
  });

  it('the error process matrix of the ideal gate is the identity channel: 1 at (0, 0)', () => {
    const error = errorProcessMatrix(chiTarget(CNOT), CNOT);
    expect(error.get(0, 0).re).toBeCloseTo(1, 12);
    expect(error.trace().re).toBeCloseTo(1, 12);
  });

  it("stateFidelity is Uhlmann's: 1 for equal states, ½ between |0⟩ and |+⟩, |⟨ψ|φ⟩|² for pure states", () => {
    const zero = preparedDensityMatrix(['0']);
    const plus = preparedDensityMatrix(['+']);
    expect(stateFidelity(zero, zero)).toBeCloseTo(1, 9);
    expect(stateFidelity(zero, plus)).toBeCloseTo(0.5, 9);
    expect(stateFidelity(preparedDensityMatrix(['+i', '1']), preparedDensityMatrix(['+', '1']))).toBeCloseTo(
      0.5,
      9,
    );
  });

  it('refuses operators that are not on qubits and the wrong number of images', () => {
    expect(() => chiTarget(ComplexMatrix.identity(3))).toThrow(/2ⁿ×2ⁿ/);
    expect(() => chiFromImages([], 1)).toThrow(/needs 4 images/);
  });
});
