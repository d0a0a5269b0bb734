import type { JobStatusResponse } from '@bosonic/protocol';
import type { JobStatusView } from '../store/job-record.js';

/**
 * The answer of `GET /api/job/status/{id}` (docs/wire-protocol.md), every field present: `progress` in [0, 1]
 * (1 once completed), `progress_message` (empty when there is none), `creation_datetime` and `start_time` in seconds
 * since the epoch (`start_time` null until the job starts), `duration` in seconds since the start (to the stop
 * once finished), `status_message` why a job failed or was canceled; and bosonic's own: `name` (as created),
 * `tags`, `platform`, `stop_time` (null until finished) and `max_execution_time` (null: no limit).
 */
export function statusResponse(view: JobStatusView, now: number): JobStatusResponse {
  // A job canceled before it started never ran: it starts and stops at its cancellation, so that clients, which
  // read start_time and duration of every finished job as numbers, get numbers.
  const startedAt = view.startedAt ?? view.stoppedAt;
  const duration = startedAt === null ? null : Math.max(0, (view.stoppedAt ?? now) - startedAt);
  return {
    status: view.status,
    progress: view.status === 'completed' ? 1 : view.progress,
    // Perceval reads it with str(): an empty string, not null, when there is no message.
    progress_message: view.progressMessage ?? '',
    creation_datetime: view.createdAt,
    start_time: startedAt,
    stop_time: view.stoppedAt,
    duration,
    status_message: view.statusMessage,
    name: view.name,
    tags: view.tags,
    platform: view.platform,
    max_execution_time: view.maxExecutionTime,
  };
}
