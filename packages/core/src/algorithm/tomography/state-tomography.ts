import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { GateTomography } from './gate-tomography.js';
import { digits, PAULI_NAMES, type PauliName, type PreparedState, pauliBasisOperator } from './pauli.js';
import type {
  SettingOutcome,
  TomographyAsyncOptions,
  TomographyOptions,
  TomographyProcessor,
} from './tomography-experiment.js';

/**
 * The density matrix from the outcomes of the 3ⁿ measurement settings (in {@link measurementSettings} order):
 * ρ = Σ_P S_P·E_P / 2ⁿ, with the Stokes parameter S_P = Σ_b p(b)·Π_{j: P_j ≠ I} (−1)^{b_j} read on the setting
 * that measures P with I replaced by Z (Perceval's `_stokes_parameter`). Its trace is the logical performance.
 */
export function densityMatrixFromOutcomes(
  outcomes: readonly SettingOutcome[],
  nQubits: number,
): ComplexMatrix {
  const d = 2 ** nQubits;
  let rho = new ComplexMatrix(d, d);
  for (let m = 0; m < d * d; m++) {
    const paulis: PauliName[] = digits(m, 4, nQubits).map((x) => PAULI_NAMES[x]!);
    const setting = paulis.reduce((index, p) => 3 * index + (p === 'X' ? 0 : p === 'Y' ? 1 : 2), 0);
    const { probabilities } = outcomes[setting]!;
    let stokes = 0;
    probabilities.forEach((p, b) => {
      let sign = 1;
      paulis.forEach((pauli, j) => {
        if (pauli !== 'I' && ((b >> (nQubits - 1 - j)) & 1) === 1) sign = -sign;
      });
      stokes += sign * p;
    });
    if (stokes !== 0) rho = rho.add(pauliBasisOperator(m, nQubits).scale(stokes / d));
  }
  return rho;
}

/**
 * Perceval's `StateTomography`: the density matrix of the state a gate outputs for a prepared input, from the
 * 3ⁿ Pauli measurement settings, each a step of one probability job. Its trace is the gate's logical performance
 * (Perceval's convention); divide by it for a normalised state.
 *
 * @example
 * ```ts
 * const tomography = new StateTomography(new Processor('SLOS', catalog.get('h').buildExperiment()));
 * tomography.compute(['0']); // ½·[[1, 1], [1, 1]]: |+⟩⟨+|
 * ```
 */
export class StateTomography extends GateTomography {
  /** @throws ValidationError when the processor does not hold a gate on 1 to 3 dual-rail qubits. */
  constructor(processor: TomographyProcessor, options: TomographyOptions = {}) {
    super(processor, options);
  }

  /**
   * The density matrix of the output for `preparation` (one of `'0' '1' '+' '-' '+i' '-i'` per qubit; default all
   * `'0'`), blocking.
   * @throws ValidationError for a bad preparation; BosonicError `ERR_TOMOGRAPHY` when a setting yields nothing.
   */
  compute(preparation?: readonly PreparedState[]): ComplexMatrix {
    const prep = this.preparation(preparation);
    return densityMatrixFromOutcomes(this.experiment.run(this.stateSettings(prep)), this.nQubits);
  }

  /** As {@link compute}, without blocking; abortable through `options.signal`. */
  async computeAsync(
    preparation?: readonly PreparedState[],
    options: TomographyAsyncOptions = {},
  ): Promise<ComplexMatrix> {
    const prep = this.preparation(preparation);
    return densityMatrixFromOutcomes(
      await this.experiment.runAsync(this.stateSettings(prep), options),
      this.nQubits,
    );
  }
}
