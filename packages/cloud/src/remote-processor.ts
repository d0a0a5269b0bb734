import { randomUUID } from 'node:crypto';
import {
  AbstractProcessor,
  BosonicError,
  Circuit,
  Experiment,
  type ExperimentInput,
  type NoiseModel,
  type SamplerCommand,
  type SamplerJobSpec,
  selectPrimitive,
  ValidationError,
} from '@bosonic/core';
import { checkMilliseconds, checkPositiveInteger, SAMPLER_COMMANDS } from '@bosonic/core/internal';
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
 * the builder methods of core's {@link AbstractProcessor} (shared with the local `Processor`), checks it against
 * the platform's specs, and turns Sampler commands into {@link RemoteJob}s whose create-job payload is
 * byte-for-byte what Perceval sends.
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
export class RemoteProcessor extends AbstractProcessor<RemoteJob> {
  readonly #name: string;
  readonly #details: PlatformDetails;
  readonly #rpc: RpcClient;
  readonly #link: RemoteJobLink;
  readonly #pcvlVersion: string;

  private constructor(
    name: string,
    details: PlatformDetails,
    rpc: RpcClient,
    options: RemoteProcessorOptions,
  ) {
    super(new Experiment(undefined, { name }));
    this.#name = name;
    this.#details = details;
    this.#rpc = rpc;
    this.#link = {
      rpc,
      platform: name,
      ...(options.refreshIntervalMs === undefined ? {} : { refreshIntervalMs: options.refreshIntervalMs }),
    };
    this.#pcvlVersion = options.pcvlVersion ?? PCVL_VERSION;
    this.prepareExperiment(this.experiment);
    if (options.m !== undefined) this.setCircuit(new Circuit(checkPositiveInteger(options.m, 'm')));
    if (options.noise !== undefined) this.setNoise(options.noise);
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
    if (options.refreshIntervalMs !== undefined)
      checkMilliseconds(options.refreshIntervalMs, 'refreshIntervalMs');
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

  // ---- what the platform accepts (AbstractProcessor's checks) --------------------------------------------

  /** Names the experiment after the platform and, as Perceval does, thresholds it on a threshold-detecting one. */
  protected override prepareExperiment(experiment: Experiment): void {
    experiment.name = this.#name;
    if (this.#details.specs.detector === 'threshold') experiment.thresholdedOutput(true);
  }

  /** Refuses a circuit outside the platform's mode range (`constraints`). */
  protected override checkCircuitSize(m: number): void {
    checkModeCount(this.constraints, m, this.#name);
  }

  /** Refuses an input outside the platform's photon constraints (herald photons included). */
  protected override checkInputState(input: ExperimentInput, field: string): void {
    checkInputPhotons(this.constraints, input, this.#name, field);
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
    const experiment = this.experiment;
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
    const experiment = serialize(this.experiment);
    if (typeof experiment !== 'string') {
      throw new BosonicError('@bosonic/protocol could not serialize the experiment', 'ERR_SERIALIZATION');
    }
    const payload: JobPayload = {
      command,
      ...(Object.keys(this.parameters).length > 0
        ? { parameters: { ...this.parameters } as JobPayload['parameters'] }
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
   * A fresh, unsent {@link RemoteJob} for a Sampler command (`ProcessorLike`): the platform runs the command
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
