import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';
import type { Parameter } from './parameter.js';

/**
 * A wave plate on one spatial mode, as Perceval's `WP(delta, xsi)`: a retardance δ (proportional to its thickness)
 * with its optical axis at angle ξ in the (H, V) plane. On (H, V):
 * `[[cos δ + i sin δ cos 2ξ, i sin δ sin 2ξ], [i sin δ sin 2ξ, cos δ − i sin δ cos 2ξ]]`.
 */
export class WP extends Component {
  /**
   * @param delta - retardance δ, in [−π, π]
   * @param xsi - angle ξ of the optical axis, in [−π, π]
   * @throws ValidationError naming `delta` or `xsi` when a value is not finite
   */
  constructor(delta: number | Parameter, xsi: number | Parameter, name = 'WP') {
    super(1, name);
    this.defineParameter('delta', delta, { min: -Math.PI, max: Math.PI, periodic: true });
    this.defineParameter('xsi', xsi, { min: -Math.PI, max: Math.PI, periodic: true });
  }

  override get requiresPolarization(): boolean {
    return true;
  }

  override describe(): string {
    return `WP(${this.describeSlots()})`;
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    const delta = this.valueOf('delta');
    const xsi = this.valueOf('xsi');
    const [c, s] = [Math.cos(delta), Math.sin(delta)];
    const [c2, s2] = [Math.cos(2 * xsi), Math.sin(2 * xsi)];
    return ComplexMatrix.fromRows([
      [
        { re: c, im: s * c2 },
        { re: 0, im: s * s2 },
      ],
      [
        { re: 0, im: s * s2 },
        { re: c, im: -s * c2 },
      ],
    ]);
  }
}

/** A half-wave plate, as Perceval's `HWP(xsi)`: `WP(π/2, ξ)`, which rotates linear polarizations by 2ξ. */
export class HWP extends WP {
  /** @param xsi - angle ξ of the optical axis, in [−π, π] */
  constructor(xsi: number | Parameter) {
    super(Math.PI / 2, xsi, 'HWP');
  }

  override describe(): string {
    return `HWP(${this.describeSlots({ delta: Math.PI / 2 })})`;
  }
}

/** A quarter-wave plate, as Perceval's `QWP(xsi)`: `WP(π/4, ξ)`, which turns linear into elliptical polarization. */
export class QWP extends WP {
  /** @param xsi - angle ξ of the optical axis, in [−π, π] */
  constructor(xsi: number | Parameter) {
    super(Math.PI / 4, xsi, 'QWP');
  }

  override describe(): string {
    return `QWP(${this.describeSlots({ delta: Math.PI / 4 })})`;
  }
}
