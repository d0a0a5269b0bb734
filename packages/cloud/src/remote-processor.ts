import { randomUUID } from 'node:crypto';
import {
  BosonicError,
  Circuit,
  type Detector,
  Experiment,
  type ExperimentInput,
  type HeraldLocation,
  type NoiseModel,
  type PostSelect,
  type ProcessorLike,
  type SamplerCommand,
  type SamplerIteration,
  type SamplerJobSpec,
  selectPrimitive,
  ValidationError,
} from '@bosonic/core';
import { SAMPLER_COMMANDS } from '@bosonic/core/internal';
import {
  type AvailabilityResponse,
  type CreateJobRequest,
  type JobPayload,
  type PlatformConstraints,
  type PlatformDetails,
  type PlatformSpecs,
  serialize,
} from '@bosonic/protocol';
import type { Dispatcher } from 'undici';
import { type CloudConnectionOptions, openRpcClient } from './config/open-client.js';
import type { RemoteConfig } from './config/remote-config.js';
import type { Environment } from './config/user-dirs.js';
import { iterationToWire } from './payload/iteration-wire.js';
import { finalizeJobRequest, type SamplerJobPlan } from './payload/job-request.js';
import { checkInputPhotons, checkModeCount } from './payload/platform-constraints.js';
import { RemoteJob, type RemoteJobLink } from './remote-job.js';
import type { RpcClient } from './rpc/rpc-client.js';

/** The protocol version bosonic implements, sent as `pcvl_version` (Perceval 1.1.1's). */
export const PCVL_VERSION = '1.1.1';

/** Perceval sends one `process_id` per client process. */
const PROCESS_ID = randomUUID();

/** Options of {@link RemoteProcessor.connect}. */
export interface RemoteProcessorOptions extends CloudConnectionOptions {
  /**
   * An undici dispatcher to send requests through (e.g. a `MockAgent`); not closed by {@link RemoteProcessor.close}.
   * Jobs of such a processor cannot `executeSync` (their worker thread cannot use it).
   */
  dispatcher?: Dispatcher;
  /**
   * Minimum time between two status requests of a job, in ms (default 1000, Perceval's floor). Meant for
   * tests against a local server: do not lower it against a shared cloud.
   */
  refreshIntervalMs?: number;
  /** Number of modes of an initial empty circuit (Perceval's `m`); otherwise call {@link RemoteProcessor.setCircuit}. */
  m?: number;
  /** Noise model of the experiment (simulator platforms). */
  noise?: NoiseModel;
  /** `pcvl_version` to send (default {@link PCVL_VERSION}). */
  pcvlVersion?: string;
  /** Aborts the platform-details request of `connect`. */
  signal?: AbortSignal;
  /** Environment to read the configuration from instead of `process.env`. */
  env?: Environment;
}

/**
 * A cloud platform seen as a processor (Perceval's `RemoteProcessor`): it holds an {@link Experiment} built with
 * the same methods as the local `Processor`, checks it against the platform's specs, and turns Sampler
 * commands into {@link RemoteJob}s whose create-job payload is byte-for-byte what Perceval sends.
 *
 * @example
 * ```ts
 * const rp = await RemoteProcessor.connect('sim:slos', { url, token });
 * rp.setCircuit(circuit).withInput(new BasicState([0, 1, 1])).minDetectedPhotonsFilter(1);
 * const job = new Sampler(rp, { maxShotsPerCall: 100_000 }).sampleCount;
 * await job.executeAsync(10_000);
 * const again = await rp.resumeJob(job.id!);   // later, anywhere
 * rp.close();
 * ```
 */
export class RemoteProcessor implements ProcessorLike<RemoteJob> {
  readonly #name: string;
  readonly #details: PlatformDetails;
  readonly #rpc: RpcClient;
  readonly #link: RemoteJobLink;
  readonly #pcvlVersion: string;
  #experiment: Experiment;
  #parameters: Record<string, unknown> = {};

  private constructor(
    name: string,
    details: PlatformDetails,
    rpc: RpcClient,
    options: RemoteProcessorOptions,
  ) {
    this.#name = name;
    this.#details = details;
    this.#rpc = rpc;
    this.#link = {
      rpc,
      platform: name,
      ...(options.refreshIntervalMs === undefined ? {} : { refreshIntervalMs: options.refreshIntervalMs }),
    };
    this.#pcvlVersion = options.pcvlVersion ?? PCVL_VERSION;
    this.#experiment = new Experiment(undefined, { name });
    // Perceval: a platform with threshold detectors makes the experiment's output thresholded.
    if (details.specs.detector === 'threshold') this.#experiment.thresholdedOutput(true);
    if (options.m !== undefined) {
      const m = checkedCircuitSize(options.m);
      checkModeCount(this.constraints, m, name);
      this.#experiment.setCircuit(new Circuit(m));
    }
    if (options.noise !== undefined) this.#experiment.setNoise(options.noise);
  }

  /**
   * Connects to `platform` (e.g. `'sim:slos'`, `'qpu:belenos'`): resolves the token, URL and proxy (arguments
   * first, then {@link RemoteConfig}), opens the client and fetches the platform's details and specs.
   * @throws AuthenticationError when no token is configured or the cloud refuses it; HttpError (404 for an
   *   unknown platform), NetworkError; ValidationError naming the field for bad options.
   */
  static async connect(platform: string, options: RemoteProcessorOptions = {}): Promise<RemoteProcessor> {
    if (typeof platform !== 'string' || platform.trim() === '') {
      throw new ValidationError('The platform name must be a non-empty string', { field: 'platform' });
    }
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('RemoteProcessor options must be an object', { field: 'options' });
    }
    const interval = options.refreshIntervalMs;
    if (
      interval !== undefined &&
      (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 0)
    ) {
      throw new ValidationError(
        `refreshIntervalMs must be a number of milliseconds >= 0, got ${String(interval)}`,
        {
          field: 'refreshIntervalMs',
        },
      );
    }
    const rpc = openRpcClient(options);
    try {
      const details = await rpc.getPlatformDetails(
        platform,
        options.signal ? { signal: options.signal } : {},
      );
      return new RemoteProcessor(platform, details, rpc, options);
    } catch (error) {
      await rpc.close();
      throw error;
    }
  }

  // ---- the platform ------------------------------------------------------------------------------------

  /** The platform's name. */
  get name(): string {
    return this.#name;
  }

  /** The platform's details as the cloud sent them. */
  get details(): PlatformDetails {
    return this.#details;
  }

  /** The platform's specs (`:PCVL:` values, such as `architecture`, kept as text). */
  get specs(): PlatformSpecs {
    return this.#details.specs;
  }

  /** `specs.constraints` (`{}` when the platform gives none). */
  get constraints(): PlatformConstraints {
    return this.#details.specs.constraints ?? {};
  }

  /** Every command the platform lists (`specs.available_commands`). */
  get platformCommands(): readonly string[] {
    return Object.freeze([...(this.#details.specs.available_commands ?? [])]);
  }

  /** The Sampler commands the platform runs natively; a Sampler derives the others client-side. */
  get availableCommands(): readonly SamplerCommand[] {
    const listed = this.#details.specs.available_commands ?? [];
    return Object.freeze(SAMPLER_COMMANDS.filter((command) => listed.includes(command)));
  }

  /** The platform's status, e.g. `'available'`. */
  get status(): string | undefined {
    return this.#details.status ?? undefined;
  }

  /** `'simulator'`, or a physical QPU's type. */
  get type(): string | undefined {
    return this.#details.type ?? undefined;
  }

  /** The platform's measured performance (`perfs`, e.g. `{"Transmittance (%)": 5.2}`). */
  get performance(): Readonly<Record<string, unknown>> {
    return this.#details.perfs ?? {};
  }

  /** The cloud's base URL. */
  get url(): string {
    return this.#rpc.url;
  }

  /** The experiment the builder methods edit (shared: changes apply to jobs made afterwards). */
  get experiment(): Experiment {
    return this.#experiment;
  }

  /** The number of modes of the circuit (0 before one is set). */
  get m(): number {
    return this.#experiment.m;
  }

  // ---- building the experiment -------------------------------------------------------------------------

  /**
   * Takes over a whole experiment, e.g. a catalog item's `buildExperiment()`: its circuit, input, heralds, ports,
   * post-selection, noise, detectors and photon filter, as Perceval's `RemoteProcessor` accepts an Experiment.
   * The experiment is copied (later changes to it do not reach this processor) and named after the platform; a
   * threshold-detecting platform keeps its output thresholded.
   * @throws ValidationError (field `experiment`) for anything but an Experiment, or as {@link setCircuit} and
   *   {@link withInput} when it does not fit the platform's constraints.
   */
  setExperiment(experiment: Experiment): this {
    if (!(experiment instanceof Experiment)) {
      throw new ValidationError('setExperiment takes an Experiment', { field: 'experiment' });
    }
    const copy = experiment.copy();
    copy.name = this.#name;
    if (this.#details.specs.detector === 'threshold') copy.thresholdedOutput(true);
    if (copy.circuit !== undefined) checkModeCount(this.constraints, copy.m, this.#name);
    if (copy.input !== undefined) checkInputPhotons(this.constraints, copy.fullInputState(), this.#name);
    this.#experiment = copy;
    return this;
  }

  /**
   * Sets the circuit.
   * @throws ValidationError (field `circuit`) when its size is outside the platform's mode range, or as
   *   `Experiment.setCircuit`.
   */
  setCircuit(circuit: Circuit): this {
    if (circuit !== null && typeof circuit === 'object' && typeof circuit.m === 'number') {
      checkModeCount(this.constraints, circuit.m, this.#name);
    }
    this.#experiment.setCircuit(circuit);
    return this;
  }

  /**
   * Sets the input on the non-herald modes.
   * @throws ValidationError (field `input`) when the input (with the herald photons) breaks the platform's
   *   photon constraints, or as `Experiment.withInput`.
   */
  withInput(input: ExperimentInput): this {
    const trial = this.#experiment.copy().withInput(input);
    checkInputPhotons(this.constraints, trial.fullInputState(), this.#name);
    this.#experiment.withInput(input);
    return this;
  }

  /** Heralds `mode` with `expected` photons (see `Experiment.addHerald`). */
  addHerald(mode: number, expected: number, location: HeraldLocation = 'in_out', name?: string): this {
    this.#experiment.addHerald(mode, expected, location, name);
    return this;
  }

  /** Keeps the herald modes in the results (see `Experiment.keepHeralds`). */
  keepHeralds(keep = true): this {
    this.#experiment.keepHeralds(keep);
    return this;
  }

  /** Post-selects the outputs (a PostSelect or its text). */
  setPostSelection(postSelection: PostSelect | string): this {
    this.#experiment.setPostSelection(postSelection);
    return this;
  }

  /** Removes the post-selection. */
  clearPostSelection(): this {
    this.#experiment.clearPostSelection();
    return this;
  }

  /** Sets (or removes) the noise model (simulator platforms). */
  setNoise(noise: NoiseModel | undefined): this {
    this.#experiment.setNoise(noise);
    return this;
  }

  /** Places a detector on a mode. */
  setDetector(mode: number, detector: Detector | undefined): this {
    this.#experiment.setDetector(mode, detector);
    return this;
  }

  /** Threshold detectors on every mode (`true`) or PNR ones (`false`). */
  thresholdedOutput(value = true): this {
    this.#experiment.thresholdedOutput(value);
    return this;
  }

  /** The min-detected-photons filter, which remote platforms require. */
  minDetectedPhotonsFilter(count: number): this {
    this.#experiment.minDetectedPhotonsFilter(count);
    return this;
  }

  /**
   * Sets a platform parameter, sent in `payload.parameters` (Perceval's `set_parameter`), e.g.
   * `setParameter('final_mode_number', 4)`.
   * @throws ValidationError (field `parameters.<key>`) for a value that is not JSON (a finite number, a string,
   *   a boolean, null, or arrays and plain objects of those).
   */
  setParameter(key: string, value: unknown): this {
    if (typeof key !== 'string' || key === '') {
      throw new ValidationError('A parameter name must be a non-empty string', { field: 'parameters' });
    }
    checkJson(value, `parameters.${key}`);
    this.#parameters = { ...this.#parameters, [key]: value };
    return this;
  }

  /** Sets several platform parameters (see {@link setParameter}). */
  setParameters(parameters: Record<string, unknown>): this {
    if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
      throw new ValidationError('setParameters needs an object of name → value', { field: 'parameters' });
    }
    for (const [key, value] of Object.entries(parameters)) checkJson(value, `parameters.${key}`);
    this.#parameters = { ...this.#parameters, ...parameters };
    return this;
  }

  /** The platform parameters set so far. */
  get parameters(): Readonly<Record<string, unknown>> {
    return Object.freeze({ ...this.#parameters });
  }

  /** Asks the platform for the physical and logical performance figures (Perceval's parameter of that name). */
  computePhysicalLogicalPerf(value = true): this {
    return this.setParameter('compute_physical_logical_perf', value);
  }

  // ---- jobs --------------------------------------------------------------------------------------------

  /**
   * Checks the experiment as the platform would (Perceval's `prepare_job_payload` checks): a circuit and an
   * input are set, the min-detected-photons filter is set, the size and photons fit the platform's constraints.
   * @throws ValidationError naming the field (`circuit`, `input`, `minDetectedPhotons`).
   */
  checkExperiment(): void {
    const experiment = this.#experiment;
    experiment.checkRunnable();
    experiment.effectiveMinDetectedPhotons({ infer: false });
    checkModeCount(this.constraints, experiment.m, this.#name);
    checkInputPhotons(this.constraints, experiment.fullInputState(), this.#name);
  }

  /**
   * The create-job body for `command` before any execute-time argument, as Perceval's `prepare_job_payload`:
   * `{pcvl_version, process_id, platform_name, payload: {command, parameters?, experiment}}`, the experiment
   * serialized (`:PCVL:zip:`).
   * @throws ValidationError as {@link checkExperiment}.
   */
  prepareJobPayload(command: string): CreateJobRequest {
    this.checkExperiment();
    const experiment = serialize(this.#experiment);
    if (typeof experiment !== 'string') {
      throw new BosonicError('@bosonic/protocol could not serialize the experiment', 'ERR_SERIALIZATION');
    }
    const payload: JobPayload = {
      command,
      ...(Object.keys(this.#parameters).length > 0
        ? { parameters: { ...this.#parameters } as JobPayload['parameters'] }
        : {}),
      experiment,
    };
    return {
      pcvl_version: this.#pcvlVersion,
      process_id: PROCESS_ID,
      ...(this.#name === '' ? {} : { platform_name: this.#name }),
      payload,
    };
  }

  /**
   * A fresh, unsent {@link RemoteJob} for a Sampler command ({@link ProcessorLike}): the platform runs the command
   * itself or, when it lacks it, a fallback primitive whose results the job converts on arrival (the job context's
   * `result_mapping`). The experiment is serialized now, so later edits do not change this job.
   * @throws ValidationError (field `maxShotsPerCall`) without a shot limit (remote jobs need one), (field
   *   `command`) when no primitive fits, or as {@link checkExperiment}.
   */
  createJob(spec: SamplerJobSpec): RemoteJob {
    if (spec === null || typeof spec !== 'object') {
      throw new ValidationError('A sampler job spec must be an object', { field: 'spec' });
    }
    if (spec.maxShotsPerCall === undefined) {
      throw new ValidationError(
        'Remote jobs need a shot limit: create the Sampler with { maxShotsPerCall } for a RemoteProcessor',
        { field: 'maxShotsPerCall' },
      );
    }
    const primitive = selectPrimitive(spec.command, this.availableCommands);
    if (primitive === undefined) {
      throw new ValidationError(
        `Cannot find a compatible primitive to execute ${spec.command} in [${this.availableCommands.join(', ')}]`,
        { field: 'command' },
      );
    }
    const base = this.prepareJobPayload(primitive);
    if (spec.iterations.length > 0) base.payload.iterator = spec.iterations.map(iterationToWire);
    base.payload.max_shots = spec.maxShotsPerCall;
    const plan: SamplerJobPlan = { base, command: spec.command, primitive };
    return new RemoteJob({
      link: this.#link,
      name: spec.command,
      prepare: (args, name) => finalizeJobRequest(plan, args, name),
      ...(spec.seed === undefined ? {} : { seed: spec.seed }),
    });
  }

  /**
   * Checks a sweep step against the experiment and the platform (called by `Sampler.addIteration`).
   * @throws ValidationError naming the field (`iteration.circuitParams.<name>`, `iteration.inputState`).
   */
  checkIteration(iteration: SamplerIteration): void {
    const step = this.#experiment.withIteration(iteration);
    if (iteration.inputState !== undefined) {
      checkInputPhotons(this.constraints, step.fullInputState(), this.#name, 'iteration.inputState');
    }
  }

  /**
   * A job of this cloud from its id (Perceval's `resume_job`), from this process or another one: its status,
   * and its results if it is complete, are already fetched.
   * @throws ValidationError (field `jobId`), HttpError (404 for an unknown id), AuthenticationError.
   */
  resumeJob(jobId: string): Promise<RemoteJob> {
    return RemoteJob.resume(this.#link, jobId);
  }

  /** The token's queue quota (`GET /api/jobs/availability`). */
  getAvailability(): Promise<AvailabilityResponse> {
    return this.#rpc.getAvailability();
  }

  /** The link its jobs use (for JobGroup). @internal */
  get link(): RemoteJobLink {
    return this.#link;
  }

  /**
   * Releases the HTTP connection pool; jobs of this processor stop polling (a later `wait()` or `refresh()`
   * rejects with a `BosonicError` coded `ERR_CLIENT_CLOSED`).
   */
  close(): Promise<void> {
    return this.#rpc.close();
  }
}

function checkedCircuitSize(m: unknown): number {
  if (typeof m !== 'number' || !Number.isSafeInteger(m) || m < 1) {
    throw new ValidationError(`m must be a positive integer number of modes (got ${String(m)})`, {
      field: 'm',
    });
  }
  return m;
}

function checkJson(value: unknown, field: string, depth = 0): void {
  if (depth > 32) throw new ValidationError(`${field} is nested too deeply`, { field });
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw new ValidationError(`${field} must be a finite number (got ${value})`, { field });
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      checkJson(item, `${field}[${index}]`, depth + 1);
    });
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) checkJson(item, `${field}.${key}`, depth + 1);
    return;
  }
  throw new ValidationError(`${field} must be JSON data (got ${typeof value})`, { field });
}
