/**
 * `@bosonic/simulator`: bosonic's native photonic simulator (Rust, behind Node-API) as a local `Processor` for
 * `@bosonic/core`'s `Sampler` and `LocalJob`, plus the permanent itself.
 *
 * @packageDocumentation
 */

/** What `Processor.withInput` takes; defined in core, where `AbstractProcessor` declares the method. */
export type { ProcessorInput } from '@bosonic/core';
export {
  AUTO_EXACT_AMPLITUDE_MAX_PHOTONS,
  AUTO_MPS_MAX_COST,
  AUTO_SLOS_MAX_STATES,
  type AutoContext,
  BACKEND_NAMES,
  type BackendName,
  chooseBackend,
  DEFAULT_GURVITS_ITERATIONS,
  type ExactMps,
  type NativeBackendName,
  stateSpaceSize,
} from './backend.js';
export type { JobEstimate, JobSizeLimits } from './job-estimate.js';
export type { LoadAttempt, LoaderEnvironment } from './native/loader.js';
export { NATIVE_LIBRARY_PATH_ENV, NativeBindingError } from './native/loader.js';
export { MAX_PERMANENT_SIZE, type PermanentOptions, permanent } from './permanent.js';
export {
  type AmplitudeWithError,
  MAX_PHOTONS,
  Processor,
  type ProcessorOptions,
  type ProcessorTarget,
} from './processor.js';
