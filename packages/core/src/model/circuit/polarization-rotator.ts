import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';
import type { Parameter } from './parameter.js';

/**
 * A polarization rotator on one spatial mode, as Perceval's `PR(delta)`: rotates linear polarizations by δ. On
 * (H, V): `[[cos δ, sin δ], [−sin δ, cos δ]]`.
 */
export class PR extends Component {
  /**
   * @param delta - the rotation angle δ, in [−π, π]
   * @throws ValidationError naming `delta` when it is not finite
   */
  constructor(delta: number | Parameter) {
    super(1, 'PR');
    this.defineParameter('delta', delta, { min: -Math.PI, max: Math.PI, periodic: true });
  }

  override get requiresPolarization(): boolean {
    return true;
  }

  override describe(): string {
    return `PR(${this.describeSlots()})`;
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    const delta = this.valueOf('delta');
    return ComplexMatrix.fromRows([
      [Math.cos(delta), Math.sin(delta)],
      [-Math.sin(delta), Math.cos(delta)],
    ]);
  }
}
