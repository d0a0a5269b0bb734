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
}

/** One entry of an iterated job's `resultsList`. */
export interface SamplerIterationResult<T extends SamplerOutput = SamplerOutput> extends SamplerResult<T> {
  iteration: SamplerIteration;
}

/** The value of an iterated (parameter sweep) sampler job. */
export interface SamplerIterationResults<T extends SamplerOutput = SamplerOutput> {
  resultsList: SamplerIterationResult<T>[];
}

/** What `executeSync`, `wait()` and `getResults()` return for a sampler job. */
export type SamplerResults<T extends SamplerOutput = SamplerOutput> =
  | SamplerResult<T>
  | SamplerIterationResults<T>;
