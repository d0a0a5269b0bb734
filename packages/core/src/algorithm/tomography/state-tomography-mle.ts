import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { MaximumLikelihoodGateTomography, type TomographyMLEOptions } from './gate-tomography.js';
import { maximumLikelihood } from './maximum-likelihood.js';
import { kronAll, type PreparedState, preparedDensityMatrix } from './pauli.js';
import {
  type MeasurementBasis,
  measurementSettings,
  type SettingOutcome,
  type TomographyAsyncOptions,
  type TomographyProcessor,
} from './tomography-experiment.js';

/** The eigenstate a measurement outcome bit stands for, per basis: bit 0 is the +1 eigenstate. */
const EIGENSTATES: Record<MeasurementBasis, readonly [PreparedState, PreparedState]> = {
  Z: ['0', '1'],
  X: ['+', '-'],
  Y: ['+i', '-i'],
};

/**
 * The POVM of the 3ⁿ Pauli settings: for setting s and outcome b, |e⟩⟨e|/3ⁿ with e the product of the measured
 * eigenstates; operators in (setting, outcome) order, as the data.
 */
export function pauliPovm(nQubits: number): ComplexMatrix[] {
  const third = 1 / 3 ** nQubits;
  return measurementSettings(nQubits).flatMap((bases) =>
    Array.from({ length: 2 ** nQubits }, (_, b) =>
      preparedDensityMatrix(bases.map((basis, j) => EIGENSTATES[basis][(b >> (nQubits - 1 - j)) & 1]!)).scale(
        third,
      ),
    ),
  );
}

/** The frequencies of the POVM elements: each setting's normalised outcome probabilities over 3ⁿ. */
export function povmFrequencies(outcomes: readonly SettingOutcome[], nQubits: number): number[] {
  const third = 1 / 3 ** nQubits;
  return outcomes.flatMap(({ probabilities, logicalPerf }) =>
    probabilities.map((p) => (p / logicalPerf) * third),
  );
}

/**
 * Perceval's `StateTomographyMLE`: the density matrix (positive, trace 1) most likely to have produced the
 * 3ⁿ Pauli measurements of a gate's output, by an accelerated projected gradient.
 */
export class StateTomographyMLE extends MaximumLikelihoodGateTomography {
  /** @throws ValidationError for a processor that is not a gate on 1 to 3 dual-rail qubits, or bad options. */
  constructor(processor: TomographyProcessor, options: TomographyMLEOptions = {}) {
    super(processor, options);
  }

  /** The reconstructed density matrix of the output for `preparation` (default all `'0'`), blocking. */
  compute(preparation?: readonly PreparedState[]): ComplexMatrix {
    const prep = this.preparation(preparation);
    return this.#reconstruct(this.experiment.run(this.stateSettings(prep)));
  }

  /** As {@link compute}, without blocking; abortable through `options.signal`. */
  async computeAsync(
    preparation?: readonly PreparedState[],
    options: TomographyAsyncOptions = {},
  ): Promise<ComplexMatrix> {
    const prep = this.preparation(preparation);
    return this.#reconstruct(await this.experiment.runAsync(this.stateSettings(prep), options));
  }

  #reconstruct(outcomes: SettingOutcome[]): ComplexMatrix {
    const n = this.nQubits;
    const d = 2 ** n;
    const guess = kronAll(new Array(n).fill(ComplexMatrix.identity(2))).scale(1 / d);
    return maximumLikelihood(pauliPovm(n), povmFrequencies(outcomes, n), guess, this.mle);
  }
}
