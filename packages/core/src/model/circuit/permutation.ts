import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';

/**
 * A permutation of consecutive modes, as Perceval's `PERM`: input mode `i` goes to output mode `perm[i]`,
 * i.e. `U[perm[i], i] = 1`. `new PERM([2, 3, 1, 0])` sends 0→2, 1→3, 2→1, 3→0.
 */
export class PERM extends Component {
  readonly #perm: readonly number[];

  /**
   * @param perm - the output mode of each input mode: a permutation of 0 … n−1
   * @throws ValidationError naming `perm` when it is not a permutation
   */
  constructor(perm: readonly number[]) {
    if (!Array.isArray(perm) || perm.length === 0) {
      throw new ValidationError('PERM needs a non-empty array of mode indices', { field: 'perm' });
    }
    const seen = new Array<boolean>(perm.length).fill(false);
    perm.forEach((target, i) => {
      if (!Number.isInteger(target) || target < 0 || target >= perm.length || seen[target]) {
        throw new ValidationError(
          `[${perm.join(', ')}] is not a permutation of 0…${perm.length - 1}: entry ${i} is ${String(target)}`,
          { field: `perm[${i}]` },
        );
      }
      seen[target] = true;
    });
    super(perm.length, 'PERM');
    this.#perm = Object.freeze([...perm]);
  }

  /** The output mode of each input mode. */
  get perm(): readonly number[] {
    return this.#perm;
  }

  override describe(): string {
    return `PERM([${this.#perm.join(', ')}])`;
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    const n = this.m;
    const matrix = new ComplexMatrix(n, n);
    this.#perm.forEach((out, input) => {
      matrix.data[2 * (out * n + input)] = 1;
    });
    return matrix;
  }
}
