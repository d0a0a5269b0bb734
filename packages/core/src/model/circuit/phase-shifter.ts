import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';
import type { Parameter } from './parameter.js';

/** Options of a {@link PS}. */
export interface PSOptions {
  /**
   * Maximum phase error in [0, π]: each unitary computation adds an error drawn uniformly in
   * [−maxError, +maxError] to φ (Perceval's `max_error`). Default 0.
   */
  maxError?: number | Parameter;
}

/** A phase shifter on one mode, as Perceval's `PS`: the 1×1 matrix `[[e^{iφ}]]`. */
export class PS extends Component {
  /**
   * @param phi - the phase, in [0, 2π]
   * @throws ValidationError naming `phi` or `maxError` when a value is not finite or out of range
   */
  constructor(phi: number | Parameter, options: PSOptions = {}) {
    super(1, 'PS');
    this.defineParameter('phi', phi, { min: 0, max: 2 * Math.PI, periodic: true });
    this.defineParameter('maxError', options.maxError ?? 0, { min: 0, max: Math.PI, periodic: false });
  }

  override describe(): string {
    return `PS(${this.describeSlots({ maxError: 0 })})`;
  }

  protected override buildUnitary(options: UnitaryOptions): ComplexMatrix {
    const maxError = this.valueOf('maxError');
    let phase = this.valueOf('phi');
    if (maxError > 0) phase += maxError * (2 * (options.random ?? Math.random)() - 1);
    return new ComplexMatrix(1, 1, Float64Array.of(Math.cos(phase), Math.sin(phase)));
  }
}
