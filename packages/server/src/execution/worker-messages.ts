import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';
import type { SimulatorPlatform } from '../platforms/platforms.js';
import type { JobOutcome } from '../store/job-record.js';

/** What `runJob` needs to run one job. */
export interface RunOrder {
  jobId: string;
  attempt: number;
  platform: SimulatorPlatform;
  /** The create-job body, JSON text (as stored). */
  request: string;
  limits: ExecutionLimits;
  /** Least time between two progress reports of the job, in ms. */
  progressIntervalMs: number;
  /** Longest run, in seconds: past it the job stops as if canceled, keeping its partial results (null: none). */
  maxExecutionTime?: number | null;
}

/** What a job worker is started with (`workerData`): the same for every job it runs. */
export interface WorkerSetup {
  limits: ExecutionLimits;
  progressIntervalMs: number;
  /** Nice steps the worker's thread lowers its own priority by (Linux), yielding the CPU to the HTTP thread. */
  prioritySteps: number;
}

/** Main thread → worker: a job to run on a platform (by name), or a cancel request. */
export type ToWorker =
  | {
      type: 'run';
      jobId: string;
      attempt: number;
      platform: string;
      request: string;
      /** Longest run, in seconds (null: none). */
      maxExecutionTime: number | null;
    }
  | { type: 'cancel'; jobId: string };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'progress'; jobId: string; attempt: number; progress: number; message: string | null }
  | { type: 'done'; jobId: string; attempt: number; outcome: JobOutcome };
