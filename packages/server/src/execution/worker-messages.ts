import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';
import type { SimulatorPlatform } from '../platforms/platforms.js';
import type { JobOutcome } from '../store/job-record.js';

/** What a job worker needs to run one job. */
export interface RunOrder {
  jobId: string;
  attempt: number;
  platform: SimulatorPlatform;
  /** The create-job body, JSON text (as stored). */
  request: string;
  limits: ExecutionLimits;
  /** Least time between two progress reports of the job, in ms. */
  progressIntervalMs: number;
}

/** Main thread → worker. */
export type ToWorker = { type: 'run'; order: RunOrder } | { type: 'cancel'; jobId: string };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'progress'; jobId: string; attempt: number; progress: number; message: string | null }
  | { type: 'done'; jobId: string; attempt: number; outcome: JobOutcome };
