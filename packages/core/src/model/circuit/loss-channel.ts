import { ValidationError } from '../../errors/index.js';
import type { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';
import type { Parameter } from './parameter.js';

/**
 * A loss channel on one mode, as Perceval's `LC`: each photon is lost with probability `loss`. It is not
 * unitary, so a circuit holding one has no unitary matrix and must be simulated through a Processor, which
 * models the loss as a beam splitter of reflectivity `loss` towards an extra, unobserved mode.
 */
export class LC extends Component {
  /**
   * @param loss - probability in [0, 1] that a photon is lost
   * @throws ValidationError naming `loss` when it is not finite or out of range
   */
  constructor(loss: number | Parameter) {
    super(1, 'LC');
    this.defineParameter('loss', loss, { min: 0, max: 1, periodic: false });
  }

  override get isUnitary(): boolean {
    return false;
  }

  /**
   * The current loss probability.
   *
   * @throws ValidationError naming the parameter when `loss` is a parameter without a value
   */
  get loss(): number {
    return this.valueOf('loss');
  }

  /**
   * Always throws: a loss channel has no unitary matrix.
   *
   * @throws ValidationError explaining to simulate the circuit through a Processor
   */
  override computeUnitary(_options: UnitaryOptions = {}): ComplexMatrix {
    throw notUnitary();
  }

  override describe(): string {
    return `LC(${this.describeSlots()})`;
  }

  protected override buildUnitary(_options: UnitaryOptions): ComplexMatrix {
    throw notUnitary();
  }
}

function notUnitary(): ValidationError {
  return new ValidationError(
    'LC (loss channel) is not unitary, so it has no unitary matrix: simulate a circuit with loss through a ' +
      'Processor, which handles loss channels',
    { field: 'component' },
  );
}
