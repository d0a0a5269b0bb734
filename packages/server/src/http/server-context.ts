import type { PlatformDetails } from '@bosonic/protocol';
import type { RequestChecker } from '../execution/request-checker.js';
import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';
import type { SimulatorPlatform } from '../platforms/platforms.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { JobStore } from '../store/job-store.js';

/** What the routes work with. */
export interface ServerContext {
  store: JobStore;
  queue: JobQueue;
  /** Resolves when the store and the queue answer; rejects with ServiceUnavailableError otherwise. */
  ready(): Promise<void>;
  platforms: ReadonlyMap<string, SimulatorPlatform>;
  /** The platforms' details, built once. */
  platformDetails: ReadonlyMap<string, PlatformDetails>;
  limits: ExecutionLimits;
  /** Decodes and checks large create-job requests off the event loop. */
  checker: RequestChecker;
  maxQueuedJobsPerToken: number;
  /** Bytes one token's jobs may store (names, tags, requests, results) before creations answer 413. */
  maxStoredBytesPerToken: number;
  /** Longest run of any job, in seconds (`--max-job-seconds`); null: no cap. */
  maxJobSeconds: number | null;
  /** Digests of the tokens this server accepts. */
  tokenDigests: ReadonlySet<string>;
  /** Seconds since the epoch. */
  now(): number;
}
