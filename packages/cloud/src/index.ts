/**
 * `@bosonic/cloud`: run bosonic jobs on a cloud that speaks the Quandela Cloud protocol — the Quandela Cloud
 * itself or a self-hosted `@bosonic/server` — behind the same `Job` interface as local jobs.
 *
 * @packageDocumentation
 */

export { type CloudConnectionOptions, openRpcClient } from './config/open-client.js';
export {
  CONFIG_FILE_NAME,
  RemoteConfig,
  type RemoteConfigOptions,
  type RemoteSettings,
  type SettingSource,
  TOKEN_ENV_VARS,
} from './config/remote-config.js';
export { type Environment, userConfigDir, userDataDir } from './config/user-dirs.js';
export {
  JobGroup,
  type JobGroupConnectionOptions,
  type JobGroupOptions,
  type JobGroupProgress,
  type JobGroupRerunOptions,
  type JobGroupRunOptions,
} from './job-group/job-group.js';
export {
  type JobListing,
  type ListJobsOptions,
  listJobs,
} from './management/list-jobs.js';
export type { TimeBound } from './management/time-bound.js';
export { type PlatformUsage, type Usage, type UsageOptions, usage } from './management/usage.js';
export {
  DEFAULT_REFRESH_INTERVAL_MS,
  RemoteJob,
  type RemoteJobInit,
  type RemoteJobLink,
} from './remote-job.js';
export { PCVL_VERSION, RemoteProcessor, type RemoteProcessorOptions } from './remote-processor.js';
export { type DecodeResultsOptions, decodeJobResults } from './results/decode-results.js';
export { applyResultMapping, type MappingParameters } from './results/result-mapping.js';
export {
  isTransient,
  MAX_POLL_ERRORS,
  PollErrorBudget,
  TOLERATED_POLL_STATUSES,
} from './rpc/poll-error-budget.js';
export { DEFAULT_RETRY_POLICY, type RetryOptions, type RetryPolicy } from './rpc/retry-policy.js';
export {
  type CallOptions,
  type CreateJobOptions,
  type JobListQuery,
  RpcClient,
  type RpcClientOptions,
  type RpcConnectionSettings,
} from './rpc/rpc-client.js';
