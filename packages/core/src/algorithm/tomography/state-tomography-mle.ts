import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { type MaximumLikelihoodOptions, maximumLikelihood, splitMleOptions } from './maximum-likelihood.js';
import { checkPreparation, kronAll, type PreparedState, preparedDensityMatrix } from './pauli.js';
import { measurementSettings } from './state-tomography.js';
import {
  type MeasurementBasis,
  type SettingOutcome,
  type TomographyAsyncOptions,
  TomographyExperiment,
  type TomographyOptions,
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

/** Options of the maximum-likelihood tomographies: the Sampler's and the reconstruction's. */
export type TomographyMLEOptions = TomographyOptions & MaximumLikelihoodOptions;

/**
 * Perceval's `StateTomographyMLE`: the density matrix (positive, trace 1) most likely to have produced the
 * 3ⁿ Pauli measurements of a gate's output, by an accelerated projected gradient.
 */
export class StateTomographyMLE {
  readonly #experiment: TomographyExperiment;
  readonly #mle: MaximumLikelihoodOptions;

  /** @throws ValidationError for a processor that is not a gate on 1 to 3 dual-rail qubits, or bad options. */
  constructor(processor: TomographyProcessor, options: TomographyMLEOptions = {}) {
    const { mle, rest } = splitMleOptions(options);
    this.#mle = mle;
    this.#experiment = new TomographyExperiment(processor, rest);
  }

  get nQubits(): number {
    return this.#experiment.nQubits;
  }

  /** The reconstructed density matrix of the output for `preparation` (default all `'0'`), blocking. */
  compute(preparation?: readonly PreparedState[]): ComplexMatrix {
    const prep = this.#preparation(preparation);
    return this.#reconstruct(this.#experiment.run(this.#settings(prep)));
  }

  /** As {@link compute}, without blocking; abortable through `options.signal`. */
  async computeAsync(
    preparation?: readonly PreparedState[],
    options: TomographyAsyncOptions = {},
  ): Promise<ComplexMatrix> {
    const prep = this.#preparation(preparation);
    return this.#reconstruct(await this.#experiment.runAsync(this.#settings(prep), options));
  }

  #preparation(preparation: readonly PreparedState[] | undefined): PreparedState[] {
    return checkPreparation(
      preparation ?? new Array<PreparedState>(this.nQubits).fill('0'),
      this.nQubits,
      'preparation',
    );
  }

  #settings(preparation: PreparedState[]) {
    return measurementSettings(this.nQubits).map((measurement) => ({ preparation, measurement }));
  }

  #reconstruct(outcomes: SettingOutcome[]): ComplexMatrix {
    const n = this.nQubits;
    const d = 2 ** n;
    const guess = kronAll(new Array(n).fill(ComplexMatrix.identity(2))).scale(1 / d);
    return maximumLikelihood(pauliPovm(n), povmFrequencies(outcomes, n), guess, this.#mle);
  }
}
