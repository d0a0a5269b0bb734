import { ValidationError } from '../errors/index.js';
import type { WaitOptions } from '../job/job.js';
import { optionalPositiveInteger } from '../model/integer-checks.js';
import type { SamplerIteration } from '../model/sampler-iteration.js';
import { checkSamplerIteration } from '../model/sampler-iteration.js';
import type { SamplerOutput, SamplerResults } from '../model/sampler-results.js';
import type { BSCount } from '../model/state/bs-count.js';
import type { BSDistribution } from '../model/state/bs-distribution.js';
import type { BSSamples } from '../model/state/bs-samples.js';
import { checkSeed } from '../random/random.js';
import type { ProcessorLike } from './processor-like.js';
import { type SamplerCommand, selectPrimitive } from './sampler-command.js';

/** Options of a {@link Sampler}. */
export interface SamplerOptions {
  /** Shot limit of each job (Perceval's `max_shots_per_call`); mandatory for remote processors. */
  maxShotsPerCall?: number;
  /** Seed of the jobs' randomness (sampling, result conversion); random when omitted. */
  seed?: number;
}

/** The job type a processor hands out. */
export type ProcessorJob<P extends ProcessorLike> = ReturnType<P['createJob']>;

/** The result-returning members of a job whose command outputs `T`. */
export interface SamplerJobResults<T extends SamplerOutput> {
  /** Calling the job runs it: `job(...args)` is `job.executeSync(...args)`. */
  (...args: unknown[]): SamplerResults<T>;
  executeSync(...args: unknown[]): SamplerResults<T>;
  getResults(): SamplerResults<T>;
  wait(options?: WaitOptions): Promise<SamplerResults<T>>;
}

/**
 * A sampler's job: the processor's job type (`LocalJob`, `RemoteJob`…) whose results are typed by its command's
 * output `T` (`BSDistribution` for `probs`, `BSCount` for `sampleCount`, `BSSamples` for `samples`).
 */
export type SamplerJob<
  P extends ProcessorLike,
  T extends SamplerOutput = SamplerOutput,
> = SamplerJobResults<T> & ProcessorJob<P>;

/**
 * Perceval's Sampler: three ways to read a processor's output distribution, each a getter that returns a
 * FRESH job of the processor's job type (`LocalJob` for a local Processor, `RemoteJob` for a RemoteProcessor):
 *
 * - `probs`: the output distribution (`BSDistribution`);
 * - `sampleCount`: counts per output state (`BSCount`), arguments `(maxSamples?, maxShots?)`;
 * - `samples`: the ordered list of samples (`BSSamples`), arguments `(maxSamples?, maxShots?)`.
 *
 * A command the processor lacks natively is derived from another one (probabilities → counts, samples →
 * counts, …). With iterations (a parameter sweep) the jobs return `{ resultsList }`, one entry per iteration.
 *
 * @example
 * ```ts
 * const sampler = new Sampler(processor, { seed: 1 });
 * const { results } = sampler.sampleCount(10_000);        // blocks
 * const job = sampler.sampleCount;                         // a fresh job
 * await job.executeAsync(10_000);
 * const full = await job.wait();
 * ```
 */
export class Sampler<P extends ProcessorLike = ProcessorLike> {
  readonly processor: P;
  readonly maxShotsPerCall: number | undefined;
  readonly seed: number | undefined;
  #iterations: SamplerIteration[] = [];

  /** @throws ValidationError for a processor that is not {@link ProcessorLike} or bad options. */
  constructor(processor: P, options: SamplerOptions = {}) {
    if (
      processor === null ||
      typeof processor !== 'object' ||
      !Array.isArray(processor.availableCommands) ||
      typeof processor.createJob !== 'function'
    ) {
      throw new ValidationError('A Sampler needs a processor (availableCommands and createJob)', {
        field: 'processor',
      });
    }
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('Sampler options must be an object', { field: 'options' });
    }
    this.processor = processor;
    this.maxShotsPerCall = optionalPositiveInteger(options.maxShotsPerCall, 'maxShotsPerCall');
    this.seed = options.seed === undefined ? undefined : checkSeed(options.seed);
  }

  /** A fresh job computing the output probability distribution. */
  get probs(): SamplerJob<P, BSDistribution> {
    return this.createJob('probs') as SamplerJob<P, BSDistribution>;
  }

  /** A fresh job counting sampled output states; run it with `(maxSamples?, maxShots?)`. */
  get sampleCount(): SamplerJob<P, BSCount> {
    return this.createJob('sample_count') as SamplerJob<P, BSCount>;
  }

  /** A fresh job drawing an ordered list of output samples; run it with `(maxSamples?, maxShots?)`. */
  get samples(): SamplerJob<P, BSSamples> {
    return this.createJob('samples') as SamplerJob<P, BSSamples>;
  }

  /**
   * A fresh job for `command` with the current iterations.
   * @throws ValidationError (field `command`) when the processor cannot provide the command, even through a
   *   fallback primitive.
   */
  createJob(command: SamplerCommand): ProcessorJob<P> {
    const available = this.processor.availableCommands;
    if (selectPrimitive(command, available) === undefined) {
      throw new ValidationError(
        `Cannot find a compatible primitive to execute ${command} in [${available.join(', ')}]`,
        { field: 'command' },
      );
    }
    const spec = {
      command,
      iterations: Object.freeze([...this.#iterations]),
      ...(this.maxShotsPerCall === undefined ? {} : { maxShotsPerCall: this.maxShotsPerCall }),
      ...(this.seed === undefined ? {} : { seed: this.seed }),
    };
    return this.processor.createJob(spec) as ProcessorJob<P>;
  }

  /**
   * Adds one step of a parameter sweep: `{ circuitParams?, inputState?, minDetectedPhotons?, maxSamples?,
   * maxShots?, noise? }`. Later jobs run every step in order.
   * @throws ValidationError naming the field when the step is malformed or does not fit the processor.
   */
  addIteration(iteration: SamplerIteration): this {
    const checked = checkSamplerIteration(iteration);
    this.processor.checkIteration?.(checked);
    this.#iterations.push(checked);
    return this;
  }

  /** Adds several steps (Perceval's `add_iteration_list`); none is added if one is invalid. */
  addIterations(iterations: readonly SamplerIteration[]): this {
    if (!Array.isArray(iterations)) {
      throw new ValidationError('addIterations needs an array of iterations', { field: 'iterations' });
    }
    const checked = iterations.map((iteration) => {
      const step = checkSamplerIteration(iteration);
      this.processor.checkIteration?.(step);
      return step;
    });
    this.#iterations.push(...checked);
    return this;
  }

  /** Removes every step. */
  clearIterations(): this {
    this.#iterations = [];
    return this;
  }

  /** The steps added so far (frozen copies). */
  get iterations(): readonly SamplerIteration[] {
    return Object.freeze([...this.#iterations]);
  }

  /** Number of steps. */
  get nIterations(): number {
    return this.#iterations.length;
  }
}
