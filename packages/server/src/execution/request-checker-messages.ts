import type { ExecutionLimits } from '../jobs/sampler-job-plan.js';

/** What the request checker is started with (`workerData`). */
export interface CheckerSetup {
  limits: ExecutionLimits;
  /** Nice steps the checker's thread lowers its own priority by before anything else (Linux). */
  prioritySteps: number;
}

/** Main thread → checker: a create-job body (JSON text, its shape already validated) for a platform. */
export interface CheckOrder {
  kind: 'check';
  id: number;
  request: string;
  platform: string;
}

/**
 * Main thread → checker: a large JSON request body, streamed as it arrives: `parse-start`, its bytes in
 * `parse-chunk`s (chunks in arrival order, transferred), then `parse-end` (answered with its verdict) or `parse-abort` (the client went
 * away, or the body was refused: dropped without answer). `createJob`: the body of `POST /api/job`, whose `:PCVL:`
 * values' lengths are checked too.
 */
export type ParseOrder =
  | { kind: 'parse-start'; id: number; createJob: boolean }
  | { kind: 'parse-chunk'; id: number; chunks: Uint8Array[] }
  | { kind: 'parse-end'; id: number }
  | { kind: 'parse-abort'; id: number };

/** Checker → main thread: the plan's verdict, or the error that refused the request. */
export type CheckVerdict =
  | { id: number; ok: true; quick: boolean }
  | { id: number; ok: true; value: unknown }
  | RefusalVerdict;

/** Checker → main thread: why an order was refused. `json`: the body is not JSON (or poisons a prototype). */
export interface RefusalVerdict {
  id: number;
  ok: false;
  kind: 'validation' | 'resource' | 'json' | 'other';
  message: string;
  field?: string;
  code: string;
}
