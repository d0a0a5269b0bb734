import type { SamplerIteration } from './sampler-iteration.js';
import type { BSCount } from './state/bs-count.js';
import type { BSDistribution } from './state/bs-distribution.js';
import type { BSSamples } from './state/bs-samples.js';

/** What a sampler command produces: probabilities, counts, or an ordered list of samples. */
export type SamplerOutput = BSCount | BSDistribution | BSSamples;

/** The value of a successful sampler job: results plus performance figures. */
export interface SamplerResult<T extends SamplerOutput = SamplerOutput> {
  results: T;
  /** Probability that a shot yields a selected output (`physicalPerf · logicalPerf`). */
  globalPerf: number;
  /** Probability that enough photons are detected (min-detected-photons filter). */
  physicalPerf?: number;
  /** Probability that heralds and post-selection accept an output, given enough photons. */
  logicalPerf?: number;
  /** Absent: only a parameter sweep has a list (declared so that `r.resultsList !== undefined` tells them apart). */
  resultsList?: undefined;
}

/** One entry of an iterated job's `resultsList`. */
export interface SamplerIterationResult<T extends SamplerOutput = SamplerOutput> extends SamplerResult<T> {
  iteration: SamplerIteration;
}

/** The value of an iterated (parameter sweep) sampler job. */
export interface SamplerIterationResults<T extends SamplerOutput = SamplerOutput> {
  /** One entry per iteration, in the order they were added. */
  resultsList: SamplerIterationResult<T>[];
  /** Absent: a sweep's results are in `resultsList` (declared so that `const { results } = …` type-checks). */
  results?: undefined;
}

/**
 * What `executeSync`, `wait()` and `getResults()` return for a sampler job: `{ results, … }` for a plain run,
 * `{ resultsList }` when the sampler has iterations (a parameter sweep). Either key can be read on the union; the
 * other one is `undefined`.
 */
export type SamplerResults<T extends SamplerOutput = SamplerOutput> =
  | SamplerResult<T>
  | SamplerIterationResults<T>;
