/**
 * The sampler job as a program: it plans one run per sweep step, and for each run yields the primitive calls it
 * needs (natively, or through Perceval's fallback with a result converter) and pauses between the steps of long
 * conversions. A driver (sampler-task.ts) performs the calls, synchronously or not, so one program serves
 * `executeSync` and `executeAsync` alike.
 */
import { ValidationError } from '../errors/index.js';
import type { TaskContext } from '../job/index.js';
import { optionalPositiveInteger } from '../model/integer-checks.js';
import type { SamplerIteration } from '../model/sampler-iteration.js';
import type {
  SamplerIterationResult,
  SamplerOutput,
  SamplerResult,
  SamplerResults,
} from '../model/sampler-results.js';
import type { BSDistribution } from '../model/state/bs-distribution.js';
import { BSSamples } from '../model/state/bs-samples.js';
import { Rng, randomSeed } from '../random/random.js';
import {
  deduceCount,
  probsToSampleCount,
  probsToSamples,
  samplesToProbs,
  samplesToSampleCount,
} from './converters.js';
import { parseSamplingArguments, type SamplingLimits } from './job-spec.js';
import type { ProbsRequest, SamplerJobSpec, SamplesRequest } from './processor-like.js';
import {
  isSamplingCommand,
  PROBS_SIMU_SAMPLE_COUNT,
  SAMPLES_MAX_COUNT,
  type SamplerCommand,
} from './sampler-command.js';

/** One primitive run: the whole job, or one sweep step. */
export interface RunPlan extends SamplerRunLimits {
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
      optionalPositiveInteger(iteration?.maxShots, 'iteration.maxShots') ??
      limits.maxShots ??
      spec.maxShotsPerCall;
    let maxSamples =
      optionalPositiveInteger(iteration?.maxSamples, 'iteration.maxSamples') ?? limits.maxSamples;
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

/** Each run of the job with its seed: a single run uses the job's seed, each sweep step its own stream of it. */
export function planRuns(spec: SamplerJobSpec, limits: SamplingLimits): RunPlan[] {
  const baseSeed = spec.seed ?? randomSeed();
  return runLimits(spec, limits).map((run, index) => {
    const seed = run.iteration === undefined ? baseSeed : new Rng(baseSeed, index + 1).nextUint32();
    return { ...run, seed };
  });
}

/**
 * A request yielded by the sampler program to its driver: one primitive call, or a pause between two steps of a
 * long conversion (the asynchronous driver lets the event loop run there, so that `cancel()` is heard).
 */
export type PrimitiveCall =
  | { kind: 'probs'; request: ProbsRequest; ctx: TaskContext }
  | { kind: 'samples'; request: SamplesRequest; ctx: TaskContext }
  | { kind: 'pause' };

export type PrimitiveOutcome = SamplerResult<BSDistribution> | SamplerResult<BSSamples>;

export type Program<T> = Generator<PrimitiveCall, T, PrimitiveOutcome | undefined>;

/**
 * Samples drawn from a distribution per step: between steps a conversion reports progress and stops on a cancel
 * request, keeping the samples drawn so far. 8,192 draws take about 0.4 ms on a quiet machine, so an asynchronous
 * run keeps the event loop's delays short.
 */
export const SAMPLES_PER_STEP = 1 << 13;

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
export function* samplerProgram(
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
