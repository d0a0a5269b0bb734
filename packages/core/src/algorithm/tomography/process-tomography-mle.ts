import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { MaximumLikelihoodGateTomography, type TomographyMLEOptions } from './gate-tomography.js';
import { maximumLikelihood } from './maximum-likelihood.js';
import { digits, PREPARED_STATES, pauliBasisOperator, preparedDensityMatrix } from './pauli.js';
import { chiTarget } from './process-map.js';
import { pauliPovm, povmFrequencies } from './state-tomography-mle.js';
import {
  measurementSettings,
  type SettingOutcome,
  type TomographyAsyncOptions,
  type TomographyProcessor,
  type TomographySetting,
} from './tomography-experiment.js';

/**
 * The χ matrix of a Choi matrix C = Σ_ab |a⟩⟨b| ⊗ ε(|a⟩⟨b|)/d (trace 1): χ_mn = ⟨v_m|C|v_n⟩/d with
 * v_m = Σ_a |a⟩ ⊗ E_m|a⟩.
 */
export function chiFromChoi(choi: ComplexMatrix, nQubits: number): ComplexMatrix {
  const d = 2 ** nQubits;
  const size = d * d;
  const vectors = Array.from({ length: size }, (_, m) => {
    const e = pauliBasisOperator(m, nQubits);
    const v = new ComplexMatrix(size, 1);
    for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) v.set(a * d + c, 0, e.get(c, a));
    return v;
  });
  const chi = new ComplexMatrix(size, size);
  const cv = vectors.map((v) => choi.multiply(v));
  for (let m = 0; m < size; m++) {
    const left = vectors[m]!.conjugateTranspose();
    for (let n = 0; n < size; n++) {
      const z = left.multiply(cv[n]!).get(0, 0);
      chi.set(m, n, { re: z.re / d, im: z.im / d });
    }
  }
  return chi;
}

/**
 * Perceval's `ProcessTomographyMLE`: the Choi matrix (positive, trace 1) most likely to have produced the
 * measurements of the 6ⁿ Pauli eigenstates at the input × 3ⁿ Pauli settings at the output (18ⁿ settings in one
 * job), with p = d·Tr(C·(ρᵀ ⊗ Π)); returned as a χ matrix.
 */
export class ProcessTomographyMLE extends MaximumLikelihoodGateTomography {
  /** @throws ValidationError for a processor that is not a gate on 1 to 3 dual-rail qubits, or bad options. */
  constructor(processor: TomographyProcessor, options: TomographyMLEOptions = {}) {
    super(processor, options);
  }

  /** The χ matrix (trace 1), blocking. */
  compute(): ComplexMatrix {
    return this.#reconstruct(this.experiment.run(this.#settings()));
  }

  /** As {@link compute}, without blocking; abortable through `options.signal`. */
  async computeAsync(options: TomographyAsyncOptions = {}): Promise<ComplexMatrix> {
    return this.#reconstruct(await this.experiment.runAsync(this.#settings(), options));
  }

  /** The χ matrix of the ideal gate `operator`. */
  chiTarget(operator: ComplexMatrix): ComplexMatrix {
    return chiTarget(this.checkOperator(operator));
  }

  #settings(): TomographySetting[] {
    const n = this.nQubits;
    const settings: TomographySetting[] = [];
    for (let i = 0; i < 6 ** n; i++) {
      const preparation = digits(i, 6, n).map((x) => PREPARED_STATES[x]!);
      for (const measurement of measurementSettings(n)) settings.push({ preparation, measurement });
    }
    return settings;
  }

  #reconstruct(outcomes: SettingOutcome[]): ComplexMatrix {
    const n = this.nQubits;
    const d = 2 ** n;
    const perInput = 3 ** n;
    const povm = pauliPovm(n);
    const operators: ComplexMatrix[] = [];
    const frequencies: number[] = [];
    for (let i = 0; i < 6 ** n; i++) {
      const input = preparedDensityMatrix(digits(i, 6, n).map((x) => PREPARED_STATES[x]!));
      // ρᵀ: the transpose of a Hermitian matrix is its element-wise conjugate.
      const transposed = input.clone();
      for (let k = 1; k < transposed.data.length; k += 2) transposed.data[k] = -transposed.data[k]!;
      for (const element of povm) operators.push(transposed.kron(element).scale(d));
      frequencies.push(...povmFrequencies(outcomes.slice(i * perInput, (i + 1) * perInput), n));
    }
    const guess = ComplexMatrix.identity(d * d).scale(1 / (d * d));
    return chiFromChoi(maximumLikelihood(operators, frequencies, guess, this.mle), n);
  }
}
