import { type JobStatusUpdate, RunningStatus } from '@bosonic/core';
import { runningStatusFromWire } from '@bosonic/core/internal';
import type { JobStatusResponse } from '@bosonic/protocol';

/** A job status as the server reported it, read into our terms. */
export interface RemoteStatusReading {
  status: RunningStatus;
  /** Progress, message and times to mirror (no `status`: completion goes through the job's settle hooks). */
  update: Omit<JobStatusUpdate, 'status'>;
  /** The server's `status_message`: why the job failed or was canceled. */
  statusMessage: string | undefined;
}

/**
 * Reads `GET /api/job/status/{id}` as Perceval's `RemoteJob.status` does:
 *
 * - `status` through `runningStatusFromWire` (unknown strings → UNKNOWN);
 * - `progress` and `progress_message` while running (RUNNING, CANCEL_REQUESTED) and once stopped (ERROR,
 *   CANCELED: the progress the job reached when it stopped, which the server keeps); a progress above 1 is read
 *   as a percentage (the cloud tutorial divides by 100), a missing or unreadable one is left alone (SUCCESS
 *   means 1 whatever the answer says);
 * - `creation_datetime` always, `start_time` unless waiting, `duration` once completed (epoch seconds; missing,
 *   null or non-finite values are skipped rather than failing the poll, as Perceval's defaults do);
 * - `status_message` kept for a failed (ERROR, CANCELED) job.
 */
export function readRemoteStatus(response: JobStatusResponse): RemoteStatusReading {
  const status = runningStatusFromWire(response.status);
  const update: Omit<JobStatusUpdate, 'status'> = {};
  const running = status === RunningStatus.RUNNING || status === RunningStatus.CANCEL_REQUESTED;
  const failed = status === RunningStatus.ERROR || status === RunningStatus.CANCELED;
  const completed = status === RunningStatus.SUCCESS || failed;
  if (running || failed) {
    const progress = finite(response.progress);
    if (progress !== undefined && progress >= 0) update.progress = progress > 1 ? progress / 100 : progress;
    if (typeof response.progress_message === 'string') update.progressMessage = response.progress_message;
  }
  const creation = epochDate(response.creation_datetime);
  if (creation !== undefined) update.creationTime = creation;
  if (status !== RunningStatus.WAITING) {
    const start = epochDate(response.start_time);
    if (start !== undefined) update.startTime = start;
  }
  if (completed) {
    const duration = finite(response.duration);
    if (duration !== undefined && duration >= 0) update.duration = duration;
  }
  const statusMessage =
    failed && typeof response.status_message === 'string' && response.status_message !== ''
      ? response.status_message
      : undefined;
  return { status, update, statusMessage };
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Epoch seconds → Date; 0 (Perceval's default for "unknown") and non-numbers → undefined. */
function epochDate(value: unknown): Date | undefined {
  const seconds = finite(value);
  if (seconds === undefined || seconds <= 0) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
