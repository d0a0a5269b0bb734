import type { Job, TaskContext } from '../job/index.js';
import type { SamplerIteration } from '../model/sampler-iteration.js';
import type { SamplerResult, SamplerResults } from '../model/sampler-results.js';
import type { BSDistribution } from '../model/state/bs-distribution.js';
import type { BSSamples } from '../model/state/bs-samples.js';
import type { SamplerCommand } from './sampler-command.js';

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
