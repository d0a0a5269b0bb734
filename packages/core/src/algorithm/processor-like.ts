import { BosonicError, ValidationError } from '../job/errors.js';
import type { Job, LocalTask, TaskContext } from '../job/index.js';
import { later } from '../job/later.js';
import type { BSDistribution } from '../model/state/bs-distribution.js';
import { BSSamples } from '../model/state/bs-samples.js';
import {
  deduceCount,
  probsToSampleCount,
  probsToSamples,
  samplesToProbs,
  samplesToSampleCount,
} from './converters.js';
import { checkSeed, Rng, randomSeed } from './random.js';
import { checkSamplerIteration } from './sampler-iteration.js';
import type {
  SamplerIteration,
  SamplerIterationResult,
  SamplerOutput,
  SamplerResult,
  SamplerResults,
} from './sampler-results.js';

/** The three sampler commands, with Perceval's (wire) names. */
export type SamplerCommand = 'probs' | 'sample_count' | 'samples';

/** Every sampler command, in Perceval's order. */
export const SAMPLER_COMMANDS: readonly SamplerCommand[] = Object.freeze([
  'probs',
  'sample_count',
  'samples',
]);

/** Samples drawn to estimate probabilities on a processor that can only sample (Perceval's `PROBS_SIMU_SAMPLE_COUNT`). */
export const PROBS_SIMU_SAMPLE_COUNT = 10_000;

/** Sample limit of a local sampling run given only a shot limit (Perceval's `SAMPLES_MAX_COUNT`). */
export const SAMPLES_MAX_COUNT = 100_000_000;

/** What a Sampler asks a processor to run. */
export interface SamplerJobSpec {
  command: SamplerCommand;
  /** Parameter-sweep steps; empty for a single run. */
  iterations: readonly SamplerIteration[];
  /** Shot limit of each call (Perceval's `max_shots_per_call`); mandatory for remote processors. */
  maxShotsPerCall?: number;
  /** Seed of the job's randomness (sampling and result conversion); random when omitted. */
  seed?: number;
}

/**
 * Anything a {@link Sampler} can drive: a local `Processor` (@bosonic/simulator) or a `RemoteProcessor`
 * (@bosonic/cloud). `J` is the processor's job type, so a Sampler on a remote processor hands out RemoteJobs.
 */
export interface ProcessorLike<J extends Job<SamplerResults> = Job<SamplerResults>> {
  /** The commands the processor runs natively; the others are derived from them (see {@link selectPrimitive}). */
  readonly availableCommands: readonly SamplerCommand[];
  /** A fresh, not yet executed job for `spec`. */
  createJob(spec: SamplerJobSpec): J;
  /**
   * Optional check of one iteration against the processor (parameter names, input size, …), called by
   * `Sampler.addIteration`; throws ValidationError.
   */
  checkIteration?(iteration: SamplerIteration): void;
}

/** A probability computation requested from a local processor. */
export interface ProbsRequest {
  /** The sweep step to apply (on a copy of the processor's experiment); undefined for a single run. */
  iteration?: SamplerIteration;
  /** Smallest probability worth keeping (Perceval: `min(1e-6, 1/maxShots)` when shots are limited). */
  precision?: number;
}

/** A sampling run requested from a local processor. */
export interface SamplesRequest {
  iteration?: SamplerIteration;
  /** Stop after this many selected samples. */
  maxSamples: number;
  /** Stop after this many shots (drawn events, selected or not). */
  maxShots?: number;
  /** Seed of the run's randomness. */
  seed: number;
}

/**
 * What a LOCAL processor computes itself. {@link createSamplerTask} builds every Sampler command from these,
 * with Perceval's fallbacks. A primitive reports progress through `ctx.progress` (0..1 of its own work) and
 * watches `ctx.cancelRequested`: a canceled `samples` returns the samples drawn so far.
 *
 * In `ctx.mode === 'sync'` a primitive must return its value directly (not a promise).
 */
export interface SamplerPrimitives {
  readonly nativeCommands: readonly ('probs' | 'samples')[];
  probs(
    request: ProbsRequest,
    ctx: TaskContext,
  ): SamplerResult<BSDistribution> | Promise<SamplerResult<BSDistribution>>;
  samples(
    request: SamplesRequest,
    ctx: TaskContext,
  ): SamplerResult<BSSamples> | Promise<SamplerResult<BSSamples>>;
}

/** Perceval's fallback order: the primitives tried, in order, when a command is not available natively. */
const FALLBACKS: Readonly<Record<SamplerCommand, readonly SamplerCommand[]>> = {
  probs: ['sample_count', 'samples'],
  sample_count: ['probs', 'samples'],
  samples: ['probs', 'sample_count'],
};

/**
 * The primitive that provides `command` on a processor offering `available`: the command itself if available,
 * else the first available fallback (Perceval's `Sampler._get_primitive_converter`); undefined if none.
 */
export function selectPrimitive(
  command: SamplerCommand,
  available: readonly SamplerCommand[],
): SamplerCommand | undefined {
  if (available.includes(command)) return command;
  return FALLBACKS[command].find((primitive) => available.includes(primitive));
}

/** Names of Perceval's result converters (`perceval.utils`), as sent in a remote job's `result_mapping`. */
export type ConverterName =
  | 'probs_to_sample_count'
  | 'probs_to_samples'
  | 'samples_to_sample_count'
  | 'samples_to_probs'
  | 'sample_count_to_probs'
  | 'sample_count_to_samples';

/** The converter that turns `primitive` results into `command` results; undefined when they are the same. */
export function converterName(command: SamplerCommand, primitive: SamplerCommand): ConverterName | undefined {
  if (command === primitive) return undefined;
  return `${primitive}_to_${command}` as ConverterName;
}

/** True when `command` needs a sample or shot limit (everything but `probs`). */
export function isSamplingCommand(command: SamplerCommand): boolean {
  return command !== 'probs';
}

function checkCommand(command: unknown): SamplerCommand {
  if (!SAMPLER_COMMANDS.includes(command as SamplerCommand)) {
    throw new ValidationError(
      `Unknown sampler command '${String(command)}' (expected one of ${SAMPLER_COMMANDS.join(', ')})`,
      { field: 'command' },
    );
  }
  return command as SamplerCommand;
}

/** Checks a positive-integer sample or shot limit; undefined and null mean "not given". */
export function checkCount(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError(`${field} must be a positive integer (got ${String(value)})`, { field });
  }
  return value;
}

/** Validates a job spec's shape (command, iterations, shot limit, seed); throws ValidationError. */
export function checkJobSpec(spec: SamplerJobSpec): SamplerJobSpec {
  if (spec === null || typeof spec !== 'object') {
    throw new ValidationError('A sampler job spec must be an object', { field: 'spec' });
  }
  checkCommand(spec.command);
  if (!Array.isArray(spec.iterations)) {
    throw new ValidationError('iterations must be an array', { field: 'iterations' });
  }
  for (const iteration of spec.iterations) checkSamplerIteration(iteration);
  checkCount(spec.maxShotsPerCall, 'maxShotsPerCall');
  if (spec.seed !== undefined) checkSeed(spec.seed);
  return spec;
}

/** The execute-time limits of a sampler job: `job(maxSamples?, maxShots?)`. */
export interface SamplingLimits {
  /** Stop after this many selected samples; undefined when not given. */
  maxSamples: number | undefined;
  /** Stop after this many shots; undefined when not given. */
  maxShots: number | undefined;
}

/**
 * Reads the execute-time arguments of a sampler job, local or remote: none for `probs`; `(maxSamples?,
 * maxShots?)` for `sample_count` and `samples` (positive integers; `undefined`/`null` mean "not given").
 * @throws ValidationError (field `args`, `maxSamples` or `maxShots`).
 */
export function parseSamplingArguments(command: SamplerCommand, args: readonly unknown[]): SamplingLimits {
  if (!isSamplingCommand(command)) {
    if (args.some((arg) => arg !== undefined)) {
      throw new ValidationError(`The probs command takes no arguments (got ${args.length})`, {
        field: 'args',
      });
    }
    return { maxSamples: undefined, maxShots: undefined };
  }
  if (args.length > 2) {
    throw new ValidationError(
      `The ${command} command takes at most 2 arguments (maxSamples, maxShots), got ${args.length}`,
      { field: 'args' },
    );
  }
  return { maxSamples: checkCount(args[0], 'maxSamples'), maxShots: checkCount(args[1], 'maxShots') };
}

/** One primitive run: the whole job, or one sweep step. */
interface RunPlan extends SamplerRunLimits {
  seed: number;
}

/** One run of a sampler job (the whole job, or one sweep step) with its limits resolved. */
export interface SamplerRunLimits {
  /** The sweep step; undefined for a single run. */
  iteration: SamplerIteration | undefined;
  /** Sample limit after the defaults and the clamp to `maxShots` (undefined for probs). */
  maxSamples: number | undefined;
  /** Shot limit: the iteration's, else the execute-time one, else `maxShotsPerCall`. */
  maxShots: number | undefined;
}

/**
 * The runs a local sampler job `spec` makes when executed with `args`, with the limits each one gets (Perceval's
 * rules: `maxSamples` defaults to {@link SAMPLES_MAX_COUNT} and never exceeds `maxShots`), e.g. to check before
 * running that each fits.
 * @throws ValidationError for bad arguments, or a sampling run without any limit
 */
export function planSamplerRuns(spec: SamplerJobSpec, args: readonly unknown[]): SamplerRunLimits[] {
  return runLimits(spec, parseSamplingArguments(spec.command, args));
}

function runLimits(spec: SamplerJobSpec, limits: SamplingLimits): SamplerRunLimits[] {
  const steps: (SamplerIteration | undefined)[] =
    spec.iterations.length > 0 ? [...spec.iterations] : [undefined];
  return steps.map((iteration, index) => {
    const maxShots =
      checkCount(iteration?.maxShots, 'iteration.maxShots') ?? limits.maxShots ?? spec.maxShotsPerCall;
    let maxSamples = checkCount(iteration?.maxSamples, 'iteration.maxSamples') ?? limits.maxSamples;
    if (isSamplingCommand(spec.command)) {
      if (maxSamples === undefined && maxShots === undefined) {
        throw new ValidationError(
          'Local sampling requires maxSamples and/or maxShots' +
            (iteration ? ` (missing in iteration ${index})` : ': call the job with (maxSamples, maxShots)'),
          { field: 'maxSamples' },
        );
      }
      maxSamples ??= SAMPLES_MAX_COUNT;
      if (maxShots !== undefined) maxSamples = Math.min(maxSamples, maxShots);
    } else {
      maxSamples = undefined;
    }
    return { iteration, maxSamples, maxShots };
  });
}

/** Samples a sampling processor draws to estimate `probs`: {@link PROBS_SIMU_SAMPLE_COUNT}, at most `maxShots`. */
export function probsSampleCount(maxShots: number | undefined): number {
  return Math.min(PROBS_SIMU_SAMPLE_COUNT, maxShots ?? PROBS_SIMU_SAMPLE_COUNT);
}

function planRuns(spec: SamplerJobSpec, limits: SamplingLimits): RunPlan[] {
  const baseSeed = spec.seed ?? randomSeed();
  return runLimits(spec, limits).map((run, index) => {
    // A single run uses the seed as given; each sweep step gets its own stream of it.
    const seed = run.iteration === undefined ? baseSeed : new Rng(baseSeed, index + 1).nextUint32();
    return { ...run, seed };
  });
}

/**
 * A request yielded by the sampler program to its driver: one primitive call, or a pause between two steps of a
 * long conversion (the asynchronous driver lets the event loop run there, so that `cancel()` is heard).
 */
type PrimitiveCall =
  | { kind: 'probs'; request: ProbsRequest; ctx: TaskContext }
  | { kind: 'samples'; request: SamplesRequest; ctx: TaskContext }
  | { kind: 'pause' };

type PrimitiveOutcome = SamplerResult<BSDistribution> | SamplerResult<BSSamples>;

type Program<T> = Generator<PrimitiveCall, T, PrimitiveOutcome | undefined>;

/**
 * Samples drawn from a distribution per step (a few milliseconds of work): between steps a conversion reports
 * progress and stops on a cancel request, keeping the samples drawn so far.
 */
export const SAMPLES_PER_STEP = 1 << 16;

/** Share of a strong run's progress given to computing the distribution when samples are drawn from it next. */
const DISTRIBUTION_SHARE = 0.5;

/** `results` replaced, perf figures kept (only those the primitive gave). */
function withResults<T extends SamplerOutput>(source: SamplerResult, results: T): SamplerResult<T> {
  const out: SamplerResult<T> = { results, globalPerf: source.globalPerf };
  if (source.physicalPerf !== undefined) out.physicalPerf = source.physicalPerf;
  if (source.logicalPerf !== undefined) out.logicalPerf = source.logicalPerf;
  return out;
}

/** A context whose progress maps the run's [0, 1] onto [start, start + span] of the job. */
function scopedContext(ctx: TaskContext, start: number, span: number): TaskContext {
  return {
    mode: ctx.mode,
    progress(progress: number, message?: string): void {
      const p = Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
      ctx.progress(start + span * p, message);
    },
    get cancelRequested(): boolean {
      return ctx.cancelRequested;
    },
    get signal(): AbortSignal {
      return ctx.signal;
    },
  };
}

function* probsCall(run: RunPlan, ctx: TaskContext): Program<SamplerResult<BSDistribution>> {
  const request: ProbsRequest = {};
  if (run.iteration !== undefined) request.iteration = run.iteration;
  // More shots ask for a finer distribution, as Perceval's Sampler does.
  if (run.maxShots !== undefined) request.precision = Math.min(1e-6, 1 / run.maxShots);
  return (yield { kind: 'probs', request, ctx }) as SamplerResult<BSDistribution>;
}

function* samplesCall(run: RunPlan, maxSamples: number, ctx: TaskContext): Program<SamplerResult<BSSamples>> {
  const request: SamplesRequest = { maxSamples, seed: run.seed };
  if (run.iteration !== undefined) request.iteration = run.iteration;
  if (run.maxShots !== undefined) request.maxShots = run.maxShots;
  return (yield { kind: 'samples', request, ctx }) as SamplerResult<BSSamples>;
}

/** `bytes` as they are when they already hold `needed`, else a copy grown (doubling, at most `cap`) to hold it. */
function grown(bytes: Uint8Array, needed: number, cap: number): Uint8Array {
  if (needed <= bytes.length) return bytes;
  const bigger = new Uint8Array(Math.min(cap, Math.max(needed, 2 * bytes.length)));
  bigger.set(bytes);
  return bigger;
}

/**
 * Perceval's `probs_to_samples` ({@link probsToSamples}, same samples for the same stream) drawn step by step: a
 * cancel request between steps ends it with the samples drawn so far, progress moves across `ctx`'s range, and the
 * buffer grows with the samples drawn rather than being allocated for all of them up front.
 */
function* drawSamples(probs: BSDistribution, run: RunPlan, rng: Rng, ctx: TaskContext): Program<BSSamples> {
  const count = deduceCount({ maxSamples: run.maxSamples, maxShots: run.maxShots });
  if (count < 1 || probs.m === undefined) return probsToSamples(probs, { count, rng });
  const sampler = probs.sampler();
  sampler.checkDrawable();
  const m = sampler.m;
  const uniform = (): number => rng.next();
  let flat: Uint8Array = new Uint8Array(Math.min(count, SAMPLES_PER_STEP) * m);
  let drawn = 0;
  while (drawn < count && !ctx.cancelRequested) {
    const step = Math.min(SAMPLES_PER_STEP, count - drawn);
    flat = grown(flat, (drawn + step) * m, count * m);
    sampler.drawInto(flat, drawn, step, uniform);
    drawn += step;
    ctx.progress(drawn / count, 'sampling the distribution');
    if (drawn < count) yield { kind: 'pause' };
  }
  return BSSamples.fromFlat(m, drawn * m === flat.length ? flat : flat.slice(0, drawn * m));
}

/** One run of `command`, natively or through Perceval's fallback. */
function* runCommand(
  command: SamplerCommand,
  natives: readonly ('probs' | 'samples')[],
  run: RunPlan,
  ctx: TaskContext,
): Program<SamplerResult> {
  const strong = natives.includes('probs');
  const sampling = natives.includes('samples');
  // The converters' randomness: a stream of the run's seed distinct from the one the primitive gets.
  const rng = (): Rng => new Rng(run.seed, 1);
  switch (command) {
    case 'probs': {
      if (strong) return yield* probsCall(run, ctx);
      const drawn = yield* samplesCall(run, probsSampleCount(run.maxShots), ctx);
      return withResults(drawn, samplesToProbs(drawn.results));
    }
    case 'sample_count': {
      if (strong) {
        const probs = yield* probsCall(run, ctx);
        const counts = probsToSampleCount(probs.results, {
          maxSamples: run.maxSamples,
          maxShots: run.maxShots,
          rng: rng(),
        });
        return withResults(probs, counts);
      }
      const drawn = yield* samplesCall(run, run.maxSamples!, ctx);
      return withResults(drawn, samplesToSampleCount(drawn.results));
    }
    case 'samples': {
      if (sampling) return yield* samplesCall(run, run.maxSamples!, ctx);
      const probs = yield* probsCall(run, scopedContext(ctx, 0, DISTRIBUTION_SHARE));
      const drawing = scopedContext(ctx, DISTRIBUTION_SHARE, 1 - DISTRIBUTION_SHARE);
      const samples = yield* drawSamples(probs.results, run, rng(), drawing);
      return withResults(probs, samples);
    }
  }
}

/** The whole job: one run, or one per iteration (`resultsList`), stopping early on cancellation. */
function* samplerProgram(
  command: SamplerCommand,
  natives: readonly ('probs' | 'samples')[],
  runs: readonly RunPlan[],
  iterated: boolean,
  ctx: TaskContext,
): Program<SamplerResults> {
  // Progress reaches 1 only when the work is done: a canceled job keeps the progress it had.
  if (!iterated) {
    const result = yield* runCommand(command, natives, runs[0]!, ctx);
    if (!ctx.cancelRequested) ctx.progress(1);
    return result;
  }
  const resultsList: SamplerIterationResult[] = [];
  const span = 1 / runs.length;
  for (let index = 0; index < runs.length; index++) {
    const run = runs[index]!;
    if (index > 0 && ctx.cancelRequested) break;
    let result: SamplerResult;
    try {
      result = yield* runCommand(command, natives, run, scopedContext(ctx, index * span, span));
    } catch (error) {
      // A step interrupted by a cancel request: keep the steps already done as partial results.
      if (ctx.cancelRequested && resultsList.length > 0) break;
      throw error;
    }
    resultsList.push({ ...result, iteration: run.iteration! });
    // A step that returned after a cancel request may be partial: it does not count as done.
    if (ctx.cancelRequested) break;
    ctx.progress((index + 1) * span, `iteration ${index + 1}/${runs.length}`);
  }
  return { resultsList };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** A call of one of the processor's primitives. */
type PrimitiveRequest = Exclude<PrimitiveCall, { kind: 'pause' }>;

function invoke(
  primitives: SamplerPrimitives,
  call: PrimitiveRequest,
): PrimitiveOutcome | Promise<PrimitiveOutcome> {
  return call.kind === 'probs'
    ? primitives.probs(call.request, call.ctx)
    : primitives.samples(call.request, call.ctx);
}

function checkOutcome(call: PrimitiveRequest, outcome: unknown): PrimitiveOutcome {
  if (outcome === null || typeof outcome !== 'object' || !('results' in outcome)) {
    throw new BosonicError(`The processor's ${call.kind} primitive returned no results`, 'ERR_PRIMITIVE');
  }
  return outcome as PrimitiveOutcome;
}

function driveSync<T>(program: Program<T>, primitives: SamplerPrimitives): T {
  let step = program.next();
  while (!step.done) {
    const call = step.value;
    // A synchronous run has no event loop to yield to: a cancel comes from a progress listener.
    if (call.kind === 'pause') {
      step = program.next(undefined);
      continue;
    }
    let outcome: PrimitiveOutcome;
    try {
      const value = invoke(primitives, call);
      if (isPromiseLike(value)) {
        Promise.resolve(value).catch(() => {}); // nobody will await it: keep its failure from going unhandled
        throw new BosonicError(
          `The processor's ${call.kind} primitive returned a promise in a synchronous run: ` +
            'run this job with executeAsync instead',
          'ERR_SYNC_UNSUPPORTED',
        );
      }
      outcome = checkOutcome(call, value);
    } catch (error) {
      step = program.throw(error);
      continue;
    }
    step = program.next(outcome);
  }
  return step.value;
}

async function driveAsync<T>(program: Program<T>, primitives: SamplerPrimitives): Promise<T> {
  let step = program.next();
  while (!step.done) {
    const call = step.value;
    if (call.kind === 'pause') {
      // A turn of the event loop (after pending I/O), where a cancel() or other work can run.
      await new Promise<void>((resolve) => later(resolve));
      step = program.next(undefined);
      continue;
    }
    let outcome: PrimitiveOutcome;
    try {
      outcome = checkOutcome(call, await invoke(primitives, call));
    } catch (error) {
      step = program.throw(error);
      continue;
    }
    step = program.next(outcome);
  }
  return step.value;
}

/**
 * The LocalJob task of a local processor for `spec`: runs the command natively or through Perceval's
 * primitive fallback, once or once per iteration.
 *
 * - strong processors (`probs` native): `sample_count` perturbs and rounds the distribution
 *   ({@link probsToSampleCount}), `samples` draws from it;
 * - sampling processors (`samples` native): `sample_count` counts the samples, `probs` estimates the
 *   distribution from {@link PROBS_SIMU_SAMPLE_COUNT} samples.
 *
 * Execute-time arguments: `(maxSamples?, maxShots?)` for `sample_count` and `samples`, none for `probs`. A
 * sampling run needs a sample and/or a shot limit (from the arguments, the iteration, or `maxShotsPerCall`);
 * `maxSamples` defaults to {@link SAMPLES_MAX_COUNT} and never exceeds `maxShots`.
 *
 * In `ctx.mode === 'sync'` the primitives are called synchronously; in `'async'` they are awaited. Progress is
 * spread evenly over the iterations and reaches 1 only on success. After a cancel request the task stops
 * between iterations and returns what it has (a canceled `samples` primitive returns its partial samples); the
 * job keeps the progress it had.
 *
 * @throws ValidationError (at once) for a bad spec or a processor without primitives; the task itself throws
 *   ValidationError for bad arguments or missing sampling limits.
 */
export function createSamplerTask(
  spec: SamplerJobSpec,
  primitives: SamplerPrimitives,
): LocalTask<SamplerResults> {
  checkJobSpec(spec);
  const natives = [...(primitives?.nativeCommands ?? [])];
  if (natives.length === 0 || natives.some((c) => c !== 'probs' && c !== 'samples')) {
    throw new ValidationError(
      `A local processor must provide 'probs' and/or 'samples' (got ${JSON.stringify(natives)})`,
      { field: 'nativeCommands' },
    );
  }
  const command = spec.command;
  const iterations = [...spec.iterations];
  const frozenSpec: SamplerJobSpec = { ...spec, iterations };
  const prepare = (args: readonly unknown[], ctx: TaskContext): Program<SamplerResults> => {
    const runs = planRuns(frozenSpec, parseSamplingArguments(command, args));
    return samplerProgram(command, natives, runs, iterations.length > 0, ctx);
  };
  return (args: unknown[], ctx: TaskContext) => {
    // Arguments are checked before anything runs, so bad ones fail the launch in both modes.
    const program = prepare(args, ctx);
    return ctx.mode === 'sync' ? driveSync(program, primitives) : driveAsync(program, primitives);
  };
}
