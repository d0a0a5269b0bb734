/**
 * The photonic model: complex numbers and matrices, circuits and components, Fock states and result
 * containers, post-selection, heralds, noise, detectors and the Experiment that ties them together.
 *
 * @packageDocumentation
 */
export * from './circuit/index.js';
export * from './complex.js';
export { type DetectionType, Detector, type DetectorOptions, detectionType } from './detector.js';
export { type CircuitSvgOptions, circuitToSvg, MAX_DRAWN_MODES } from './drawing/circuit-svg.js';
export { clipText, escapeSvgText } from './drawing/svg-text.js';
export { Experiment, type ExperimentInput, type ExperimentOptions } from './experiment.js';
export { Herald, type HeraldLocation, MAX_HERALD_PHOTONS } from './herald.js';
export * from './linalg/index.js';
export { NoiseModel, type NoiseModelOptions } from './noise-model.js';
export {
  DEFAULT_PARSE_LIMITS,
  type ParseLimits,
  resolveLimits,
  textExcerpt,
  textTooLong,
} from './parse-limits.js';
export * from './port/index.js';
export * from './post-select/index.js';
export type { SamplerIteration } from './sampler-iteration.js';
export type {
  SamplerIterationResult,
  SamplerIterationResults,
  SamplerOutput,
  SamplerResult,
  SamplerResults,
} from './sampler-results.js';
export * from './state/index.js';
