// The Pauli basis and the prepared states that tomography builds on, against their textbook definitions.
import { describe, expect, it } from 'vitest';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import {
  checkPreparation,
  kronAll,
  PAULI_NAMES,
  PREPARED_STATES,
  pauliMatrix,
  preparedDensityMatrix,
} from './pauli.js';

const I = { re: 0, im: 1 };

describe('Pauli operators', () => {
  it("come in Perceval's PauliType order I, X, Y, Z", () => {
    expect(PAULI_NAMES).toEqual(['I', 'X', 'Y', 'Z']);
    expect(Object.isFrozen(PAULI_NAMES)).toBe(true);
  });

  it('are the textbook matrices: Hermitian, squaring to I, and XY = iZ', () => {
    expect(
      pauliMatrix('Y').equals(
        ComplexMatrix.fromRows([
          [0, { re: 0, im: -1 }],
          [I, 0],
        ]),
      ),
    ).toBe(true);
    for (const name of PAULI_NAMES) {
      const p = pauliMatrix(name);
      expect(p.equals(p.conjugateTranspose()), name).toBe(true);
      expect(p.multiply(p).equals(ComplexMatrix.identity(2), 1e-15), name).toBe(true);
    }
    const xy = pauliMatrix('X').multiply(pauliMatrix('Y'));
    expect(xy.equals(pauliMatrix('Z').scale(I), 1e-15)).toBe(true);
  });

  it('kronAll puts qubit 0 on the most significant index: X ⊗ I flips the first qubit of |01⟩ to |11⟩', () => {
    const xi = kronAll([pauliMatrix('X'), pauliMatrix('I')]);
    expect([xi.rows, xi.cols]).toEqual([4, 4]);
    // column |01⟩ (index 1) has its 1 on row |11⟩ (index 3)
    expect(xi.get(3, 1)).toEqual({ re: 1, im: 0 });
    expect(xi.get(1, 1)).toEqual({ re: 0, im: 0 });
    expect(kronAll([]).equals(ComplexMatrix.identity(1))).toBe(true);
  });
});

describe('prepared states', () => {
  it('are the six eigenstates of X, Y and Z, each a pure state of the right Pauli expectation', () => {
    expect(PREPARED_STATES).toEqual(['0', '1', '+', '-', '+i', '-i']);
    const expectation = {
      '0': ['Z', 1],
      '1': ['Z', -1],
      '+': ['X', 1],
      '-': ['X', -1],
      '+i': ['Y', 1],
      '-i': ['Y', -1],
    } as const;
    for (const state of PREPARED_STATES) {
      const rho = preparedDensityMatrix([state]);
      const [pauli, value] = expectation[state];
      expect(rho.multiply(pauliMatrix(pauli)).trace().re, state).toBeCloseTo(value, 14);
      expect(rho.multiply(rho).equals(rho, 1e-15), `${state} is pure`).toBe(true);
    }
  });

  it('checkPreparation accepts one prepared state per qubit and names the field of anything else', () => {
    expect(checkPreparation(['+', '-i'], 2, 'preparation')).toEqual(['+', '-i']);
    expect(() => checkPreparation(['0'], 2, 'preparation')).toThrow(
      expect.objectContaining({ name: 'ValidationError', field: 'preparation' }),
    );
    expect(() => checkPreparation(['0', 'H'], 2, 'inputs')).toThrow(/'H' is not a prepared state/);
  });
});
