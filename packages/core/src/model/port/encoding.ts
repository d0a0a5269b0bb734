import { ValidationError } from '../../errors/index.js';

/**
 * How qubits are written on photons, as Perceval's `Encoding`:
 * - `DUAL_RAIL`: one qubit on one photon in two modes, |0> = |1,0>, |1> = |0,1>;
 * - `RAW`: one qubit as the presence of a photon in one mode, |0> = |0>, |1> = |1>;
 * - `POLARIZATION`: one qubit on the polarization of one photon in one mode, |0> = |{P:H}>, |1> = |{P:V}>;
 * - `QUDITn` (n = 2…7): n qubits on one photon in 2ⁿ modes, the photon's mode is the binary number of the qubits.
 */
export class Encoding {
  /** Perceval's name (`DUAL_RAIL`, `RAW`, `QUDIT2`, …). */
  readonly name: string;
  /** Number of qubits it holds. */
  readonly logicalLength: number;
  /** Number of modes it spans. */
  readonly fockLength: number;

  private constructor(name: string, logicalLength: number, fockLength: number) {
    this.name = name;
    this.logicalLength = logicalLength;
    this.fockLength = fockLength;
    Object.freeze(this);
  }

  static readonly DUAL_RAIL = new Encoding('DUAL_RAIL', 1, 2);
  static readonly POLARIZATION = new Encoding('POLARIZATION', 1, 1);
  static readonly RAW = new Encoding('RAW', 1, 1);
  static readonly QUDIT2 = new Encoding('QUDIT2', 2, 4);
  static readonly QUDIT3 = new Encoding('QUDIT3', 3, 8);
  static readonly QUDIT4 = new Encoding('QUDIT4', 4, 16);
  static readonly QUDIT5 = new Encoding('QUDIT5', 5, 32);
  static readonly QUDIT6 = new Encoding('QUDIT6', 6, 64);
  static readonly QUDIT7 = new Encoding('QUDIT7', 7, 128);

  /** Every encoding, in Perceval's order. */
  static get all(): readonly Encoding[] {
    return ALL;
  }

  /**
   * The encoding called `name` (case-insensitive, e.g. `'dual_rail'`).
   * @throws ValidationError (field `encoding`) for an unknown name.
   */
  static fromName(name: string): Encoding {
    const found = ALL.find((e) => e.name === String(name).toUpperCase());
    if (found === undefined) {
      throw new ValidationError(
        `Unknown encoding '${String(name)}' (expected one of ${ALL.map((e) => e.name).join(', ')})`,
        { field: 'encoding' },
      );
    }
    return found;
  }

  /**
   * The Fock occupations encoding `qubits` (each 0 or 1, `logicalLength` of them).
   * @throws ValidationError (field `logicalState`) for the wrong number of qubits.
   */
  toFock(qubits: readonly number[]): number[] {
    if (qubits.length !== this.logicalLength) {
      throw new ValidationError(
        `${this.name} holds ${this.logicalLength} qubit(s) but ${qubits.length} were given`,
        { field: 'logicalState' },
      );
    }
    if (this === Encoding.RAW) return [qubits[0]!];
    if (this === Encoding.POLARIZATION) return [1]; // the qubit is the photon's polarization (see getBasicStateFromEncoding)
    if (this === Encoding.DUAL_RAIL) return qubits[0] ? [0, 1] : [1, 0];
    const fock = new Array<number>(this.fockLength).fill(0);
    fock[qubits.reduce((value, bit) => 2 * value + bit, 0)] = 1;
    return fock;
  }

  toString(): string {
    return this.name;
  }
}

const ALL: readonly Encoding[] = Object.freeze([
  Encoding.DUAL_RAIL,
  Encoding.POLARIZATION,
  Encoding.RAW,
  Encoding.QUDIT2,
  Encoding.QUDIT3,
  Encoding.QUDIT4,
  Encoding.QUDIT5,
  Encoding.QUDIT6,
  Encoding.QUDIT7,
]);
