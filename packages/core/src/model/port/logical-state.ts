import { ValidationError } from '../../errors/index.js';

/**
 * A register of qubit values, as Perceval's `LogicalState`: written `|01>` (qubit 0 first), built from an array of
 * 0s and 1s or from text (`'01'`, `'|01>'`, `'|0,1>'`).
 */
export class LogicalState {
  readonly #bits: readonly number[];

  /** @throws ValidationError (field `logicalState`) for anything but 0s and 1s. */
  constructor(bits: readonly number[] | string = []) {
    const values = typeof bits === 'string' ? parseBits(bits) : bits;
    if (!Array.isArray(values) || values.some((b) => b !== 0 && b !== 1)) {
      throw new ValidationError(`A logical state holds only 0s and 1s (got ${JSON.stringify(bits)})`, {
        field: 'logicalState',
      });
    }
    this.#bits = Object.freeze([...values]);
  }

  /** Number of qubits. */
  get length(): number {
    return this.#bits.length;
  }

  /** The qubit values. */
  get bits(): readonly number[] {
    return this.#bits;
  }

  /** The qubits of both registers, this one first (Perceval's `+`). */
  concat(other: LogicalState): LogicalState {
    return new LogicalState([...this.#bits, ...other.#bits]);
  }

  equals(other: LogicalState): boolean {
    return other instanceof LogicalState && other.toString() === this.toString();
  }

  /** `|01>`, as Perceval prints it. */
  toString(): string {
    return `|${this.#bits.join('')}>`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function parseBits(text: string): number[] {
  const inner = text.trim().replace(/^\|/, '').replace(/>$/, '').replace(/[\s,]/g, '');
  return [...inner].map((c) => (c === '0' ? 0 : c === '1' ? 1 : Number.NaN));
}

/**
 * The 2ⁿ logical states of n qubits in binary order (`|00>`, `|01>`, `|10>`, `|11>`), as Perceval's
 * `generate_all_logical_states`.
 * @throws ValidationError (field `n`) unless 0 ≤ n ≤ 20.
 */
export function generateAllLogicalStates(n: number): LogicalState[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > 20) {
    throw new ValidationError(`generateAllLogicalStates needs a qubit count in [0, 20] (got ${String(n)})`, {
      field: 'n',
    });
  }
  return Array.from({ length: 2 ** n }, (_, value) => {
    const bits: number[] = [];
    for (let q = n - 1; q >= 0; q--) bits.push((value >> q) & 1);
    return new LogicalState(bits);
  });
}
