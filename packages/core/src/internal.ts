/**
 * `@bosonic/core/internal`: what bosonic's own packages share beyond the public API (argument checks, the
 * local sampler task, wire names of job states). Not covered by semantic versioning: code outside bosonic
 * should use `@bosonic/core`.
 *
 * @packageDocumentation
 */
export {
  checkJobSpec,
  parseSamplingArguments,
  type SamplingLimits,
} from './algorithm/job-spec.js';
export type { ProbsRequest, SamplerPrimitives, SamplesRequest } from './algorithm/processor-like.js';
export {
  type ConverterName,
  checkCommand,
  converterName,
  isSamplingCommand,
  PROBS_SIMU_SAMPLE_COUNT,
  SAMPLER_COMMANDS,
  SAMPLES_MAX_COUNT,
} from './algorithm/sampler-command.js';
export {
  planSamplerRuns,
  probsSampleCount,
  SAMPLES_PER_STEP,
  type SamplerRunLimits,
} from './algorithm/sampler-program.js';
export { createSamplerTask } from './algorithm/sampler-task.js';
export { checkMilliseconds } from './job/check-milliseconds.js';
export { isRunningStatus, runningStatusFromWire, runningStatusToWire } from './job/running-status.js';
export { stopMessageOf } from './job/stop-message.js';
export {
  checkIntegerInRange,
  checkNonNegativeInteger,
  checkPositiveInteger,
  optionalPositiveInteger,
} from './model/integer-checks.js';
export { parsePostSelect } from './model/post-select/parse-post-select.js';
export { checkSamplerIteration } from './model/sampler-iteration.js';
export { toBasicState } from './model/state/basic-state.js';
export { checkSeed, randomSeed } from './random/random.js';
