/**
 * The job as the server stores it. Status strings are the wire's (docs/wire-protocol.md), times are seconds
 * since the epoch (as the wire's `creation_datetime` and `start_time`).
 */

/** A job's status, as stored and as sent. */
export type JobState = 'waiting' | 'running' | 'cancel_requested' | 'completed' | 'error' | 'canceled';

/** States that count against a token's queue quota and that the executors still have to deal with. */
export const ACTIVE_STATES: readonly JobState[] = Object.freeze(['waiting', 'running', 'cancel_requested']);

/** States a job never leaves. */
export const FINAL_STATES: readonly JobState[] = Object.freeze(['completed', 'error', 'canceled']);

/** What the status endpoint and the listing need of a job (no request, no results). */
export interface JobStatusView {
  id: string;
  /** The name it was created with (`job_name`), if any. */
  name: string | null;
  platform: string;
  /** Its labels, each once. */
  tags: string[];
  status: JobState;
  /** 0..1; never decreases. */
  progress: number;
  progressMessage: string | null;
  /** Why the job failed or was canceled. */
  statusMessage: string | null;
  createdAt: number;
  startedAt: number | null;
  stoppedAt: number | null;
  /** Longest run allowed, in seconds (null: no limit). */
  maxExecutionTime: number | null;
}

/** Which jobs of an owner a listing returns (every condition given must hold). */
export interface JobListFilter {
  /** One of these states. */
  status?: readonly JobState[];
  /** On this platform. */
  platform?: string;
  /** Whose name contains this text (ASCII letters compared without case). */
  name?: string;
  /** Carrying every one of these tags. */
  tags?: readonly string[];
  /** Created at or after this time (seconds since the epoch). */
  createdAfter?: number;
  /** Created before this time (seconds since the epoch). */
  createdBefore?: number;
}

/** Where a page of a listing starts and how long it is. */
export interface JobListPageRequest {
  /** Most jobs in the page. */
  limit: number;
  /** Position after which the page starts (`next` of the previous page); absent: the newest job. */
  after?: number;
}

/** A page of a listing, newest first. */
export interface JobListPage {
  jobs: JobStatusView[];
  /**
   * Position of the page's last job, to pass as `after` for the next page; null when no older job matches. The
   * jobs' creation order numbers only grow, so pages stay stable while jobs are created.
   */
  next: number | null;
}

/** What became of a deletion. */
export type DeleteOutcome =
  | { kind: 'not_found' }
  /** Removed with its results. */
  | { kind: 'deleted' }
  /** Not finished: cancel it first. */
  | { kind: 'active'; status: JobState };

/** One platform's usage over a period. */
export interface PlatformUsageView {
  platform: string;
  /** Jobs created in the period. */
  jobs: number;
  /** Wall time of the runs that ended them, in seconds. */
  runSeconds: number;
  /** Samples or shots they produced. */
  samples: number;
}

/** A period of time, seconds since the epoch: `[since, until)`, each end open when absent. */
export interface TimeRange {
  since?: number;
  until?: number;
}

/** A job's results: the JSON text of `JobResultsContent`, or null when there are none (yet). */
export interface JobResultsView {
  id: string;
  status: JobState;
  statusMessage: string | null;
  results: string | null;
}

/** What is needed to run a job again. */
export interface JobRequestView {
  id: string;
  status: JobState;
  platform: string;
  name: string | null;
  /** The create-job body as received, JSON text. */
  request: string;
}

/** A job to store. */
export interface NewJob {
  id: string;
  /** Digest of the token that created it: only this token sees it. */
  owner: string;
  platform: string;
  name: string | null;
  /** The validated create-job body, JSON text. */
  request: string;
  /** The client's `Idempotency-Key`, if it sent one. */
  idempotencyKey?: string;
  /** Digest of the request body, to tell a retried creation from a different one under the same key. */
  requestDigest?: string;
  /** The job this one re-runs. */
  rerunOf?: string;
  /** A tiny job, which executors may run next to others (see `SamplerJobPlan.quick`). */
  quick?: boolean;
  /** Its labels, each once (default none). */
  tags?: readonly string[];
  /** Longest run allowed, in seconds, after the server's cap (default: no limit). */
  maxExecutionTime?: number | null;
}

/** What became of a creation. */
export type CreateOutcome =
  /** Stored (committed) as `waiting`. */
  | { kind: 'created'; id: string }
  /** The same token already created a job with this idempotency key and the same body: that job. */
  | { kind: 'existing'; id: string }
  /** The idempotency key was used for another request body. */
  | { kind: 'key_conflict'; id: string }
  /** The token has `active` unfinished jobs, its quota. */
  | { kind: 'quota'; active: number; max: number }
  /** The token's jobs store `stored` bytes: `needed` more would pass its storage quota, `max`. */
  | { kind: 'storage_quota'; stored: number; needed: number; max: number };

/** The per-token limits a creation is checked against, atomically with the insert. */
export interface CreationLimits {
  /** Unfinished jobs one owner may have. */
  maxActive: number;
  /** Bytes one owner's jobs may store (`stored_bytes` summed); no limit when absent. */
  maxStoredBytes?: number;
}

/** What became of a cancel request. */
export type CancelOutcome =
  | { kind: 'not_found' }
  /** The job had not started: it is canceled now. */
  | { kind: 'canceled' }
  /** The job is running: its executor was told, it ends `canceled` (with partial results) once stopped. */
  | { kind: 'requested' }
  /** Nothing to do: already finished or already being canceled. */
  | { kind: 'unchanged'; status: JobState };

/** A job handed to an executor. */
export interface ClaimedJob {
  id: string;
  platform: string;
  request: string;
  /** 1 for the first run, 2 after an interruption, …; fences writes from a superseded run. */
  attempt: number;
  /** A tiny job (see {@link NewJob.quick}). */
  quick: boolean;
  /** Longest run allowed, in seconds (null: no limit); the executor stops it then, as a cancel. */
  maxExecutionTime: number | null;
}

/** How a run ended. */
export interface JobOutcome {
  status: 'completed' | 'error' | 'canceled';
  /** JSON text of `JobResultsContent` (partial for a canceled sampling job), or null. */
  results: string | null;
  /** Why it failed or stopped. */
  message: string | null;
  /** Samples or shots the run produced (usage; absent or null: none counted). */
  samples?: number | null;
}

/** What a restart found. */
export interface RecoveryReport {
  /** Interrupted runs put back in the queue. */
  requeued: string[];
  /** Jobs whose cancel request was pending: now canceled. */
  canceled: string[];
  /** Jobs interrupted too many times: now in error. */
  failed: string[];
}

/** A run in progress, as its executor knows it: renewing the lease of attempt `attempt` of job `id`. */
export interface JobLease {
  id: string;
  attempt: number;
}

/** A shard of a split sampling job, as the shared store keeps it. */
export interface ShardState {
  shard: number;
  /** `waiting` (not taken), `running`, or `done` (its results stored; null results: skipped or nothing drawn). */
  status: 'waiting' | 'running' | 'done';
  /** 0..1 of the shard's own samples. */
  progress: number;
  /** The shard's results as `resultsContentText` of its part (null until done, or when it produced nothing). */
  results: string | null;
  /** Running, but its lease lapsed (its worker died): it may be taken again. */
  lapsed: boolean;
}

/** A shard run in progress: attempt `attempt` of shard `shard` of job `id`. */
export interface ShardLease {
  id: string;
  shard: number;
  attempt: number;
}
