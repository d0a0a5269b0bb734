/**
 * `@bosonic/simulator`: bosonic's native photonic simulator (Rust, behind Node-API) as a local `Processor` for
 * `@bosonic/core`'s `Sampler` and `LocalJob`, plus the permanent itself.
 *
 * @packageDocumentation
 */
export {
  AUTO_EXACT_AMPLITUDE_MAX_PHOTONS,
  AUTO_SLOS_MAX_STATES,
  BACKEND_NAMES,
  type BackendName,
  chooseBackend,
  DEFAULT_GURVITS_ITERATIONS,
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
  type ProcessorInput,
  type ProcessorOptions,
  type ProcessorTarget,
} from './processor.js';
