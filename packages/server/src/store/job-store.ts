import type {
  CancelOutcome,
  ClaimedJob,
  CreateOutcome,
  CreationLimits,
  DeleteOutcome,
  JobLease,
  JobListFilter,
  JobListPage,
  JobListPageRequest,
  JobOutcome,
  JobRequestView,
  JobResultsView,
  JobState,
  JobStatusView,
  NewJob,
  PlatformUsageView,
  RecoveryReport,
  ShardLease,
  ShardState,
  TimeRange,
} from './job-record.js';

/**
 * Durable storage of jobs. The HTTP routes use the first group of methods, executors the second; both only
 * through this interface, so the embedded SQLite store can be replaced by a shared database behind a
 * distributed queue without touching the routes. Every method that reads or changes a client's job takes the
 * owner (token digest) and treats another owner's job as absent.
 *
 * Methods are asynchronous for such backends; a promise that resolves means the change is durable.
 */
export interface JobStore {
  /**
   * Stores a new `waiting` job, atomically with its quota checks (`maxActive` unfinished jobs and `maxStoredBytes`
   * stored bytes per owner: creations racing each other cannot pass either) and idempotency check (same owner and
   * key → the job already created). Resolves once committed.
   */
  createJob(job: NewJob, limits: CreationLimits): Promise<CreateOutcome>;
  getStatus(id: string, owner: string): Promise<JobStatusView | undefined>;
  getResults(id: string, owner: string): Promise<JobResultsView | undefined>;
  getRequest(id: string, owner: string): Promise<JobRequestView | undefined>;
  /** Unfinished (waiting, running, being canceled) jobs of an owner. */
  countActive(owner: string): Promise<number>;
  /**
   * Bytes an owner's jobs store (names, tags, requests, results: the sum of their `stored_bytes`), for the
   * per-token storage quota; one lookup, kept up to date by the store as jobs change.
   */
  storedBytes(owner: string): Promise<number>;
  /** Cancels a waiting job at once; marks a running one `cancel_requested`. */
  requestCancel(id: string, owner: string): Promise<CancelOutcome>;
  /** A page of an owner's jobs matching `filter`, newest first (by creation order). */
  listJobs(owner: string, filter: JobListFilter, page: JobListPageRequest): Promise<JobListPage>;
  /** Replaces a job's tags (already checked: each once, within the limits); false when there is no such job. */
  setTags(id: string, owner: string, tags: readonly string[]): Promise<boolean>;
  /** Removes a finished job with its results; an unfinished one is left alone. */
  deleteJob(id: string, owner: string): Promise<DeleteOutcome>;
  /** Per platform, an owner's jobs created in `range`, the run time and the samples they used. */
  usage(owner: string, range: TimeRange): Promise<PlatformUsageView[]>;

  /**
   * Removes at most `limit` finished jobs (of every owner) that stopped before `stoppedBefore`; resolves with
   * how many. Retention calls it in small batches so that no call holds the store long.
   */
  purgeFinished(stoppedBefore: number, limit: number): Promise<number>;

  /**
   * Takes the oldest waiting job (the oldest quick one with `quickOnly`) and marks it running, or resolves
   * undefined when none waits.
   */
  claimNext(options?: { quickOnly?: boolean }): Promise<ClaimedJob | undefined>;
  /** Records progress of a run (ignored unless `attempt` is the job's current run and it is unfinished). */
  reportProgress(id: string, attempt: number, progress: number, message: string | null): Promise<void>;
  /** Records how a run ended; false when the run was superseded (the job was recovered or already finished). */
  finishJob(id: string, attempt: number, outcome: JobOutcome): Promise<boolean>;
  /** Puts a run that was stopped on purpose (shutdown) back in the queue, as if it had not started. */
  requeueJob(id: string, attempt: number): Promise<void>;
  /**
   * After a crash: runs left `running` are queued again (failing those interrupted `maxAttempts` times), pending
   * cancel requests become `canceled`.
   */
  recoverInterrupted(options: { maxAttempts: number }): Promise<RecoveryReport>;
  /** Flushes and releases the storage. */
  close(): Promise<void>;
}

/** Durable storage of token digests (never the tokens themselves). */
export interface TokenStore {
  /** Every token digest stored. */
  tokenDigests(): Promise<string[]>;
  /** Stores digests (existing ones are kept). `source` says where they came from. */
  addTokenDigests(digests: readonly string[], source: 'configured' | 'generated'): Promise<void>;
  /**
   * Makes `digests` the stored set (a configuration is authoritative): stores the new ones, deletes every other.
   * Resolves with the number of digests deleted.
   */
  replaceTokenDigests(digests: readonly string[], source: 'configured'): Promise<number>;
}

/**
 * A job store shared by several server nodes (PostgreSQL), whose executors take jobs by id from a distributed
 * queue rather than from the head of the table. A run holds a lease it renews while it runs; a run whose lease
 * lapsed belongs to a process that died, and the job may be taken again (`recoverInterrupted` and `claimJob`
 * only touch such runs, never one a live executor renews).
 */
export interface SharedJobStore extends JobStore {
  /**
   * Marks job `id` running for a new attempt and returns it, when it is waiting or its previous run's lease lapsed;
   * undefined when there is nothing to run (finished, canceled, deleted, or running under a live lease). A lapsed run
   * that used up `maxAttempts` fails the job instead; a lapsed run with a pending cancel cancels it.
   */
  claimJob(id: string, options: { maxAttempts: number }): Promise<ClaimedJob | undefined>;
  /**
   * Renews the leases of runs in progress and tells their jobs' status now (`cancel_requested`: stop the run). A run
   * absent from the answer was superseded: stop it, its writes are ignored anyway.
   */
  renewLeases(runs: readonly JobLease[]): Promise<Map<string, JobState>>;
  /** Ids of up to `limit` waiting jobs, oldest first (the queue's reconciler checks that each is queued). */
  waitingJobIds(limit: number): Promise<string[]>;
  /** Resolves when the database answers; rejects with ServiceUnavailableError otherwise. */
  ping(): Promise<void>;

  /** Records the shards of a split job (`count` of them, waiting); those already recorded are kept. */
  createShards(id: string, count: number): Promise<void>;
  /** The shards of a job, in order. */
  shardStates(id: string): Promise<ShardState[]>;
  /**
   * Takes shard `shard` of job `id` for a new attempt when it waits or its lease lapsed, and the job is running (not
   * being canceled); resolves with the attempt and what is needed to run it, or undefined.
   */
  claimShard(
    id: string,
    shard: number,
  ): Promise<{ attempt: number; platform: string; request: string } | undefined>;
  /**
   * Renews shard runs' leases; resolves with their jobs' status, keyed `id/shard` (`cancel_requested`: stop). A run
   * absent from the answer was superseded.
   */
  renewShardLeases(runs: readonly ShardLease[]): Promise<Map<string, JobState>>;
  /** Records a shard run's progress (fenced by attempt). */
  reportShardProgress(run: ShardLease, progress: number): Promise<void>;
  /** Marks a shard run done with its results (fenced by attempt); false when superseded. */
  finishShard(run: ShardLease, results: string | null): Promise<boolean>;
  /** Puts a shard run stopped on purpose (shutdown) back to waiting. */
  requeueShard(run: ShardLease): Promise<void>;
  /** Marks the waiting shards of a job done without results (the job is being canceled). */
  skipWaitingShards(id: string): Promise<void>;
  /**
   * Asks run `attempt` of job `id` to stop as a cancel does (`cancel_requested`; nothing when that run is over): how
   * the run that reached its time limit stops its shards running on other workers.
   */
  requestRunStop(id: string, attempt: number): Promise<void>;
}
