import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';

/** A Pauli operator (with the identity), in Perceval's `PauliType` order. */
export type PauliName = 'I' | 'X' | 'Y' | 'Z';

/** I, X, Y, Z: the order of the Pauli basis (index m of a basis operator counts in base 4, qubit 0 first). */
export const PAULI_NAMES: readonly PauliName[] = Object.freeze(['I', 'X', 'Y', 'Z']);

/** A one-qubit state prepared at a gate's input: the eigenstates of Z (`0`, `1`), X (`+`, `-`) and Y (`+i`, `-i`). */
export type PreparedState = '0' | '1' | '+' | '-' | '+i' | '-i';

/** Every preparable state. */
export const PREPARED_STATES: readonly PreparedState[] = Object.freeze(['0', '1', '+', '-', '+i', '-i']);

const S = Math.SQRT1_2;

/** The ket of a prepared state, as [re0, im0, re1, im1]. */
const KETS: Record<PreparedState, readonly number[]> = {
  '0': [1, 0, 0, 0],
  '1': [0, 0, 1, 0],
  '+': [S, 0, S, 0],
  '-': [S, 0, -S, 0],
  '+i': [S, 0, 0, S],
  '-i': [S, 0, 0, -S],
};

/** The 2×2 matrix of a Pauli operator. */
export function pauliMatrix(name: PauliName): ComplexMatrix {
  switch (name) {
    case 'I':
      return ComplexMatrix.identity(2);
    case 'X':
      return ComplexMatrix.fromRows([
        [0, 1],
        [1, 0],
      ]);
    case 'Y':
      return ComplexMatrix.fromRows([
        [0, { re: 0, im: -1 }],
        [{ re: 0, im: 1 }, 0],
      ]);
    case 'Z':
      return ComplexMatrix.fromRows([
        [1, 0],
        [0, -1],
      ]);
  }
}

/** The tensor product of one matrix per qubit, qubit 0 first (the most significant index). */
export function kronAll(factors: readonly ComplexMatrix[]): ComplexMatrix {
  return factors.reduce((acc, f) => acc.kron(f), new ComplexMatrix(1, 1, Float64Array.of(1, 0)));
}

/** The digits of `index` in base `base`, `count` of them, most significant first. */
export function digits(index: number, base: number, count: number): number[] {
  const out = new Array<number>(count);
  for (let k = count - 1; k >= 0; k--) {
    out[k] = index % base;
    index = Math.floor(index / base);
  }
  return out;
}

/** The Pauli string of basis index m: base-4 digits, qubit 0 first (Perceval's `_get_fixed_basis_ops`). */
export function pauliString(m: number, nQubits: number): PauliName[] {
  return digits(m, 4, nQubits).map((d) => PAULI_NAMES[d]!);
}

/** The basis operator E_m = P_{m,0} ⊗ … ⊗ P_{m,n−1}. */
export function pauliBasisOperator(m: number, nQubits: number): ComplexMatrix {
  return kronAll(pauliString(m, nQubits).map(pauliMatrix));
}

/** The density matrix |ψ⟩⟨ψ| of one prepared state per qubit. */
export function preparedDensityMatrix(states: readonly PreparedState[]): ComplexMatrix {
  return kronAll(
    states.map((state) => {
      const [a, b, c, d] = KETS[state];
      const ket = new ComplexMatrix(2, 1, Float64Array.of(a!, b!, c!, d!));
      return ket.multiply(ket.conjugateTranspose());
    }),
  );
}

/** @throws ValidationError (field) unless every entry is a {@link PreparedState}. */
export function checkPreparation(
  states: readonly unknown[],
  nQubits: number,
  field: string,
): PreparedState[] {
  if (!Array.isArray(states) || states.length !== nQubits) {
    throw new ValidationError(`${field} must list one prepared state per qubit (${nQubits})`, { field });
  }
  for (const s of states) {
    if (!PREPARED_STATES.includes(s as PreparedState)) {
      throw new ValidationError(
        `${field}: '${String(s)}' is not a prepared state (expected one of ${PREPARED_STATES.join(', ')})`,
        { field },
      );
    }
  }
  return states as PreparedState[];
}
