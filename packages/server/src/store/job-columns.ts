import type { ClaimedJob, JobState, JobStatusView, NewJob } from './job-record.js';

/**
 * The `jobs` columns both stores read the same way (SQLite and PostgreSQL carry the same fields), and how a row of
 * them becomes a view. The drivers differ only in a few types, which each store gives: `seq` (a number in SQLite,
 * a string for PostgreSQL's bigint), `tags` (JSON text in SQLite, `text[]` in PostgreSQL), `quick` (0/1 or a
 * boolean).
 */

/** The columns of a {@link JobStatusView}, in the order of {@link StatusRow}. */
export const STATUS_COLUMNS = `seq, id, name, platform, tags, max_execution_time, status, progress, progress_message,
  status_message, created_at, started_at, stopped_at`;

/** The columns of a {@link ClaimedJob}, in the order of {@link ClaimRow}. */
export const CLAIM_COLUMNS = 'id, platform, request, attempt, quick, max_execution_time';

/** Unfinished states, as an SQL list. */
export const ACTIVE_SQL = "('waiting', 'running', 'cancel_requested')";

/** Final states, as an SQL list. */
export const FINAL_SQL = "('completed', 'error', 'canceled')";

/** A row of {@link STATUS_COLUMNS}; `Seq` and `Tags` as the driver returns them. */
export interface StatusRow<Seq, Tags> {
  seq: Seq;
  id: string;
  name: string | null;
  platform: string;
  tags: Tags;
  max_execution_time: number | null;
  status: JobState;
  progress: number;
  progress_message: string | null;
  status_message: string | null;
  created_at: number;
  started_at: number | null;
  stopped_at: number | null;
}

/** A row of {@link CLAIM_COLUMNS}; `Quick` as the driver returns a boolean column. */
export interface ClaimRow<Quick> {
  id: string;
  platform: string;
  request: string;
  attempt: number;
  quick: Quick;
  max_execution_time: number | null;
}

/** The view of a status row whose tags the store has decoded. */
export function statusView(row: StatusRow<unknown, unknown>, tags: string[]): JobStatusView {
  return {
    id: row.id,
    name: row.name,
    platform: row.platform,
    tags,
    status: row.status,
    progress: row.progress,
    progressMessage: row.progress_message,
    statusMessage: row.status_message,
    createdAt: row.created_at,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    maxExecutionTime: row.max_execution_time,
  };
}

/** The job a claim row describes. */
export function claimedJob(row: ClaimRow<unknown>): ClaimedJob {
  return {
    id: row.id,
    platform: row.platform,
    request: row.request,
    attempt: row.attempt,
    quick: row.quick === true || row.quick === 1,
    maxExecutionTime: row.max_execution_time,
  };
}

/**
 * Bytes a new job stores before it has results (its `stored_bytes`): its name, its tags (as a JSON array) and its
 * request, in UTF-8. The per-token storage quota adds up these and the results' bytes.
 */
export function storedBytesOf(job: Pick<NewJob, 'name' | 'tags' | 'request'>): number {
  return (
    Buffer.byteLength(job.name ?? '') +
    Buffer.byteLength(JSON.stringify(job.tags ?? [])) +
    Buffer.byteLength(job.request)
  );
}
