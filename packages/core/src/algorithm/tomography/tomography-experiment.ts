import { BosonicError, JobCanceledError, ValidationError } from '../../errors/index.js';
import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { P } from '../../model/circuit/parameter.js';
import { PS } from '../../model/circuit/phase-shifter.js';
import type { Experiment } from '../../model/experiment.js';
import type { SamplerIterationResults, SamplerResult } from '../../model/sampler-results.js';
import { BasicState } from '../../model/state/basic-state.js';
import type { BSDistribution } from '../../model/state/bs-distribution.js';
import type { ProcessorLike } from '../processor-like.js';
import { Sampler, type SamplerOptions } from '../sampler.js';
import { digits, type PauliName, type PreparedState } from './pauli.js';

/**
 * A processor tomography can drive: a {@link ProcessorLike} holding a gate on dual-rail qubits (a `Processor` or a
 * `RemoteProcessor`). For the duration of a run its circuit becomes preparation · gate · measurement, its input
 * |0…0⟩; both are restored afterwards.
 */
export interface TomographyProcessor extends ProcessorLike {
  /** The gate's experiment: its non-herald modes are the qubits' dual-rail pairs, qubit k on the k-th pair. */
  readonly experiment: Experiment;
  setCircuit(circuit: Circuit): unknown;
  withInput(input: BasicState): unknown;
  minDetectedPhotonsFilter(count: number): unknown;
}

/** Options of a tomography: the Sampler's (`maxShotsPerCall` is required by remote processors, `seed`). */
export type TomographyOptions = SamplerOptions;

/** Options of a tomography's `computeAsync`. */
export interface TomographyAsyncOptions {
  /** Aborting it cancels the job and rejects with a `JobCanceledError`. */
  signal?: AbortSignal;
  /** Progress of the job over the settings, in [0, 1]. */
  progress?: (progress: number, message?: string) => void;
}

/** The basis a qubit is measured in (Z also serves the identity). */
export type MeasurementBasis = Exclude<PauliName, 'I'>;

/** The 3ⁿ measurement settings {X, Y, Z}ⁿ, in base-3 order. */
export function measurementSettings(nQubits: number): MeasurementBasis[][] {
  const bases: MeasurementBasis[] = ['X', 'Y', 'Z'];
  return Array.from({ length: 3 ** nQubits }, (_, i) => digits(i, 3, nQubits).map((d) => bases[d]!));
}

/** One configuration of the experiment: a prepared state and a measurement basis per qubit. */
export interface TomographySetting {
  preparation: readonly PreparedState[];
  measurement: readonly MeasurementBasis[];
}

/** What one setting gave: the probability of each outcome bit string (binary order), times the logical performance. */
export interface SettingOutcome {
  /** `probabilities[b]`: outcome with qubit 0 as the most significant bit, denormalised by `logicalPerf`. */
  probabilities: number[];
  /** The probability that heralds and post-selection accept a run. */
  logicalPerf: number;
}

/** Angles of the preparation (BS.Ry θ then PS φ on the |1⟩ rail) from |0⟩. */
const PREPARATION: Record<PreparedState, [number, number]> = {
  '0': [0, 0],
  '1': [Math.PI, 0],
  '+': [Math.PI / 2, 0],
  '-': [Math.PI / 2, Math.PI],
  '+i': [Math.PI / 2, Math.PI / 2],
  '-i': [Math.PI / 2, (3 * Math.PI) / 2],
};

/** Angles of the measurement rotation (PS φ on the |1⟩ rail, then BS.Ry θ) taking the basis to Z. */
const MEASUREMENT: Record<MeasurementBasis, [number, number]> = {
  Z: [0, 0],
  X: [0, -Math.PI / 2],
  Y: [-Math.PI / 2, -Math.PI / 2],
};

const PREFIX = 'tomography';

/** The qubits of a gate experiment: the first modes of its dual-rail pairs, checked. */
export function qubitModes(experiment: Experiment): number[] {
  if (experiment.circuit === undefined) {
    throw new ValidationError('Tomography needs a processor with a circuit', { field: 'processor' });
  }
  const modes = experiment.inputModes();
  const outputs = experiment.outputModes();
  if (modes.length % 2 !== 0 || modes.length === 0) {
    throw new ValidationError(
      `The processor has ${modes.length} non-herald modes: a gate on dual-rail qubits has an even number`,
      { field: 'processor' },
    );
  }
  if (modes.length !== outputs.length || modes.some((m, i) => outputs[i] !== m)) {
    throw new ValidationError('Tomography needs the same non-herald modes at the input and the output', {
      field: 'processor',
    });
  }
  const firsts: number[] = [];
  for (let k = 0; k < modes.length; k += 2) {
    if (modes[k + 1] !== modes[k]! + 1) {
      throw new ValidationError(
        `Qubit ${k / 2} is not on two adjacent modes (${modes[k]}, ${modes[k + 1]})`,
        {
          field: 'processor',
        },
      );
    }
    firsts.push(modes[k]!);
  }
  if (firsts.length > 3) {
    throw new ValidationError(`Tomography supports gates of up to 3 qubits (got ${firsts.length})`, {
      field: 'processor',
    });
  }
  return firsts;
}

/**
 * Runs tomography settings on a gate: builds preparation · gate · measurement with one named parameter per angle,
 * and runs every setting as one iteration of a single probability job (so a remote processor gets one job).
 */
export class TomographyExperiment {
  readonly processor: TomographyProcessor;
  readonly nQubits: number;
  readonly #options: TomographyOptions;
  readonly #modes: number[];

  constructor(processor: TomographyProcessor, options: TomographyOptions = {}) {
    if (
      processor === null ||
      typeof processor !== 'object' ||
      typeof processor.setCircuit !== 'function' ||
      typeof processor.withInput !== 'function' ||
      processor.experiment === undefined
    ) {
      throw new ValidationError(
        'Tomography needs a processor with an experiment, setCircuit and withInput (a Processor or a RemoteProcessor)',
        { field: 'processor' },
      );
    }
    this.processor = processor;
    this.#modes = qubitModes(processor.experiment);
    this.nQubits = this.#modes.length;
    this.#options = options;
    new Sampler(processor, options); // checks the options now
  }

  /** Runs the settings without blocking; abortable. */
  runAsync(
    settings: readonly TomographySetting[],
    options: TomographyAsyncOptions = {},
  ): Promise<SettingOutcome[]> {
    return this.#runAsync(settings, options);
  }

  async #runAsync(
    settings: readonly TomographySetting[],
    options: TomographyAsyncOptions,
  ): Promise<SettingOutcome[]> {
    const { signal } = options;
    if (signal?.aborted) throw new JobCanceledError('The tomography was aborted before it started');
    const { job, restore } = this.#prepare(settings);
    const onAbort = (): void => {
      void job.cancel();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (options.progress !== undefined) job.onProgress(options.progress);
    try {
      await job.executeAsync();
      const results = await job.wait();
      if (signal?.aborted) throw new JobCanceledError('The tomography was aborted');
      return this.#outcomes(results as SamplerIterationResults);
    } catch (error) {
      if (signal?.aborted && !(error instanceof JobCanceledError)) {
        throw new JobCanceledError('The tomography was aborted', { cause: error });
      }
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      restore();
    }
  }

  /**
   * Installs the tomography circuit and creates the job (the job's experiment is read while it runs: the
   * restore happens after it ends). Returns the job and the restore function.
   */
  #prepare(settings: readonly TomographySetting[]): {
    job: ReturnType<Sampler['createJob']>;
    restore: () => void;
  } {
    const experiment = this.processor.experiment;
    const gate = experiment.circuit!;
    const previousInput = experiment.input;
    const previousFilter = experiment.minDetectedPhotons;
    const restore = (): void => {
      experiment.setCircuit(gate);
      if (previousInput === undefined) experiment.clearInput();
      else experiment.withInput(previousInput);
      experiment.minDetectedPhotonsFilter(previousFilter);
    };
    try {
      this.processor.setCircuit(this.#circuit(gate));
      this.processor.withInput(new BasicState(new Array<number>(this.nQubits).fill(0).flatMap(() => [1, 0])));
      this.processor.minDetectedPhotonsFilter(this.nQubits);
      const sampler = new Sampler(this.processor, this.#options);
      sampler.addIterations(
        settings.map((s) => ({ circuitParams: this.#values(s), minDetectedPhotons: this.nQubits })),
      );
      const job = sampler.probs;
      job.name = `tomography (${settings.length} settings)`;
      return { job, restore };
    } catch (error) {
      restore();
      throw error;
    }
  }

  /** Runs the settings, blocking (the circuit is restored afterwards). */
  run(settings: readonly TomographySetting[]): SettingOutcome[] {
    const { job, restore } = this.#prepare(settings);
    try {
      return this.#outcomes(job.executeSync() as SamplerIterationResults);
    } finally {
      restore();
    }
  }

  #circuit(gate: Circuit): Circuit {
    const circuit = new Circuit(gate.m, { name: `tomography of ${gate.name}` });
    this.#modes.forEach((mode, k) => {
      circuit.add(mode, BS.Ry({ theta: P(`${PREFIX}_prep_theta_${k}`) }));
      circuit.add(mode + 1, new PS(P(`${PREFIX}_prep_phi_${k}`)));
    });
    circuit.add(0, gate);
    this.#modes.forEach((mode, k) => {
      circuit.add(mode + 1, new PS(P(`${PREFIX}_meas_phi_${k}`)));
      circuit.add(mode, BS.Ry({ theta: P(`${PREFIX}_meas_theta_${k}`) }));
    });
    return circuit;
  }

  #values(setting: TomographySetting): Record<string, number> {
    const values: Record<string, number> = {};
    for (let k = 0; k < this.nQubits; k++) {
      const [prepTheta, prepPhi] = PREPARATION[setting.preparation[k]!];
      const [measPhi, measTheta] = MEASUREMENT[setting.measurement[k]!];
      values[`${PREFIX}_prep_theta_${k}`] = prepTheta;
      values[`${PREFIX}_prep_phi_${k}`] = prepPhi;
      values[`${PREFIX}_meas_phi_${k}`] = measPhi;
      values[`${PREFIX}_meas_theta_${k}`] = measTheta;
    }
    return values;
  }

  #outcomes(results: SamplerIterationResults): SettingOutcome[] {
    const n = this.nQubits;
    const states = Array.from({ length: 2 ** n }, (_, b) => {
      const occupations: number[] = [];
      for (let k = n - 1; k >= 0; k--) occupations.push(...(((b >> k) & 1) === 0 ? [1, 0] : [0, 1]));
      return new BasicState(occupations);
    });
    return results.resultsList.map((entry) => {
      const result = entry as SamplerResult<BSDistribution>;
      const perf = result.logicalPerf ?? result.globalPerf;
      const probabilities = states.map((s) => result.results.get(s) * perf);
      if (probabilities.every((p) => p === 0)) {
        throw new BosonicError(
          'A tomography setting gave no accepted output (null probabilities): increase maxShotsPerCall',
          'ERR_TOMOGRAPHY',
        );
      }
      return { probabilities, logicalPerf: perf };
    });
  }
}
