import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';

/**
 * A barrier over `m` consecutive modes, as Perceval's `Barrier`: the identity. It only separates sections of a
 * circuit for display and has no effect on photons.
 */
export class Barrier extends Component {
  /**
   * @param m - number of modes covered
   * @throws ValidationError naming `m` when it is not a positive integer
   */
  constructor(m: number) {
    super(m, 'I');
  }

  override describe(): string {
    return `Barrier(${this.m})`;
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    return ComplexMatrix.identity(this.m);
  }
}
