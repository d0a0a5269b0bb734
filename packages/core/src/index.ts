/**
 * `@bosonic/core`: the Job runtime, the photonic model and the Perceval-compatible Sampler.
 *
 * @packageDocumentation
 */
export * from './algorithm/index.js';
export * from './catalog/index.js';
export * from './errors/index.js';
export * from './job/index.js';
export * from './model/index.js';
export { Rng } from './random/random.js';
