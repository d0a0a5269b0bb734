import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';

/**
 * A polarizing beam splitter on two spatial modes, as Perceval's `PBS`: horizontal light crosses to the other mode,
 * vertical light stays. On the polarized modes (0H, 0V, 1H, 1V) its unitary swaps 0H and 1H:
 * `[[0,0,1,0], [0,1,0,0], [1,0,0,0], [0,0,0,1]]`.
 */
export class PBS extends Component {
  constructor() {
    super(2, 'PBS');
  }

  override get requiresPolarization(): boolean {
    return true;
  }

  override describe(): string {
    return 'PBS()';
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    return ComplexMatrix.fromRows([
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
  }
}
