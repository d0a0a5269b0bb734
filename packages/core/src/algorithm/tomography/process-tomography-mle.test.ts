// The χ matrix of a process from its Choi matrix, on channels whose χ is known: χ has a single 1 at the Pauli
// operator a unitary Pauli channel applies.
import { describe, expect, it } from 'vitest';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { kronAll, PAULI_NAMES, pauliMatrix } from './pauli.js';
import { chiFromChoi } from './process-tomography-mle.js';

/** The Choi matrix Σ_ab |a⟩⟨b| ⊗ U|a⟩⟨b|U† / d of the one-qubit channel ρ ↦ UρU†. */
function choiOf(u: ComplexMatrix): ComplexMatrix {
  let choi = new ComplexMatrix(4, 4);
  for (let a = 0; a < 2; a++) {
    for (let b = 0; b < 2; b++) {
      const ab = new ComplexMatrix(2, 2);
      ab.set(a, b, { re: 1, im: 0 });
      choi = choi.add(kronAll([ab, u.multiply(ab).multiply(u.conjugateTranspose())]).scale(0.5));
    }
  }
  return choi;
}

describe('chiFromChoi', () => {
  it.each(PAULI_NAMES.map((name, index) => [name, index] as const))(
    'gives χ with a single 1 on %s for the channel ρ ↦ PρP (entry %i)',
    (name, index) => {
      const chi = chiFromChoi(choiOf(pauliMatrix(name)), 1);
      const expected = new ComplexMatrix(4, 4);
      expected.set(index, index, { re: 1, im: 0 });
      expect(chi.equals(expected, 1e-15)).toBe(true);
    },
  );

  it('spreads a Hadamard over X and Z: H = (X + Z)/√2, so χ is ½ on the X, Z block', () => {
    const h = pauliMatrix('X').add(pauliMatrix('Z')).scale(Math.SQRT1_2);
    const chi = chiFromChoi(choiOf(h), 1);
    for (const [m, n] of [
      [1, 1],
      [1, 3],
      [3, 1],
      [3, 3],
    ])
      expect(chi.get(m!, n!).re).toBeCloseTo(0.5, 14);
    expect(chi.trace().re).toBeCloseTo(1, 14);
    expect(chi.get(0, 0).re).toBeCloseTo(0, 14);
  });
});
