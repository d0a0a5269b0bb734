import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import type { Complex } from '../../model/complex.js';
import { GateTomography } from './gate-tomography.js';
import { digits, type PreparedState, pauliBasisOperator } from './pauli.js';
import { chiFromImages, chiTarget } from './process-map.js';
import { densityMatrixFromOutcomes } from './state-tomography.js';
import {
  measurementSettings,
  type SettingOutcome,
  type TomographyAsyncOptions,
  type TomographyOptions,
  type TomographyProcessor,
  type TomographySetting,
} from './tomography-experiment.js';

/** The four input states of standard process tomography, per qubit. */
const INPUTS: readonly PreparedState[] = ['0', '1', '+', '+i'];

/**
 * |a⟩⟨b| of one qubit as a combination of ρ_0, ρ_1, ρ_+, ρ_+i (index a·2 + b):
 * |0⟩⟨1| = ρ_+ + i·ρ_+i − (1 + i)/2·(ρ_0 + ρ_1), |1⟩⟨0| its adjoint.
 */
const UNIT_COEFFICIENTS: readonly (readonly Complex[])[] = [
  [c(1), c(0), c(0), c(0)],
  [c(-0.5, -0.5), c(-0.5, -0.5), c(1), c(0, 1)],
  [c(-0.5, 0.5), c(-0.5, 0.5), c(1), c(0, -1)],
  [c(0), c(1), c(0), c(0)],
];

function c(re: number, im = 0): Complex {
  return { re, im };
}

function times(x: Complex, y: Complex): Complex {
  return { re: x.re * y.re - x.im * y.im, im: x.re * y.im + x.im * y.re };
}

/** What a process tomography found. */
export interface ProcessTomographyResult {
  /** The χ matrix in the Pauli basis, normalised to trace 1. */
  chi: ComplexMatrix;
  /** Tr χ before normalisation: the gate's mean success probability. */
  gateEfficiency: number;
}

/**
 * Perceval's `ProcessTomography`: the χ matrix of a gate (ε(ρ) = Σ χ_mn E_m ρ E_n†, E_m the Pauli products), from
 * the 4ⁿ inputs |0⟩, |1⟩, |+⟩, |+i⟩ per qubit, each measured by state tomography: 12ⁿ settings in one
 * probability job.
 *
 * @example
 * ```ts
 * const tomography = new ProcessTomography(new Processor('SLOS', catalog.get('postprocessed cnot').buildExperiment()));
 * const { chi } = tomography.compute();
 * processFidelity(chi, chiTarget(CNOT)); // 1
 * tomography.averageFidelity(CNOT);      // 1
 * ```
 */
export class ProcessTomography extends GateTomography {
  #images: ComplexMatrix[] | undefined;
  #result: ProcessTomographyResult | undefined;

  /** @throws ValidationError when the processor does not hold a gate on 1 to 3 dual-rail qubits. */
  constructor(processor: TomographyProcessor, options: TomographyOptions = {}) {
    super(processor, options);
  }

  /** The last result (undefined before a computation). */
  get result(): ProcessTomographyResult | undefined {
    return this.#result;
  }

  /** Runs the tomography, blocking, and returns χ (normalised) and the gate efficiency. */
  compute(): ProcessTomographyResult {
    return this.#finish(this.experiment.run(this.#settings()));
  }

  /** As {@link compute}, without blocking; abortable through `options.signal`. */
  async computeAsync(options: TomographyAsyncOptions = {}): Promise<ProcessTomographyResult> {
    return this.#finish(await this.experiment.runAsync(this.#settings(), options));
  }

  /** The χ matrix of the ideal gate `operator` (Perceval's `chi_target`). */
  chiTarget(operator: ComplexMatrix): ComplexMatrix {
    return chiTarget(this.checkOperator(operator));
  }

  /**
   * The average fidelity of the measured gate to `operator` (Perceval's `average_fidelity`):
   * 1/(d+1) + Σ_j Tr(U·U_j†·U†·ε(U_j)) / ((d+1)·d²) over the Pauli basis U_j, with ε normalised by the gate
   * efficiency. Computes the tomography first (blocking) when not done yet.
   */
  averageFidelity(operator: ComplexMatrix): number {
    this.checkOperator(operator);
    if (this.#images === undefined) this.compute();
    const images = this.#images!;
    const efficiency = this.#result!.gateEfficiency;
    const n = this.nQubits;
    const d = 2 ** n;
    const dagger = operator.conjugateTranspose();
    let fidelity = 1 / (d + 1);
    for (let j = 0; j < d * d; j++) {
      const uj = pauliBasisOperator(j, n);
      // ε(U_j) = Σ_ab (U_j)_ab ε(|a⟩⟨b|)
      let image = new ComplexMatrix(d, d);
      for (let ab = 0; ab < d * d; ab++) {
        const w = uj.get(Math.floor(ab / d), ab % d);
        if (w.re !== 0 || w.im !== 0) image = image.add(images[ab]!.scale(w));
      }
      const term = operator.multiply(uj.conjugateTranspose()).multiply(dagger).multiply(image).trace();
      fidelity += term.re / efficiency / ((d + 1) * d * d);
    }
    return fidelity;
  }

  #settings(): TomographySetting[] {
    const n = this.nQubits;
    const measurements = measurementSettings(n);
    const settings: TomographySetting[] = [];
    for (let i = 0; i < 4 ** n; i++) {
      const preparation = digits(i, 4, n).map((x) => INPUTS[x]!);
      for (const measurement of measurements) settings.push({ preparation, measurement });
    }
    return settings;
  }

  #finish(outcomes: SettingOutcome[]): ProcessTomographyResult {
    const n = this.nQubits;
    const d = 2 ** n;
    const perInput = 3 ** n;
    const outputs = Array.from({ length: 4 ** n }, (_, i) =>
      densityMatrixFromOutcomes(outcomes.slice(i * perInput, (i + 1) * perInput), n),
    );
    // ε(|a⟩⟨b|) = Σ_i Π_j μ(a_j b_j)_{i_j} · ε(ρ_i), by linearity, qubit by qubit.
    const images: ComplexMatrix[] = [];
    for (let ab = 0; ab < d * d; ab++) {
      const aBits = digits(Math.floor(ab / d), 2, n);
      const bBits = digits(ab % d, 2, n);
      let image = new ComplexMatrix(d, d);
      outputs.forEach((output, i) => {
        const inputDigits = digits(i, 4, n);
        let weight = c(1);
        for (let j = 0; j < n; j++) {
          weight = times(weight, UNIT_COEFFICIENTS[2 * aBits[j]! + bBits[j]!]![inputDigits[j]!]!);
        }
        if (weight.re !== 0 || weight.im !== 0) image = image.add(output.scale(weight));
      });
      images.push(image);
    }
    const raw = chiFromImages(images, n);
    const gateEfficiency = raw.trace().re;
    this.#images = images;
    this.#result = { chi: raw.scale(1 / gateEfficiency), gateEfficiency };
    return this.#result;
  }
}
