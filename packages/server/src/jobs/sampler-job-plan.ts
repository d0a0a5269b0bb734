import {
  BasicState,
  BosonicError,
  Circuit,
  Experiment,
  type ExperimentInput,
  type LocalJob,
  NoiseModel,
  Sampler,
  type SamplerCommand,
  type SamplerIteration,
  type SamplerResults,
  StateVector,
  SVDistribution,
  ValidationError,
} from '@bosonic/core';
import { planSamplerRuns, SAMPLER_COMMANDS } from '@bosonic/core/internal';
import { type CreateJobRequest, type DecodeLimits, deserialize, type JobIteration } from '@bosonic/protocol';
import { Processor, stateSpaceSize } from '@bosonic/simulator';
import { PLATFORM_PARAMETERS, type SimulatorPlatform } from '../platforms/platforms.js';
import { DecodedExperimentCache } from './experiment-cache.js';
import { checkJobFits, checkSampleCounts } from './job-size.js';
import { DEFAULT_SHARD_SAMPLES, planShards, type SampleShard, shardedSamplingJob } from './sample-shards.js';

/** How the simulator runs on this server. */
export interface ExecutionLimits {
  /** Refuse simulations needing more memory than this (per job). */
  memoryLimitBytes: number;
  /** Native threads per job. */
  threads: number;
  /**
   * A `samples` / `sample_count` job of a sampling platform above this many samples is split into shards (default
   * {@link DEFAULT_SHARD_SAMPLES}); every node of a deployment must use the same value for identical results.
   */
  shardSamples?: number;
}

/**
 * A create-job request turned into a runnable sampler job: the request is checked against the platform (the
 * command, the experiment, the constraints, the sweep, the parameters) and every `:PCVL:` value decoded.
 * The route builds one to answer 400 for bad input before storing anything; the worker builds it again to run.
 */
export interface SamplerJobPlan {
  command: SamplerCommand;
  sampler: Sampler<Processor>;
  /** The arguments of the job's execution: `[max_samples]` for sampling commands. */
  args: unknown[];
  /** The sweep steps as sent, echoed in `results_list[i].iteration`. */
  wireIterations: JobIteration[];
  /** The job's shards when it is split (see {@link planShards}); undefined when it runs whole. */
  shards?: SampleShard[];
  /**
   * True when the job is tiny (a perfect source, no sweep, at most {@link QUICK_JOB_WORK} elementary steps): it
   * takes well under a millisecond of compute and little memory, so the executors may run several such jobs
   * at once next to a large one (most of a tiny job's time is the hand-over to a native thread and back).
   */
  quick: boolean;
}

/** Work bound of a quick job, in elementary steps (amplitude updates, permanent terms). */
export const QUICK_JOB_WORK = 2 ** 16;

/** Experiments decoded recently in this thread (the HTTP thread and each worker have their own). */
const EXPERIMENTS = new DecodedExperimentCache();

const SAMPLER_GETTERS = {
  probs: 'probs',
  sample_count: 'sampleCount',
  samples: 'samples',
} as const satisfies Record<SamplerCommand, keyof Sampler>;

/**
 * Checks a request against a platform and builds its sampler job (not started).
 * @throws ValidationError naming the request field at fault (`payload.experiment`, `payload.iterator[1].noise`, …).
 */
export function planSamplerJob(
  request: CreateJobRequest,
  platform: SimulatorPlatform,
  limits: ExecutionLimits,
): SamplerJobPlan {
  const payload = request.payload;
  const command = checkCommand(payload.command, platform);
  const experiment = readExperiment(request, platform);
  checkConstraints(experiment, platform);
  checkParameters(payload.parameters);
  const seed = payload.parameters?.seed as number | undefined;

  const processor = new Processor(platform.backend, experiment, {
    memoryLimitBytes: limits.memoryLimitBytes,
    threads: limits.threads,
  });
  const maxShots = payload.max_shots ?? undefined;
  const sampler = at(
    'payload.max_shots',
    () =>
      new Sampler(processor, {
        ...(maxShots === undefined ? {} : { maxShotsPerCall: maxShots }),
        ...(seed === undefined ? {} : { seed }),
      }),
  );
  const wireIterations = payload.iterator ?? [];
  let photons = Math.max(...statesOf(experiment.fullInputState()).map((state) => state.n));
  const iterations: SamplerIteration[] = [];
  wireIterations.forEach((wire, index) => {
    const where = `payload.iterator[${index}]`;
    const iteration = readIteration(wire, where, platform);
    at(where, () => sampler.addIteration(iteration), ITERATION_FIELDS);
    iterations.push(iteration);
    for (const state of statesOf(experiment.copy().withIteration(iteration).fullInputState())) {
      checkPhotons(state, platform, `${where}.input_state`);
      photons = Math.max(photons, state.n);
    }
  });

  const maxSamples = payload.max_samples ?? undefined;
  checkSampleCounts(payload, wireIterations);
  if (command !== 'probs') checkSampleLimits(command, maxSamples, maxShots, wireIterations);
  // The runs as the sampler will make them (its sweep steps, the samples and shots of each), checked against the
  // simulator's own estimate of each.
  const runs = planSamplerRuns(
    { command, iterations, ...(maxShots === undefined ? {} : { maxShotsPerCall: maxShots }) },
    command === 'probs' ? [] : [maxSamples],
  );
  checkJobFits(processor, command, runs, photons);
  const quick =
    wireIterations.length === 0 &&
    experiment.hasPerfectSource &&
    estimatedWork(experiment, platform, command, maxSamples ?? maxShots) <= QUICK_JOB_WORK;
  const shards =
    command !== 'probs' &&
    platform.backend === 'CliffordClifford2017' &&
    wireIterations.length === 0 &&
    maxShots === undefined &&
    maxSamples !== undefined &&
    seed !== undefined
      ? planShards(seed, maxSamples, limits.shardSamples ?? DEFAULT_SHARD_SAMPLES)
      : undefined;
  return {
    command,
    sampler,
    args: command === 'probs' ? [] : [maxSamples],
    wireIterations,
    quick,
    ...(shards === undefined ? {} : { shards }),
  };
}

/** A rough count of the job's elementary steps, for {@link SamplerJobPlan.quick}. */
function estimatedWork(
  experiment: Experiment,
  platform: SimulatorPlatform,
  command: SamplerCommand,
  samples: number | undefined,
): number {
  const n = Math.max(...statesOf(experiment.fullInputState()).map((state) => state.n));
  const m = experiment.m;
  const permanent = n * 2 ** n;
  switch (platform.backend) {
    case 'SLOS':
      return stateSpaceSize(n, m) * Math.max(1, n);
    case 'Naive':
      return stateSpaceSize(n, m) * permanent;
    case 'CliffordClifford2017':
      // probs on a sampling backend draws 10 000 samples (Perceval's PROBS_SIMU_SAMPLE_COUNT).
      return (command === 'probs' ? 10_000 : (samples ?? Number.POSITIVE_INFINITY)) * (permanent + m);
    case 'NaiveApprox':
      // Gurvits' estimator: 10 000 random vectors (its default) of n² work per output state.
      return stateSpaceSize(n, m) * 10_000 * n * n;
    case 'MPS':
      // No cheap estimate of a tensor-network run: never a quick job.
      return Number.POSITIVE_INFINITY;
  }
}

/** A fresh, not yet executed job of the plan. */
export function createPlannedJob(plan: SamplerJobPlan): LocalJob<SamplerResults> {
  if (plan.shards !== undefined && plan.command !== 'probs') {
    const { processor } = plan.sampler;
    return shardedSamplingJob(plan.command, plan.shards, (seed) => new Sampler(processor, { seed }));
  }
  return plan.sampler[SAMPLER_GETTERS[plan.command]];
}

function checkCommand(command: string, platform: SimulatorPlatform): SamplerCommand {
  if (!(SAMPLER_COMMANDS as readonly string[]).includes(command)) {
    throw new ValidationError(
      `payload.command: unknown command '${command}' (${platform.name} runs ${SAMPLER_COMMANDS.join(', ')}; ` +
        `${platform.availableCommands.join(', ')} natively)`,
      { field: 'payload.command' },
    );
  }
  return command as SamplerCommand;
}

/** The experiment of the request: `payload.experiment`, or an older client's `circuit` + `input_state`. */
function readExperiment(request: CreateJobRequest, platform: SimulatorPlatform): Experiment {
  const payload = request.payload;
  let experiment: Experiment;
  if (payload.experiment !== undefined) {
    const text = payload.experiment;
    const value = at('payload.experiment', () => EXPERIMENTS.decode(text, decodeLimitsOf(platform)));
    if (!(value instanceof Experiment)) {
      throw new ValidationError(`payload.experiment: expected a :PCVL:Experiment, got ${describe(value)}`, {
        field: 'payload.experiment',
      });
    }
    experiment = value;
  } else {
    const circuit = decode(payload.circuit, 'payload.circuit', platform);
    if (!(circuit instanceof Circuit)) {
      throw new ValidationError(`payload.circuit: expected a :PCVL:ACircuit, got ${describe(circuit)}`, {
        field: 'payload.circuit',
      });
    }
    experiment = new Experiment(circuit);
    if (payload.input_state !== undefined) {
      const input = decode(payload.input_state, 'payload.input_state', platform);
      if (!(input instanceof BasicState || input instanceof StateVector || input instanceof SVDistribution)) {
        throw new ValidationError(`payload.input_state: expected a state, got ${describe(input)}`, {
          field: 'payload.input_state',
        });
      }
      at('payload.input_state', () => experiment.withInput(input));
    }
  }
  const field = payload.experiment !== undefined ? 'payload.experiment' : 'payload.circuit';
  at(field, () => experiment.checkRunnable());
  return experiment;
}

function checkConstraints(experiment: Experiment, platform: SimulatorPlatform): void {
  const field = 'payload.experiment';
  const { maxModeCount } = platform.capacity;
  if (experiment.m > maxModeCount) {
    throw new ValidationError(
      `${field}: circuit too big for ${platform.name} (${experiment.m} modes > ${maxModeCount})`,
      { field },
    );
  }
  for (const state of statesOf(experiment.fullInputState())) checkPhotons(state, platform, field);
}

function checkPhotons(state: BasicState, platform: SimulatorPlatform, field: string): void {
  const max = platform.capacity.maxPhotonCount;
  if (state.n > max) {
    throw new ValidationError(
      `${field}: too many photons for ${platform.name} (${state.n} in ${state.toString()} > ${max})`,
      { field },
    );
  }
  if (state.n < 1) {
    throw new ValidationError(`${field}: the input state ${state.toString()} has no photon`, { field });
  }
}

function statesOf(input: ExperimentInput): BasicState[] {
  if (input instanceof BasicState) return [input];
  if (input instanceof StateVector) return [...input.unnormalizedEntries()].map(([state]) => state);
  return [...input.entries()].flatMap(([vector]) =>
    [...vector.unnormalizedEntries()].map(([state]) => state),
  );
}

function checkParameters(parameters: Record<string, unknown> | undefined): void {
  for (const [name, value] of Object.entries(parameters ?? {})) {
    const field = `payload.parameters.${name}`;
    if (!Object.hasOwn(PLATFORM_PARAMETERS, name)) {
      throw new ValidationError(
        `${field}: unknown parameter (accepted: ${Object.keys(PLATFORM_PARAMETERS).join(', ')})`,
        { field },
      );
    }
    if (name === 'compute_physical_logical_perf' && typeof value !== 'boolean') {
      throw new ValidationError(`${field}: expected a boolean`, { field });
    }
    if (name === 'seed' && (typeof value !== 'number' || !Number.isSafeInteger(value))) {
      throw new ValidationError(`${field}: expected a safe integer (got ${JSON.stringify(value)})`, {
        field,
      });
    }
  }
}

/** A sweep step of the wire, decoded. */
function readIteration(wire: JobIteration, where: string, platform: SimulatorPlatform): SamplerIteration {
  const iteration: SamplerIteration = {};
  for (const key of Object.keys(wire)) {
    if (!WIRE_ITERATION_KEYS.has(key)) {
      throw new ValidationError(
        `${where}.${key}: unknown iteration key (known: ${[...WIRE_ITERATION_KEYS].join(', ')})`,
        { field: `${where}.${key}` },
      );
    }
  }
  if (wire.circuit_params !== undefined) iteration.circuitParams = wire.circuit_params;
  if (wire.input_state !== undefined) {
    const state = decode(wire.input_state, `${where}.input_state`, platform);
    if (!(state instanceof BasicState)) {
      throw new ValidationError(`${where}.input_state: expected a :PCVL:BasicState, got ${describe(state)}`, {
        field: `${where}.input_state`,
      });
    }
    iteration.inputState = state;
  }
  if (wire.noise !== undefined) {
    const noise = decode(wire.noise, `${where}.noise`, platform);
    if (!(noise instanceof NoiseModel)) {
      throw new ValidationError(`${where}.noise: expected a :PCVL:NoiseModel, got ${describe(noise)}`, {
        field: `${where}.noise`,
      });
    }
    iteration.noise = noise;
  }
  if (wire.min_detected_photons !== undefined) iteration.minDetectedPhotons = wire.min_detected_photons;
  if (wire.max_samples !== undefined && wire.max_samples !== null) iteration.maxSamples = wire.max_samples;
  if (wire.max_shots !== undefined && wire.max_shots !== null) iteration.maxShots = wire.max_shots;
  return iteration;
}

const WIRE_ITERATION_KEYS = new Set([
  'circuit_params',
  'input_state',
  'min_detected_photons',
  'max_samples',
  'max_shots',
  'noise',
]);

/** Core's iteration field names → the wire's. */
const ITERATION_FIELDS: Readonly<Record<string, string>> = {
  'iteration.circuitParams': 'circuit_params',
  'iteration.inputState': 'input_state',
  'iteration.minDetectedPhotons': 'min_detected_photons',
  'iteration.maxSamples': 'max_samples',
  'iteration.maxShots': 'max_shots',
  'iteration.noise': 'noise',
  iteration: '',
};

/** A sampling job needs a sample or shot limit, from the payload or from every sweep step. */
function checkSampleLimits(
  command: SamplerCommand,
  maxSamples: number | undefined,
  maxShots: number | undefined,
  iterations: readonly JobIteration[],
): void {
  if (maxSamples !== undefined || maxShots !== undefined) return;
  const limited = (step: JobIteration): boolean =>
    (step.max_samples ?? undefined) !== undefined || (step.max_shots ?? undefined) !== undefined;
  if (iterations.length > 0 && iterations.every(limited)) return;
  throw new ValidationError(
    `payload.max_samples: a ${command} job needs max_samples or max_shots (in the payload or in every iteration)`,
    { field: 'payload.max_samples' },
  );
}

/** Deserializes a `:PCVL:` value, locating its errors at `field`. */
/**
 * What decoding a request for `platform` may produce (checked while decoding, before allocating): its published
 * modes and photons, and at most {@link MAX_REQUEST_INFLATED_BYTES} inflated from a `zip:` value.
 */
export function decodeLimitsOf(platform: SimulatorPlatform): Partial<DecodeLimits> {
  return {
    maxModes: platform.capacity.maxModeCount,
    maxPhotons: platform.capacity.maxPhotonCount,
    maxInflatedBytes: MAX_REQUEST_INFLATED_BYTES,
  };
}

/** Most bytes a `:PCVL:zip:` value of a request may inflate to (an experiment is kilobytes; 1000-fold bombs stop). */
export const MAX_REQUEST_INFLATED_BYTES = 64 * 2 ** 20;

function decode(text: unknown, field: string, platform: SimulatorPlatform): unknown {
  if (typeof text !== 'string') {
    throw new ValidationError(`${field}: required field is missing`, { field });
  }
  return at(field, () => deserialize(text, { limits: decodeLimitsOf(platform) }));
}

/**
 * Runs `step`, re-locating a ValidationError at `where` (its own field, mapped through `fields`, appended), and
 * turning any other bosonic error into a ValidationError there too.
 */
function at<T>(where: string, step: () => T, fields: Readonly<Record<string, string>> = {}): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ValidationError) {
      const inner = error.field === undefined ? undefined : mapField(error.field, fields);
      const field = inner ? `${where}.${inner}` : where;
      const message = error.message.startsWith(`${field}:`) ? error.message : `${field}: ${error.message}`;
      throw new ValidationError(message, { field, cause: error });
    }
    if (error instanceof BosonicError) {
      throw new ValidationError(`${where}: ${error.message}`, { field: where, cause: error });
    }
    throw error;
  }
}

function mapField(field: string, fields: Readonly<Record<string, string>>): string {
  let best = '';
  for (const prefix of Object.keys(fields)) {
    if ((field === prefix || field.startsWith(`${prefix}.`)) && prefix.length > best.length) best = prefix;
  }
  if (best === '') return '';
  const mapped = fields[best]!;
  const rest = field.slice(best.length + 1);
  return [mapped, rest].filter((part) => part !== '').join('.');
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  // Bundlers may prefix class names with underscores (`_BSCount`).
  if (typeof value === 'object') return `a ${(value.constructor?.name ?? 'value').replace(/^_+/, '')}`;
  return `the ${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
