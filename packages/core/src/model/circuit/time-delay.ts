import { ValidationError } from '../../errors/index.js';
import type { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';
import type { Parameter } from './parameter.js';

/**
 * A time delay on one mode, as Perceval's `TD(t)`: a fibre loop holding light back by `t` periods of the source,
 * so photons of earlier pulses meet those of later ones. It is not unitary on one pulse: a Processor simulates it
 * by unrolling the circuit over time steps (Perceval's delay simulation). `t` must be a whole number of periods
 * when the circuit runs.
 */
export class TD extends Component {
  /**
   * @param t - the delay in periods, a non-negative number (whole when simulated)
   * @throws ValidationError naming `t` when it is not finite or negative
   */
  constructor(t: number | Parameter) {
    super(1, 'TD');
    this.defineParameter('t', t, { min: 0, periodic: false });
  }

  override get isUnitary(): boolean {
    return false;
  }

  /**
   * The current delay in periods.
   * @throws ValidationError naming the parameter when `t` has no value
   */
  get t(): number {
    return this.valueOf('t');
  }

  /**
   * Always throws: a time delay has no unitary matrix.
   * @throws ValidationError explaining to simulate the circuit through a Processor
   */
  override computeUnitary(_options: UnitaryOptions = {}): ComplexMatrix {
    throw notUnitary();
  }

  override describe(): string {
    return `TD(${this.describeSlots()})`;
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    throw notUnitary();
  }
}

function notUnitary(): ValidationError {
  return new ValidationError(
    'TD (time delay) is not unitary on one pulse, so it has no unitary matrix: simulate a circuit with time delays ' +
      'through a Processor, which unrolls it over time steps',
    { field: 'component' },
  );
}
