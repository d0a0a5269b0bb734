/**
 * The algorithm layer: the Sampler, the ProcessorLike contract it drives, the local sampler task with
 * Perceval's primitive fallbacks, the result converters and a seedable random generator.
 *
 * @packageDocumentation
 */

export * from './analyzer/index.js';
export {
  type ConversionOptions,
  deduceCount,
  probsToSampleCount,
  probsToSamples,
  sampleCountToProbs,
  sampleCountToSamples,
  samplesToProbs,
  samplesToSampleCount,
} from './converters.js';
export {
  type ConverterName,
  checkJobSpec,
  converterName,
  createSamplerTask,
  isSamplingCommand,
  PROBS_SIMU_SAMPLE_COUNT,
  type ProbsRequest,
  type ProcessorLike,
  parseSamplingArguments,
  planSamplerRuns,
  probsSampleCount,
  SAMPLER_COMMANDS,
  SAMPLES_MAX_COUNT,
  SAMPLES_PER_STEP,
  type SamplerCommand,
  type SamplerJobSpec,
  type SamplerPrimitives,
  type SamplerRunLimits,
  type SamplesRequest,
  type SamplingLimits,
  selectPrimitive,
} from './processor-like.js';
export { checkSeed, Rng, randomSeed } from './random.js';
export { type ProcessorJob, Sampler, type SamplerOptions } from './sampler.js';
export { checkSamplerIteration } from './sampler-iteration.js';
export type {
  SamplerIteration,
  SamplerIterationResult,
  SamplerIterationResults,
  SamplerOutput,
  SamplerResult,
  SamplerResults,
} from './sampler-results.js';
export * from './tomography/index.js';
