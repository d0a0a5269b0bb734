import { RunningStatus } from '@bosonic/core';
import type { RemoteJob } from '../remote-job.js';

/** One job of a group, with the status the group last saw (null: not sent). */
export interface JobGroupEntry {
  job: RemoteJob;
  status: RunningStatus | null;
  /** Reloaded from the file and not heard of since: the recorded status is better than the job's `WAITING`. */
  stale: boolean;
}

/** Sent statuses a group still waits on (a cancel can still reach them). */
export const ACTIVE_STATUSES: ReadonlySet<RunningStatus> = new Set([
  RunningStatus.WAITING,
  RunningStatus.RUNNING,
  RunningStatus.CANCEL_REQUESTED,
]);

/** Whether a job last seen with `status` failed and may be rerun (`ERROR`, `CANCELED`). */
export function isFailed(status: RunningStatus | null): boolean {
  return status === RunningStatus.ERROR || status === RunningStatus.CANCELED;
}

/** Whether a job last seen with `status` has ended (`SUCCESS`, `ERROR`, `CANCELED`). */
export function isFinal(status: RunningStatus | null): boolean {
  return status === RunningStatus.SUCCESS || isFailed(status);
}

/**
 * Takes the job's own status into the entry once the job knows better than the group: a reloaded (stale) entry
 * keeps its recorded status while the job, not yet refreshed, still says `WAITING`.
 * @returns whether the entry's status changed (the group's file is then out of date).
 */
export function syncEntry(entry: JobGroupEntry): boolean {
  const before = entry.status;
  const known = entry.job.knownStatus;
  if (!entry.job.wasSent) entry.status = known.completed ? known.status : null;
  else if (!(entry.stale && known.waiting)) {
    entry.stale = false;
    entry.status = known.status;
  }
  return before !== entry.status;
}
