import {
  AbstractProcessor,
  BasicState,
  type BSDistribution,
  Circuit,
  type Complex,
  Experiment,
  type ExperimentInput,
  LocalJob,
  type LocalTask,
  type NoiseModel,
  type SamplerCommand,
  type SamplerIteration,
  type SamplerJobSpec,
  type SamplerResult,
  type SamplerResults,
  type StateLike,
  StateVector,
  selectPrimitive,
  ValidationError,
} from '@bosonic/core';
import {
  checkIntegerInRange,
  checkPositiveInteger,
  checkSeed,
  createSamplerTask,
  type ProbsRequest,
  planSamplerRuns,
  randomSeed,
  type SamplerPrimitives,
  type SamplesRequest,
  toBasicState,
} from '@bosonic/core/internal';
import { autoContext, exactCutoff, exactMps } from './auto.js';
import {
  amplitudeBackend,
  type BackendName,
  checkBackend,
  chooseBackend,
  DEFAULT_GURVITS_ITERATIONS,
  type NativeBackendName,
  nativeCommands,
} from './backend.js';
import { checkEstimate, estimateRun, type JobEstimate, type JobSizeLimits } from './job-estimate.js';
import { encodeRequest, isPerfectSource } from './native/encode.js';
import { callNative } from './native/errors.js';
import { nativeBinding } from './native/loader.js';
import type { NativeRequest } from './native/request.js';
import { runProbs, runSamples } from './native/run.js';
import { engineThreads } from './native/threads.js';
import { annotateStateVector, needsPolarization, spatialOutput } from './polarization.js';

/**
 * Most photons a simulation may hold, herald photons included (the engine's own bound; its exact backends stop far
 * below, at the memory limit).
 */
export const MAX_PHOTONS = 250;

/** Options of a {@link Processor}. */
export interface ProcessorOptions {
  /** Imperfections of the source and of the phase shifters; default: a perfect experiment. */
  noise?: NoiseModel;
  /** Seed of the processor's randomness (sampling, noise) when a job's Sampler gives none. */
  seed?: number;
  /** Refuse simulations needing more memory than this many bytes; default: 70 % of the available memory. */
  memoryLimitBytes?: number;
  /** Worker threads of the native engine, an integer from 1 to 1024; default: every core. */
  threads?: number;
  /**
   * NaiveApprox: draws of Gurvits' estimator per permanent (Perceval's `gurvits_iterations`), an integer in
   * [1, 2^40]; default 10 000. The error of an estimate shrinks as 1/√draws.
   */
  gurvitsIterations?: number;
  /**
   * MPS: the bond dimension kept after each two-mode component (Perceval's `cutoff`), an integer ≥ 1; default (and
   * at least) n + 1. At `(n + 1)^(m/2)` nothing is truncated.
   */
  cutoff?: number;
}

/** An estimated amplitude with the half-width of its 99 % confidence disc ({@link Processor.probAmplitudeWithError}). */
export interface AmplitudeWithError {
  /** Gurvits' estimate of ⟨output|U|input⟩. */
  amplitude: Complex;
  /** The true amplitude lies within this distance of `amplitude` with 99 % confidence. */
  errorBound: number;
}

/** What a Processor can be built on: a circuit, a whole experiment, or a number of modes (an empty circuit). */
export type ProcessorTarget = Circuit | Experiment | number;

function checkOptions(
  options: ProcessorOptions,
): Required<Pick<ProcessorOptions, 'threads'>> & ProcessorOptions {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('Processor options must be an object', { field: 'options' });
  }
  const threads = engineThreads(options.threads);
  if (options.memoryLimitBytes !== undefined)
    checkPositiveInteger(options.memoryLimitBytes, 'memoryLimitBytes');
  if (options.seed !== undefined) checkSeed(options.seed);
  if (options.gurvitsIterations !== undefined) {
    checkIntegerInRange(options.gurvitsIterations, 'gurvitsIterations', 1, 2 ** 40);
  }
  if (options.cutoff !== undefined) checkPositiveInteger(options.cutoff, 'cutoff');
  return { ...options, threads };
}

/**
 * A local photonic processor simulated by the native engine (Perceval's `Processor`): a circuit, an input, heralds,
 * post-selection, detectors and noise, run by a {@link Sampler} as {@link LocalJob}s. The experiment and its builder
 * methods come from core's {@link AbstractProcessor} (shared with the cloud's `RemoteProcessor`); this class adds the
 * backends, the memory and photon limits, and the direct computations.
 *
 * Backends:
 * - `'SLOS'`: exact output distribution, layer by layer (strong simulation; `probs` is native);
 * - `'Naive'`: exact distribution from one permanent per output state (cheapest for a single amplitude);
 * - `'CliffordClifford2017'`: exact sampling, O(n·2^n) per sample (`samples` is native; `probs` is estimated
 *   from 10 000 samples, as Perceval's Sampler does);
 * - `'NaiveApprox'`: Naive with Gurvits' estimate of each permanent (`gurvitsIterations` draws, O(n²) each) in place
 *   of its exact value; for single amplitudes of many photons, with {@link Processor.probAmplitudeWithError} and
 *   {@link Processor.probabilityConfidenceInterval};
 * - `'MPS'`: matrix product states cut to the bond dimension `cutoff` (Perceval's `MPS`), for circuits of components
 *   on one or two neighbouring modes (permutations are decomposed; wider components are refused);
 * - `'auto'`: SLOS while the output space has at most {@link AUTO_SLOS_MAX_STATES} states and SLOS fits the memory
 *   limit, MPS at its exact bond dimension when SLOS does not fit and the circuit allows it, Clifford & Clifford 2017
 *   beyond the state bound; single amplitudes by an exact MPS when cheaper than the permanent, else exactly (Naive)
 *   up to 30 photons and by NaiveApprox beyond ({@link chooseBackend}, {@link amplitudeBackend});
 *   {@link Processor.backendName} says which backend a job takes.
 *
 * An unknown backend name is a ValidationError (Perceval silently falls back to SLOS).
 *
 * Jobs run in sync mode (`sampler.probs()`) on the calling thread, which blocks and still receives progress; in
 * async mode (`executeAsync`) on a native thread of their own, so the event loop stays free; `cancel()` stops the
 * native work within milliseconds (a sampling job returns the samples drawn so far).
 *
 * @example
 * ```ts
 * const p = new Processor('SLOS', new Circuit(2).add(0, BS.H()));
 * p.withInput(new BasicState([1, 1]));
 * new Sampler(p).probs().results.get('|2,0>'); // 0.5 (Hong–Ou–Mandel)
 * ```
 */
export class Processor extends AbstractProcessor<LocalJob<SamplerResults>> {
  /** The backend asked for (`'auto'` is resolved per job, see {@link Processor.resolvedBackend}). */
  readonly backend: BackendName;
  readonly #options: ProcessorOptions & { threads: number };

  /**
   * @param backend `'SLOS'`, `'Naive'`, `'CliffordClifford2017'`, `'NaiveApprox'`, `'MPS'` or `'auto'`
   * @param target a circuit, an experiment (used as it is, not copied; `options.noise` replaces its noise), or a
   *   number of modes
   * @throws ValidationError naming the field for an unknown backend, a bad target or bad options
   */
  constructor(backend: BackendName, target: ProcessorTarget, options: ProcessorOptions = {}) {
    const checkedBackend = checkBackend(backend);
    const checkedOptions = checkOptions(options);
    super(experimentOf(target));
    this.backend = checkedBackend;
    this.#options = checkedOptions;
    if (options.noise !== undefined) this.setNoise(options.noise);
    this.#checkPhotonCount();
  }

  /**
   * Refuses an input of more than {@link MAX_PHOTONS} photons (herald photons included): the engine could not
   * simulate it, and a size that large only makes every later estimate meaningless.
   */
  protected override checkInputState(input: ExperimentInput, field: string): void {
    const photons = photonCount(input);
    if (photons > MAX_PHOTONS) {
      throw new ValidationError(
        `The input has ${photons} photons; the simulator takes at most ${MAX_PHOTONS} (herald photons included)`,
        { field },
      );
    }
  }

  // ---- ProcessorLike --------------------------------------------------------------------------------------

  /** The backend a job would use now: `'auto'` resolved for the current input size. */
  get resolvedBackend(): NativeBackendName {
    if (this.backend !== 'auto') return this.backend;
    // A polarized simulation runs on two modes (H and V) per spatial mode, never with MPS.
    const polarized = needsPolarization(this.experiment);
    const modes = polarized ? 2 * this.m : this.m;
    const photons = this.#checkPhotonCount();
    const context =
      polarized || this.experiment.input === undefined
        ? undefined
        : autoContext((backend) => this.#request(backend, undefined, { seed: 0 }));
    return chooseBackend('auto', photons, modes, context);
  }

  /** The name of the backend a job takes now (Perceval's `backend.name`): {@link resolvedBackend}. */
  get backendName(): NativeBackendName {
    return this.resolvedBackend;
  }

  /** `['probs']` for strong backends, `['samples']` for Clifford & Clifford (Perceval's `available_commands`). */
  get availableCommands(): readonly SamplerCommand[] {
    return nativeCommands(this.resolvedBackend);
  }

  /** A fresh LocalJob for a Sampler command; the processor's seed is used when the spec has none. */
  createJob(spec: SamplerJobSpec): LocalJob<SamplerResults> {
    const seeded =
      spec.seed === undefined && this.#options.seed !== undefined
        ? { ...spec, seed: this.#options.seed }
        : spec;
    const task = createSamplerTask(seeded, this.#primitives());
    // Every run is checked against the memory limit before anything runs: a job that cannot fit fails at once
    // with a ResourceLimitError instead of after its computation, or by exhausting memory.
    const checked: LocalTask<SamplerResults> = (args, ctx) => {
      const runs = planSamplerRuns(seeded, args);
      const check = (): void => {
        for (const run of runs) checkEstimate(this.estimate(seeded.command, run, run.iteration));
      };
      if (ctx.mode === 'sync') {
        check();
        return task(args, ctx);
      }
      // Asynchronously, a refusal fails the job (seen by wait()) as the engine's own refusals do, not the launch.
      return Promise.resolve().then(() => {
        check();
        return task(args, ctx);
      });
    };
    return new LocalJob(checked, { name: seeded.command });
  }

  /**
   * What one run of `command` will need, without running it: the most states its results can list and an
   * estimate of its peak memory against the limit (see {@link JobEstimate}). A job service calls it when a job is
   * created, to refuse at once what would fail later; jobs of this processor check it themselves before running.
   * @param limits the run's sample and shot limits (as `job(maxSamples, maxShots)`; ignored for `probs` on a
   *   strong backend)
   * @param iteration a sweep step to apply, if any
   * @throws ValidationError for an experiment the engine would refuse
   */
  estimate(command: SamplerCommand, limits: JobSizeLimits = {}, iteration?: SamplerIteration): JobEstimate {
    const backend = this.resolvedBackend;
    const primitive = selectPrimitive(command, nativeCommands(backend)) as 'probs' | 'samples';
    const request = this.#request(backend, iteration, { seed: 0 });
    return estimateRun(command, backend, primitive, limits, (native, maxSamples, maxShots) =>
      native === 'probs'
        ? callNative(() => nativeBinding().estimate(request, 'probs'))
        : callNative(() => nativeBinding().estimate(request, 'samples', maxSamples ?? 0, maxShots ?? null)),
    );
  }

  /**
   * Throws when one run of `command` would not fit the memory limit ({@link Processor.estimate}).
   * @throws ResourceLimitError naming the run and both sizes (`requiredBytes`, `limitBytes`)
   */
  checkFits(command: SamplerCommand, limits: JobSizeLimits = {}, iteration?: SamplerIteration): JobEstimate {
    const estimate = this.estimate(command, limits, iteration);
    checkEstimate(estimate);
    return estimate;
  }

  // ---- direct computations ---------------------------------------------------------------------------------

  /**
   * The output distribution, computed now on this thread (Perceval's `Processor.probs()`); a sampling backend
   * estimates it from samples.
   */
  probs(): SamplerResult<BSDistribution> {
    return this.createJob({
      command: 'probs',
      iterations: [],
    }).executeSync() as SamplerResult<BSDistribution>;
  }

  /**
   * The amplitude ⟨output|U|input⟩ (perfect source, Fock-state or pure input, lossless circuit). `output` lists
   * every mode, or only the modes without an output herald (the heralds' expected counts are inserted).
   * @throws ValidationError for a noisy source, a mixed input, or an output of the wrong size
   */
  probAmplitude(output: StateLike): Complex {
    const state = toBasicState(output, 'output');
    // 'auto' keeps the MPS its jobs take; otherwise it weighs the exact MPS against one permanent.
    const backend =
      this.backend === 'auto' && this.resolvedBackend === 'MPS'
        ? 'MPS'
        : amplitudeBackend(this.backend, this.#photonCount(), () =>
            needsPolarization(this.experiment)
              ? undefined
              : exactMps(this.#exactRequest('probAmplitude', 'MPS')),
          );
    const request = this.#exactRequest('probAmplitude', backend);
    if (state.isNoisy) {
      throw new ValidationError('probAmplitude takes an output without noise tags', { field: 'output' });
    }
    const occupations = this.#outputOccupations(state);
    const { re, im } = callNative(() => nativeBinding().probAmplitude(request, occupations));
    return { re, im };
  }

  /**
   * Perceval's `prob_amplitude_with_error` (NaiveApprox, or `'auto'`, which estimates here): Gurvits' estimate of
   * ⟨output|U|input⟩ from `gurvitsIterations` draws, and the half-width of its 99 % confidence disc (normal
   * approximation of the mean of the draws). Exact, with bound 0, for fewer than two photons. Reproducible with the
   * processor's `seed`.
   * @throws ValidationError for another backend, a noisy source, an input that is not a Fock state, a lossy circuit
   *   or an output of the wrong size
   */
  probAmplitudeWithError(output: StateLike): AmplitudeWithError {
    if (this.backend !== 'NaiveApprox' && this.backend !== 'auto') {
      throw new ValidationError(
        `probAmplitudeWithError needs the NaiveApprox backend (or 'auto'); '${this.backend}' is exact: use probAmplitude`,
        { field: 'backend' },
      );
    }
    const state = toBasicState(output, 'output');
    if (state.isNoisy) {
      throw new ValidationError('probAmplitudeWithError takes an output without noise tags', {
        field: 'output',
      });
    }
    const request = this.#exactRequest('probAmplitudeWithError', 'NaiveApprox');
    const occupations = this.#outputOccupations(state);
    const { re, im, errorBound } = callNative(() =>
      nativeBinding().probAmplitudeWithError(request, occupations),
    );
    return { amplitude: { re, im }, errorBound };
  }

  /**
   * Perceval's `probability_confidence_interval`: the 99 % confidence interval `[min, max]` of the probability of
   * `output`, from {@link probAmplitudeWithError}: `[max(0, (|a| − e)²), min(1, (|a| + e)²)]`.
   */
  probabilityConfidenceInterval(output: StateLike): [number, number] {
    const { amplitude, errorBound } = this.probAmplitudeWithError(output);
    const modulus = Math.hypot(amplitude.re, amplitude.im);
    return [Math.max(0, modulus - errorBound) ** 2, Math.min(1, (modulus + errorBound) ** 2)];
  }

  /**
   * MPS: how much the bond dimension `cutoff` cut from the state of the input, the sum of the squared singular values
   * dropped after the components (or below the engine's floor of 1e-12). 0 when nothing is truncated (at the full bond
   * dimension, or with `'auto'`, which runs MPS only at its exact one); below it, about the probability lost by the
   * MPS: the squared distance between the exact and the truncated output state vectors is at most about twice it.
   * (Perceval's MPS backend computes the same truncation without reporting it.)
   * @throws ValidationError for another backend, a noisy source or an input that is not a Fock state
   */
  truncationError(): number {
    const backend = this.resolvedBackend;
    if (backend !== 'MPS') {
      throw new ValidationError(
        `truncationError is a figure of the MPS backend; ${backend} truncates nothing`,
        {
          field: 'backend',
        },
      );
    }
    if (!(this.experiment.input instanceof BasicState)) {
      throw new ValidationError('truncationError needs a Fock-state input (a BasicState)', {
        field: 'input',
      });
    }
    const request = this.#exactRequest('truncationError', 'MPS');
    return callNative(() => nativeBinding().mpsTruncationError(request));
  }

  /** The output state vector U|input⟩ (perfect source, Fock-state or pure input), normalised. */
  evolve(): StateVector {
    const request = this.#exactRequest('evolve', 'SLOS');
    const native = callNative(() => nativeBinding().evolve(request));
    const terms: [BasicState, Complex][] = [];
    let tagOffset = 0;
    for (let t = 0; t < native.amplitudes.length / 2; t++) {
      const occupations = Array.from(native.occupations.subarray(t * native.m, (t + 1) * native.m));
      let state = new BasicState(occupations);
      if (native.photonTags !== undefined) {
        const photons: { mode: number; tag: number }[] = [];
        occupations.forEach((count, mode) => {
          for (let k = 0; k < count; k++) photons.push({ mode, tag: native.photonTags![tagOffset++]! });
        });
        state = BasicState.fromPhotons(native.m, photons);
      }
      terms.push([state, { re: native.amplitudes[2 * t]!, im: native.amplitudes[2 * t + 1]! }]);
    }
    const vector = new StateVector(terms);
    return needsPolarization(this.experiment) ? annotateStateVector(vector) : vector;
  }

  // ---- internals -------------------------------------------------------------------------------------------

  /** Photons entering the circuit (herald photons included); 0 without an input. */
  #photonCount(): number {
    const experiment = this.experiment;
    return experiment.input === undefined ? 0 : photonCount(experiment.fullInputState());
  }

  /**
   * The photon count of the input, checked again ({@link checkInputState}): an experiment given to the constructor
   * is used as it is, so it may have changed since.
   */
  #checkPhotonCount(): number {
    const experiment = this.experiment;
    if (experiment.input === undefined) return 0;
    const input = experiment.fullInputState();
    this.checkInputState(input, 'input');
    return photonCount(input);
  }

  /** The occupations an output means to the engine (its H and V modes when the simulation is polarized). */
  #outputOccupations(output: BasicState): Uint8Array {
    if (needsPolarization(this.experiment)) return spatialOutput(output, this.m);
    if (output.isPolarized) {
      throw new ValidationError('The output is polarized but the processor has no polarization to simulate', {
        field: 'output',
      });
    }
    return Uint8Array.from(output.toArray());
  }

  #primitives(): SamplerPrimitives {
    const backend = this.resolvedBackend;
    return {
      nativeCommands: nativeCommands(backend),
      probs: (request: ProbsRequest, ctx) =>
        runProbs(
          // Strong simulation draws randomness only for phase noise: reproducible with the processor's seed.
          this.#request(backend, request.iteration, {
            seed: this.#options.seed ?? randomSeed(),
            precision: request.precision,
          }),
          ctx,
        ),
      samples: (request: SamplesRequest, ctx) =>
        runSamples(
          this.#request(backend, request.iteration, { seed: request.seed }),
          request.maxSamples,
          request.maxShots,
          ctx,
        ),
    };
  }

  /** The native request for the experiment (with a sweep step applied, if any). */
  #request(
    backend: NativeBackendName,
    iteration: SamplerIteration | undefined,
    run: { seed: number; precision?: number | undefined; inferMinDetectedPhotons?: boolean },
  ): NativeRequest {
    const experiment = iteration === undefined ? this.experiment : this.experiment.withIteration(iteration);
    const request = encodeRequest(experiment, {
      backend,
      seed: run.seed,
      precision: run.precision,
      memoryLimitBytes: this.#options.memoryLimitBytes,
      threads: this.#options.threads,
      gurvitsIterations: this.#options.gurvitsIterations ?? DEFAULT_GURVITS_ITERATIONS,
      cutoff: this.#options.cutoff,
      ...(run.inferMinDetectedPhotons === undefined
        ? {}
        : { inferMinDetectedPhotons: run.inferMinDetectedPhotons }),
    });
    // 'auto' runs MPS only at the bond dimension where it truncates nothing.
    if (this.backend === 'auto' && backend === 'MPS') request.cutoff = exactCutoff(request);
    return request;
  }

  /** A request for an exact amplitude computation, refusing what has no single output state vector. */
  #exactRequest(what: string, backend: NativeBackendName): NativeRequest {
    const experiment = this.experiment;
    if (!isPerfectSource(experiment.noise)) {
      throw new ValidationError(`${what} needs a perfect source: remove the noise model`, { field: 'noise' });
    }
    if (experiment.input === undefined) {
      throw new ValidationError(`${what} needs an input: call withInput first`, { field: 'input' });
    }
    if (!(experiment.input instanceof BasicState) && !(experiment.input instanceof StateVector)) {
      throw new ValidationError(
        `${what} needs a pure input (a BasicState or a StateVector), not a mixed state`,
        {
          field: 'input',
        },
      );
    }
    return this.#request(backend, undefined, {
      seed: this.#options.seed ?? 0,
      inferMinDetectedPhotons: false,
    });
  }
}

/** The experiment a Processor is built on. */
function experimentOf(target: ProcessorTarget): Experiment {
  if (target instanceof Experiment) return target;
  if (
    target instanceof Circuit ||
    (typeof target === 'number' && Number.isSafeInteger(target) && target > 0)
  ) {
    return new Experiment(target);
  }
  throw new ValidationError('A Processor needs a Circuit, an Experiment or a positive number of modes', {
    field: 'target',
  });
}

/** Photons entering the circuit: the largest photon count of a superposition or a mixture. */
function photonCount(input: ExperimentInput): number {
  if (input instanceof BasicState) return input.n;
  if (input instanceof StateVector) return Math.max(0, ...input.photonNumbers());
  return input.nMax;
}
