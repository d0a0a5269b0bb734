/**
 * The algorithm layer: the Sampler, the ProcessorLike contract it drives, the AbstractProcessor base of both
 * processors, the local sampler task with Perceval's primitive fallbacks and the result converters.
 *
 * @packageDocumentation
 */

export {
  AbstractProcessor,
  type ProcessorInput,
} from './abstract-processor.js';
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
export type { ProcessorLike, SamplerJobSpec } from './processor-like.js';
export {
  type ProcessorJob,
  Sampler,
  type SamplerJob,
  type SamplerJobResults,
  type SamplerOptions,
} from './sampler.js';
export { type SamplerCommand, selectPrimitive } from './sampler-command.js';
export * from './tomography/index.js';
