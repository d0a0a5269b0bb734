import { ValidationError } from '../../errors/index.js';
import type { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { type MaximumLikelihoodOptions, splitMleOptions } from './maximum-likelihood.js';
import { checkPreparation, type PreparedState } from './pauli.js';
import { qubitCount } from './process-map.js';
import {
  measurementSettings,
  TomographyExperiment,
  type TomographyOptions,
  type TomographyProcessor,
  type TomographySetting,
} from './tomography-experiment.js';

/** Options of the maximum-likelihood tomographies: the Sampler's and the reconstruction's. */
export type TomographyMLEOptions = TomographyOptions & MaximumLikelihoodOptions;

/**
 * What every tomography of a gate shares: the {@link TomographyExperiment} that runs its settings on the gate's
 * processor, the gate's qubit count, and the checks of what it is asked about (a preparation, an ideal gate).
 */
export abstract class GateTomography {
  /** Runs the tomography's settings on the gate's processor. */
  protected readonly experiment: TomographyExperiment;

  /** @throws ValidationError when the processor does not hold a gate on 1 to 3 dual-rail qubits, or bad options. */
  protected constructor(processor: TomographyProcessor, options: TomographyOptions) {
    this.experiment = new TomographyExperiment(processor, options);
  }

  /** Number of qubits of the gate. */
  get nQubits(): number {
    return this.experiment.nQubits;
  }

  /**
   * `preparation` checked: one of `'0' '1' '+' '-' '+i' '-i'` per qubit; all `'0'` when not given.
   * @throws ValidationError (field `preparation`) otherwise.
   */
  protected preparation(preparation: readonly PreparedState[] | undefined): PreparedState[] {
    return checkPreparation(
      preparation ?? new Array<PreparedState>(this.nQubits).fill('0'),
      this.nQubits,
      'preparation',
    );
  }

  /** The settings of a state tomography of the output for `preparation`: its 3ⁿ Pauli measurements. */
  protected stateSettings(preparation: PreparedState[]): TomographySetting[] {
    return measurementSettings(this.nQubits).map((measurement) => ({ preparation, measurement }));
  }

  /**
   * `operator` when it acts on as many qubits as the gate.
   * @throws ValidationError (field `operator`) otherwise.
   */
  protected checkOperator(operator: ComplexMatrix): ComplexMatrix {
    if (qubitCount(operator) !== this.nQubits) {
      throw new ValidationError(
        `The operator acts on ${qubitCount(operator)} qubit(s) but the gate on ${this.nQubits}`,
        { field: 'operator' },
      );
    }
    return operator;
  }
}

/** A gate tomography reconstructed by maximum likelihood: it also holds the reconstruction's settings. */
export abstract class MaximumLikelihoodGateTomography extends GateTomography {
  /** The settings of the projected-gradient reconstruction, checked. */
  protected readonly mle: Required<MaximumLikelihoodOptions>;

  /** @throws ValidationError for a processor that is not a gate on 1 to 3 dual-rail qubits, or bad options. */
  protected constructor(processor: TomographyProcessor, options: TomographyMLEOptions) {
    const { mle, rest } = splitMleOptions(options);
    super(processor, rest);
    this.mle = mle;
  }
}
