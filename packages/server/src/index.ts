/**
 * `@bosonic/server`: a self-hosted cloud that speaks the Quandela Cloud REST protocol, backed by bosonic's
 * native simulator — so a team can run its own simulation cloud for `@bosonic/cloud` and for Perceval's client.
 *
 * @packageDocumentation
 */
export { bearerToken, generateToken, hashToken } from './auth/token.js';
export { parseTokenList, readTokenFile, TOKENS_ENV, type TokenFile } from './auth/token-sources.js';
export { DATABASE_URL_ENV, type DistributedOptions, REDIS_URL_ENV } from './distributed-options.js';
export { ServiceUnavailableError } from './errors/service-unavailable-error.js';
export type { ExecutionLimits } from './jobs/sampler-job-plan.js';
export {
  type BackendCapacity,
  cliffordCapacity,
  naiveCapacity,
  slosCapacity,
} from './platforms/capacity.js';
export {
  PLATFORM_NAMES,
  type PlatformName,
  platformDetails,
  type SimulatorPlatform,
  simulatorPlatforms,
} from './platforms/platforms.js';
export { BullMQJobExecutor, type BullMQJobExecutorOptions } from './queue/bullmq/bullmq-job-executor.js';
export { BullMQJobQueue, type BullMQJobQueueOptions } from './queue/bullmq/bullmq-job-queue.js';
export { WorkerPool, type WorkerPoolOptions } from './queue/in-process/worker-pool.js';
export type { JobQueue } from './queue/job-queue.js';
export { type CliServer, type CliServerOptions, runServerFromCli } from './run-server-from-cli.js';
export type { ServerOptions } from './server-options.js';
export { DATABASE_FILE, type RunningServer, startServer } from './start-server.js';
export { type RunningWorker, startWorker, type WorkerOptions } from './start-worker.js';
export { stderrLogger } from './stderr-logger.js';
export type {
  CancelOutcome,
  ClaimedJob,
  CreateOutcome,
  JobLease,
  JobOutcome,
  JobRequestView,
  JobResultsView,
  JobState,
  JobStatusView,
  NewJob,
  RecoveryReport,
} from './store/job-record.js';
export type { JobStore, SharedJobStore, TokenStore } from './store/job-store.js';
export { PostgresJobStore, type PostgresJobStoreOptions } from './store/postgres/postgres-job-store.js';
export { SqliteJobStore, type SqliteJobStoreOptions } from './store/sqlite/sqlite-job-store.js';
