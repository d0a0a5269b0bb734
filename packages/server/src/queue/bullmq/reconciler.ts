import type { Queue } from 'bullmq';
import type { RecoveryReport } from '../../store/job-record.js';
import type { SharedJobStore } from '../../store/job-store.js';
import { type QueuedJobData, RUN_JOB } from './redis-connection.js';

/** What one reconciliation did. */
export interface ReconcileReport extends RecoveryReport {
  /** Waiting jobs Redis did not know, queued again. */
  enqueued: string[];
}

/** Waiting jobs checked per reconciliation, oldest first. */
export const RECONCILE_BATCH = 1000;

/**
 * PostgreSQL is the source of truth, Redis only dispatches. One pass: runs whose worker died (lease lapsed) are
 * recovered in the database, then every waiting job that Redis does not know (Redis restarted empty, a creation
 * whose announcement failed, a run put back by a worker that shut down) is queued again under its own id — which
 * BullMQ deduplicates, so nodes reconciling at the same time queue it once.
 */
export async function reconcile(
  store: SharedJobStore,
  queue: Queue<QueuedJobData>,
  options: { maxAttempts: number },
): Promise<ReconcileReport> {
  const recovery = await store.recoverInterrupted({ maxAttempts: options.maxAttempts });
  const waiting = await store.waitingJobIds(RECONCILE_BATCH);
  const states = await Promise.all(waiting.map((id) => queue.getJobState(id)));
  const enqueued = waiting.filter((_, i) => states[i] === 'unknown');
  if (enqueued.length > 0) {
    await queue.addBulk(enqueued.map((jobId) => ({ name: RUN_JOB, data: { jobId }, opts: { jobId } })));
  }
  return { ...recovery, enqueued };
}
