import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';

/** What the request checker is started with (`workerData`). */
export interface CheckerSetup {
  limits: ExecutionLimits;
}

/** Main thread → checker: a create-job body (JSON text, its shape already validated) for a platform. */
export interface CheckOrder {
  id: number;
  request: string;
  platform: string;
}

/** Checker → main thread: the plan's verdict, or the error that refused the request. */
export type CheckVerdict =
  | { id: number; ok: true; quick: boolean }
  | {
      id: number;
      ok: false;
      kind: 'validation' | 'resource' | 'other';
      message: string;
      field?: string;
      code: string;
    };
