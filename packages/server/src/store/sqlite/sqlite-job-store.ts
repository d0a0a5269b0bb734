import { chmodSync, closeSync, fdatasync, openSync, statSync } from 'node:fs';
import { BosonicError } from '@bosonic/core';
import Database from 'better-sqlite3';
import {
  ACTIVE_SQL,
  CLAIM_COLUMNS,
  type ClaimRow,
  claimedJob,
  FINAL_SQL,
  STATUS_COLUMNS,
  type StatusRow as StatusRowOf,
  statusView as statusViewOf,
  storedBytesOf,
} from '../job-columns.js';
import type {
  CancelOutcome,
  ClaimedJob,
  CreateOutcome,
  CreationLimits,
  DeleteOutcome,
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
  TimeRange,
} from '../job-record.js';
import { FINAL_STATES } from '../job-record.js';
import type { JobStore, TokenStore } from '../job-store.js';
import {
  AcknowledgedCreations,
  CREATIONS_SQL,
  checkAcknowledgedCreations,
} from './acknowledged-creations.js';
import { migrate } from './sqlite-schema.js';
import {
  checkIntegrity,
  checkNotVanished,
  checkWriteAheadLog,
  corrupt,
  isCorruption,
  writeMarker,
} from './store-integrity.js';

/** Options of {@link SqliteJobStore.open}. */
export interface SqliteJobStoreOptions {
  /** The database file (created if missing). */
  file: string;
  /**
   * `true` (default): creations and token changes are fsynced before they resolve, so an accepted job survives a
   * power loss, not only a crash of the process. `false`: written to the OS only (survives `kill -9`).
   */
  fsync?: boolean;
  /** Clock, in seconds since the epoch (tests). */
  now?: () => number;
  /** How long to wait for a database another process holds, in ms (default 2000). */
  busyTimeoutMs?: number;
  /**
   * Open even when the write-ahead log left by an unclean stop is damaged (default false: refused with
   * `ERR_STORE_CORRUPT`): SQLite replays the transactions before the damage and drops the later ones.
   */
  acceptWalLoss?: boolean;
}

interface PendingCreation {
  job: NewJob;
  limits: CreationLimits;
  resolve: (outcome: CreateOutcome) => void;
  reject: (error: unknown) => void;
}

/** A status row as better-sqlite3 returns it: `tags` as JSON text. */
type StatusRow = StatusRowOf<number, string>;

/** The `seq` of the first job created at or after the parameter's time (past every job when there is none). */
const FIRST_SEQ_FROM =
  '(SELECT coalesce((SELECT seq FROM jobs WHERE created_at >= ? ORDER BY created_at, seq LIMIT 1), 9223372036854775807))';

interface ResultsRow {
  id: string;
  status: JobState;
  status_message: string | null;
  results: string | null;
}

/** The store's statements, prepared once. */
function prepareStatements(db: Database.Database) {
  return {
    creations: db.prepare<[], number>(CREATIONS_SQL).pluck(),
    byKey: db.prepare<[string, string], { id: string; request_digest: string | null }>(
      'SELECT id, request_digest FROM jobs WHERE owner = ? AND idempotency_key = ?',
    ),
    ownerStoredBytes: db
      .prepare<[string], number>('SELECT stored_bytes FROM owner_storage WHERE owner = ?')
      .pluck(),
    countActive: db
      .prepare<[string], number>(`SELECT count(*) FROM jobs WHERE owner = ? AND status IN ${ACTIVE_SQL}`)
      .pluck(),
    insert: db.prepare<[Record<string, unknown>], { seq: number }>(
      `INSERT INTO jobs (id, owner, platform, name, request, status, created_at, idempotency_key, request_digest,
         rerun_of, quick, tags, max_execution_time, stored_bytes)
       VALUES (@id, @owner, @platform, @name, @request, 'waiting',
         max(@now, coalesce((SELECT max(created_at) FROM jobs), @now)), @idempotencyKey, @requestDigest,
         @rerunOf, @quick, @tags, @maxExecutionTime, @storedBytes)
       RETURNING seq`,
    ),
    status: db.prepare<[string, string], StatusRow>(
      `SELECT ${STATUS_COLUMNS} FROM jobs WHERE id = ? AND owner = ?`,
    ),
    setTags: db.prepare(
      `UPDATE jobs SET tags = @tags,
         stored_bytes = stored_bytes - length(CAST(tags AS BLOB)) + length(CAST(@tags AS BLOB))
       WHERE seq = @seq`,
    ),
    addTag: db.prepare('INSERT INTO job_tags (owner, tag, seq) VALUES (?, ?, ?)'),
    removeTags: db.prepare<[string, string, number]>(
      'DELETE FROM job_tags WHERE owner = ? AND tag = ? AND seq = ?',
    ),
    deleteJob: db.prepare('DELETE FROM jobs WHERE seq = ?'),
    purgeable: db.prepare<[number, number], { seq: number; owner: string; tags: string }>(
      `SELECT seq, owner, tags FROM jobs WHERE status IN ${FINAL_SQL} AND stopped_at < ? ORDER BY stopped_at LIMIT ?`,
    ),
    usage: db.prepare<
      [{ owner: string; since: number | null; until: number | null }],
      { platform: string; jobs: number; run_seconds: number; samples: number }
    >(
      `SELECT platform, count(*) AS jobs, total(run_seconds) AS run_seconds, total(samples) AS samples
       FROM jobs WHERE owner = @owner AND (@since IS NULL OR created_at >= @since)
         AND (@until IS NULL OR created_at < @until)
       GROUP BY platform ORDER BY platform`,
    ),
    results: db.prepare<[string, string], ResultsRow>(
      'SELECT id, status, status_message, results FROM jobs WHERE id = ? AND owner = ?',
    ),
    request: db.prepare<[string, string], JobRequestView>(
      'SELECT id, status, platform, name, request FROM jobs WHERE id = ? AND owner = ?',
    ),
    stateOf: db.prepare<[string, string], { status: JobState }>(
      'SELECT status FROM jobs WHERE id = ? AND owner = ?',
    ),
    cancelWaiting: db.prepare(
      `UPDATE jobs SET status = 'canceled', stopped_at = @now, status_message = @message
       WHERE id = @id AND status = 'waiting'`,
    ),
    cancelRunning: db.prepare(
      "UPDATE jobs SET status = 'cancel_requested' WHERE id = ? AND status = 'running'",
    ),
    claim: db.prepare<[{ now: number }], ClaimRow<number>>(
      `UPDATE jobs SET status = 'running', started_at = @now, stopped_at = NULL, attempt = attempt + 1
       WHERE seq = (SELECT seq FROM jobs WHERE status = 'waiting' ORDER BY seq LIMIT 1)
       RETURNING ${CLAIM_COLUMNS}`,
    ),
    claimQuick: db.prepare<[{ now: number }], ClaimRow<number>>(
      `UPDATE jobs SET status = 'running', started_at = @now, stopped_at = NULL, attempt = attempt + 1
       WHERE seq = (SELECT seq FROM jobs WHERE status = 'waiting' AND quick = 1 ORDER BY seq LIMIT 1)
       RETURNING ${CLAIM_COLUMNS}`,
    ),
    progress: db.prepare(
      `UPDATE jobs SET progress = max(progress, @progress), progress_message = @message
       WHERE id = @id AND attempt = @attempt AND status IN ('running', 'cancel_requested')`,
    ),
    finish: db.prepare(
      `UPDATE jobs SET status = @status, results = @results, status_message = @message, stopped_at = @now,
         progress = CASE WHEN @status = 'completed' THEN 1 ELSE progress END,
         run_seconds = max(0, @now - started_at), samples = @samples,
         stored_bytes = stored_bytes + length(CAST(coalesce(@results, '') AS BLOB))
       WHERE id = @id AND attempt = @attempt AND status IN ('running', 'cancel_requested')`,
    ),
    requeue: db.prepare(
      `UPDATE jobs SET status = 'waiting', started_at = NULL, attempt = attempt - 1
       WHERE id = @id AND attempt = @attempt AND status = 'running'`,
    ),
    interrupted: db.prepare<[], { id: string; status: JobState; attempt: number }>(
      "SELECT id, status, attempt FROM jobs WHERE status IN ('running', 'cancel_requested') ORDER BY seq",
    ),
    setWaiting: db.prepare("UPDATE jobs SET status = 'waiting', started_at = NULL WHERE id = ?"),
    setStopped: db.prepare(
      'UPDATE jobs SET status = @status, status_message = @message, stopped_at = @now WHERE id = @id',
    ),
    tokens: db.prepare<[], string>('SELECT digest FROM tokens ORDER BY created_at').pluck(),
    addToken: db.prepare('INSERT OR IGNORE INTO tokens (digest, source, created_at) VALUES (?, ?, ?)'),
    deleteToken: db.prepare('DELETE FROM tokens WHERE digest = ?'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * The embedded job store: one SQLite database in WAL mode, opened by one server at a time (exclusive lock).
 *
 * Creations are group-committed: those arriving within one turn of the event loop are written in a single
 * transaction, then the write-ahead log is flushed to the disk (`fdatasync`, on libuv's thread pool so that
 * the event loop keeps serving meanwhile; flushes started while one runs are merged into the next), and each
 * creation's promise resolves only then, so a job id is never returned for a job that is not on disk. Status
 * changes of running jobs are written without waiting for the disk (a crash may lose the last of them, and
 * recovery re-runs the job anyway).
 */
export class SqliteJobStore implements JobStore, TokenStore {
  readonly #db: Database.Database;
  readonly #file: string;
  readonly #fsync: boolean;
  readonly #now: () => number;
  #pending: PendingCreation[] = [];
  #closed = false;
  readonly #sql: Statements;
  /** Listing statements, by SQL text (one per combination of filters used). */
  readonly #listings = new Map<string, Database.Statement<unknown[], StatusRow>>();
  /** Descriptor of the write-ahead log, opened at the first flush. */
  #walFd: number | undefined;
  /** Committed batches waiting for a flush that starts after their commit. */
  #syncWaiters: ((error: Error | null) => void)[] = [];
  #syncing: Promise<void> | undefined;
  /** The count of creations acknowledged to clients, beside the database (see `acknowledged-creations.ts`). */
  readonly #acknowledged: AcknowledgedCreations;

  private constructor(db: Database.Database, options: SqliteJobStoreOptions) {
    this.#db = db;
    this.#file = options.file;
    this.#sql = prepareStatements(db);
    this.#acknowledged = new AcknowledgedCreations(options.file);
    // Every creation the database holds now is in the database file itself (the open folded the log into it).
    this.#acknowledged.record(this.#sql.creations.get() ?? 0);
    this.#fsync = options.fsync ?? true;
    this.#now = options.now ?? (() => Date.now() / 1000);
  }

  /**
   * Opens (or creates) the database and takes its lock.
   * @throws BosonicError `ERR_STORE_LOCKED` when another server uses the same file; `ERR_STORE_SCHEMA` for a
   *   database written by a newer server; `ERR_STORE_OPEN` when the file cannot be opened.
   */
  static open(options: SqliteJobStoreOptions): SqliteJobStore {
    let db: Database.Database;
    checkNotVanished(options.file);
    try {
      // Before SQLite reads the log: it would drop what follows a damaged frame without a word.
      checkWriteAheadLog(options.file, options.acceptWalLoss ?? false);
    } catch (error) {
      if (error instanceof BosonicError) throw error;
      throw new BosonicError(
        `Cannot read the write-ahead log of the job database ${options.file}: ${(error as Error).message}`,
        'ERR_STORE_OPEN',
        { cause: error },
      );
    }
    try {
      restrictToOwner(options.file);
      db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 2000 });
    } catch (error) {
      throw new BosonicError(
        `Cannot open the job database ${options.file}: ${(error as Error).message}`,
        'ERR_STORE_OPEN',
        { cause: error },
      );
    }
    try {
      // Exclusive before WAL: no shared-memory index, and no second server can run jobs from the same file.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      checkIntegrity(db, options.file);
      migrate(db);
      // After SQLite replayed the log: a damaged last transaction is dropped like a torn write.
      checkAcknowledgedCreations(db, options.file, options.acceptWalLoss ?? false);
      // The first write takes the exclusive lock for the connection's lifetime.
      db.exec('BEGIN IMMEDIATE; COMMIT');
      // The tables reach the database file itself (not only its log) before the marker says they exist.
      db.pragma('wal_checkpoint(TRUNCATE)');
      writeMarker(options.file);
      return new SqliteJobStore(db, options);
    } catch (error) {
      db.close();
      if (isCorruption(error)) throw corrupt(options.file, (error as Error).message, error);
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        throw new BosonicError(
          `The job database ${options.file} is in use by another bosonic server`,
          'ERR_STORE_LOCKED',
          { cause: error },
        );
      }
      throw error;
    }
  }

  // ---- routes ----------------------------------------------------------------------------------------------

  createJob(job: NewJob, limits: CreationLimits): Promise<CreateOutcome> {
    if (this.#closed) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      this.#pending.push({ job, limits, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flushCreations());
    });
  }

  async getStatus(id: string, owner: string): Promise<JobStatusView | undefined> {
    const row = this.#open().status.get(id, owner);
    return row === undefined ? undefined : statusView(row);
  }

  async getResults(id: string, owner: string): Promise<JobResultsView | undefined> {
    const row = this.#open().results.get(id, owner);
    if (row === undefined) return undefined;
    return { id: row.id, status: row.status, statusMessage: row.status_message, results: row.results };
  }

  async getRequest(id: string, owner: string): Promise<JobRequestView | undefined> {
    return this.#open().request.get(id, owner);
  }

  async storedBytes(owner: string): Promise<number> {
    return this.#open().ownerStoredBytes.get(owner) ?? 0;
  }

  async countActive(owner: string): Promise<number> {
    return this.#open().countActive.get(owner) ?? 0;
  }

  async requestCancel(id: string, owner: string): Promise<CancelOutcome> {
    const sql = this.#open();
    return this.#db.transaction((): CancelOutcome => {
      const row = sql.stateOf.get(id, owner);
      if (row === undefined) return { kind: 'not_found' };
      if (row.status === 'waiting') {
        sql.cancelWaiting.run({ id, now: this.#now(), message: 'Canceled by the user before it started' });
        return { kind: 'canceled' };
      }
      if (row.status === 'running') {
        sql.cancelRunning.run(id);
        return { kind: 'requested' };
      }
      return { kind: 'unchanged', status: row.status };
    })();
  }

  async listJobs(owner: string, filter: JobListFilter, page: JobListPageRequest): Promise<JobListPage> {
    this.#open();
    const { sql, params } = listingQuery(owner, filter, page);
    let statement = this.#listings.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare<unknown[], StatusRow>(sql);
      this.#listings.set(sql, statement);
    }
    // One more row than asked tells whether an older page exists.
    const rows = statement.all(...params, page.limit + 1);
    const more = rows.length > page.limit;
    const jobs = rows.slice(0, page.limit);
    return { jobs: jobs.map(statusView), next: more ? jobs[jobs.length - 1]!.seq : null };
  }

  async setTags(id: string, owner: string, tags: readonly string[]): Promise<boolean> {
    const sql = this.#open();
    return this.#db.transaction((): boolean => {
      const row = sql.status.get(id, owner);
      if (row === undefined) return false;
      for (const tag of JSON.parse(row.tags) as string[]) sql.removeTags.run(owner, tag, row.seq);
      for (const tag of tags) sql.addTag.run(owner, tag, row.seq);
      sql.setTags.run({ seq: row.seq, tags: JSON.stringify(tags) });
      return true;
    })();
  }

  async deleteJob(id: string, owner: string): Promise<DeleteOutcome> {
    const sql = this.#open();
    return this.#db.transaction((): DeleteOutcome => {
      const row = sql.status.get(id, owner);
      if (row === undefined) return { kind: 'not_found' };
      if (!FINAL_STATES.includes(row.status)) return { kind: 'active', status: row.status };
      this.#remove(owner, row.seq, row.tags);
      return { kind: 'deleted' };
    })();
  }

  async usage(owner: string, range: TimeRange): Promise<PlatformUsageView[]> {
    const rows = this.#open().usage.all({ owner, since: range.since ?? null, until: range.until ?? null });
    return rows.map((row) => ({
      platform: row.platform,
      jobs: row.jobs,
      runSeconds: row.run_seconds,
      samples: row.samples,
    }));
  }

  async purgeFinished(stoppedBefore: number, limit: number): Promise<number> {
    const sql = this.#open();
    return this.#db.transaction((): number => {
      const rows = sql.purgeable.all(stoppedBefore, limit);
      for (const row of rows) this.#remove(row.owner, row.seq, row.tags);
      return rows.length;
    })();
  }

  /** Deletes a job and its tag rows (inside the caller's transaction). */
  #remove(owner: string, seq: number, tags: string): void {
    for (const tag of JSON.parse(tags) as string[]) this.#sql.removeTags.run(owner, tag, seq);
    this.#sql.deleteJob.run(seq);
  }

  // ---- executors -------------------------------------------------------------------------------------------

  async claimNext(options: { quickOnly?: boolean } = {}): Promise<ClaimedJob | undefined> {
    const sql = this.#open();
    const row = (options.quickOnly ? sql.claimQuick : sql.claim).get({ now: this.#now() });
    return row === undefined ? undefined : claimedJob(row);
  }

  async reportProgress(id: string, attempt: number, progress: number, message: string | null): Promise<void> {
    const clamped = Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
    this.#open().progress.run({ id, attempt, progress: clamped, message });
  }

  async finishJob(id: string, attempt: number, outcome: JobOutcome): Promise<boolean> {
    const { changes } = this.#open().finish.run({
      id,
      attempt,
      status: outcome.status,
      results: outcome.results,
      message: outcome.message,
      samples: outcome.samples ?? null,
      now: this.#now(),
    });
    return changes > 0;
  }

  async requeueJob(id: string, attempt: number): Promise<void> {
    const sql = this.#open();
    this.#db.transaction(() => {
      if (sql.requeue.run({ id, attempt }).changes > 0) return;
      // A cancel was pending: the user wanted it stopped, and it is.
      sql.setStopped.run({
        id,
        status: 'canceled',
        message: 'Canceled; the server shut down before partial results were saved',
        now: this.#now(),
      });
    })();
  }

  async recoverInterrupted(options: { maxAttempts: number }): Promise<RecoveryReport> {
    const sql = this.#open();
    const report: RecoveryReport = { requeued: [], canceled: [], failed: [] };
    this.#durably(() => {
      for (const row of sql.interrupted.all()) {
        if (row.status === 'cancel_requested') {
          sql.setStopped.run({
            id: row.id,
            status: 'canceled',
            message: 'Canceled; the server stopped before partial results were saved',
            now: this.#now(),
          });
          report.canceled.push(row.id);
        } else if (row.attempt >= options.maxAttempts) {
          sql.setStopped.run({
            id: row.id,
            status: 'error',
            message: `The server stopped during each of the ${row.attempt} runs of this job; it is not run again`,
            now: this.#now(),
          });
          report.failed.push(row.id);
        } else {
          sql.setWaiting.run(row.id);
          report.requeued.push(row.id);
        }
      }
    });
    return report;
  }

  // ---- tokens ----------------------------------------------------------------------------------------------

  async tokenDigests(): Promise<string[]> {
    return this.#open().tokens.all();
  }

  async addTokenDigests(digests: readonly string[], source: 'configured' | 'generated'): Promise<void> {
    const sql = this.#open();
    this.#durably(() => {
      for (const digest of digests) sql.addToken.run(digest, source, this.#now());
    });
  }

  async replaceTokenDigests(digests: readonly string[], source: 'configured'): Promise<number> {
    const sql = this.#open();
    const keep = new Set(digests);
    let deleted = 0;
    this.#durably(() => {
      for (const digest of sql.tokens.all()) {
        if (!keep.has(digest)) deleted += sql.deleteToken.run(digest).changes;
      }
      for (const digest of keep) sql.addToken.run(digest, source, this.#now());
    });
    return deleted;
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flushCreations();
    while (this.#syncing !== undefined) await this.#syncing;
    this.#closed = true;
    if (this.#walFd !== undefined) closeSync(this.#walFd);
    this.#db.close();
    // The log is folded into the database and removed: nothing acknowledged is left outside it.
    this.#acknowledged.remove();
  }

  #open(): Statements {
    if (this.#closed) throw closedError();
    return this.#sql;
  }

  /** Runs `write` in one transaction, fsynced when the store is configured so. */
  #durably(write: () => void): void {
    if (this.#fsync) this.#db.pragma('synchronous = FULL');
    try {
      this.#db.transaction(write)();
    } finally {
      if (this.#fsync) this.#db.pragma('synchronous = NORMAL');
    }
  }

  #flushCreations(): void {
    const batch = this.#pending;
    if (batch.length === 0 || this.#closed) return;
    this.#pending = [];
    const outcomes: CreateOutcome[] = [];
    try {
      // One immediate transaction: each creation's quota checks and insert see every creation before it.
      this.#db
        .transaction(() => {
          for (const pending of batch) outcomes.push(this.#createOne(pending.job, pending.limits));
        })
        .immediate();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    const created = this.#sql.creations.get() ?? 0;
    const settle = (flushError: Error | null): void => {
      let error = flushError;
      if (error === null) {
        try {
          // Once the batch is on disk, before any of its ids is returned.
          this.#acknowledged.record(created);
        } catch (failure) {
          error = failure as Error;
        }
      }
      batch.forEach((pending, i) => {
        if (error === null) pending.resolve(outcomes[i]!);
        else pending.reject(error);
      });
    };
    if (!this.#fsync) settle(null);
    else this.#afterFlush(settle);
  }

  /** Calls `done` once the write-ahead log, as it is now, is on the disk. */
  #afterFlush(done: (error: Error | null) => void): void {
    if (this.#walFd === undefined) {
      try {
        this.#walFd = openSync(`${this.#file}-wal`, 'r');
      } catch (error) {
        done(error as Error);
        return;
      }
    }
    this.#syncWaiters.push(done);
    if (this.#syncing === undefined) this.#startFlush();
  }

  /** One `fdatasync` for every batch committed before it starts; the next one starts when it ends. */
  #startFlush(): void {
    const waiters = this.#syncWaiters;
    this.#syncWaiters = [];
    this.#syncing = new Promise((resolve) => {
      fdatasync(this.#walFd!, (error) => {
        for (const waiter of waiters) waiter(error);
        if (this.#syncWaiters.length > 0) this.#startFlush();
        else this.#syncing = undefined;
        resolve();
      });
    });
  }

  #createOne(job: NewJob, limits: CreationLimits): CreateOutcome {
    const sql = this.#sql;
    if (job.idempotencyKey !== undefined) {
      const prior = sql.byKey.get(job.owner, job.idempotencyKey);
      if (prior !== undefined) {
        return prior.request_digest === (job.requestDigest ?? null)
          ? { kind: 'existing', id: prior.id }
          : { kind: 'key_conflict', id: prior.id };
      }
    }
    const active = sql.countActive.get(job.owner) ?? 0;
    if (active >= limits.maxActive) return { kind: 'quota', active, max: limits.maxActive };
    const needed = storedBytesOf(job);
    if (limits.maxStoredBytes !== undefined) {
      const stored = sql.ownerStoredBytes.get(job.owner) ?? 0;
      if (stored + needed > limits.maxStoredBytes) {
        return { kind: 'storage_quota', stored, needed, max: limits.maxStoredBytes };
      }
    }
    const tags = job.tags ?? [];
    const { seq } = sql.insert.get({
      id: job.id,
      owner: job.owner,
      platform: job.platform,
      name: job.name,
      request: job.request,
      now: this.#now(),
      idempotencyKey: job.idempotencyKey ?? null,
      requestDigest: job.requestDigest ?? null,
      rerunOf: job.rerunOf ?? null,
      quick: job.quick ? 1 : 0,
      tags: JSON.stringify(tags),
      maxExecutionTime: job.maxExecutionTime ?? null,
      storedBytes: needed,
    })!;
    for (const tag of tags) sql.addTag.run(job.owner, tag, seq);
    return { kind: 'created', id: job.id };
  }
}

function statusView(row: StatusRow): JobStatusView {
  return statusViewOf(row, JSON.parse(row.tags) as string[]);
}

/**
 * The SELECT of a page of a listing, its limit as the last parameter. The owner's jobs are walked newest first
 * on `(owner, seq DESC)` (or the status/platform variant); a tag narrows them through `job_tags`.
 */
function listingQuery(
  owner: string,
  filter: JobListFilter,
  page: JobListPageRequest,
): { sql: string; params: unknown[] } {
  // With a tag, the walk follows that tag's rows of job_tags (newest first, by its primary key) and joins each job:
  // a page costs its own rows, not a pass over every tagged job.
  const [firstTag, ...otherTags] = filter.tags ?? [];
  const j = firstTag === undefined ? '' : 'j.';
  const where = [`${j}owner = ?`];
  const params: unknown[] = [owner];
  if (filter.status !== undefined && filter.status.length > 0) {
    where.push(`${j}status IN (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter.platform !== undefined) {
    where.push(`${j}platform = ?`);
    params.push(filter.platform);
  }
  if (filter.name !== undefined) {
    where.push(`${j}name LIKE ? ESCAPE '\\'`);
    params.push(`%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  for (const tag of otherTags) {
    where.push(`EXISTS (SELECT 1 FROM job_tags o WHERE o.owner = ? AND o.tag = ? AND o.seq = ${j}seq)`);
    params.push(owner, tag);
  }
  // Creation times never decrease along seq: the first job created at or after a time bounds seq (one index
  // lookup), and the walk stops where the period ends instead of reading every job outside it.
  if (filter.createdAfter !== undefined) {
    where.push(`${j}created_at >= ?`, `${j}seq >= ${FIRST_SEQ_FROM}`);
    params.push(filter.createdAfter, filter.createdAfter);
  }
  if (filter.createdBefore !== undefined) {
    where.push(`${j}created_at < ?`, `${j}seq < ${FIRST_SEQ_FROM}`);
    params.push(filter.createdBefore, filter.createdBefore);
  }
  if (page.after !== undefined) {
    where.push(`${j}seq < ?`);
    params.push(page.after);
  }
  if (firstTag === undefined) {
    return {
      sql: `SELECT ${STATUS_COLUMNS} FROM jobs WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
      params,
    };
  }
  const columns = STATUS_COLUMNS.split(',')
    .map((column) => `j.${column.trim()}`)
    .join(', ');
  return {
    sql: `SELECT ${columns} FROM job_tags t JOIN jobs j ON j.seq = t.seq
      WHERE t.owner = ? AND t.tag = ? ${page.after === undefined ? '' : 'AND t.seq < ?'} AND ${where.join(' AND ')}
      ORDER BY t.seq DESC LIMIT ?`,
    params: [owner, firstTag, ...(page.after === undefined ? [] : [page.after]), ...params],
  };
}

/**
 * Creates the database file readable and writable by its owner only (0600), or takes group and other
 * permissions away from an existing one and its companions: jobs and token digests are nobody else's business.
 * SQLite creates the write-ahead log with the database file's permissions.
 */
function restrictToOwner(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
    }
  }
}

function closedError(): BosonicError {
  return new BosonicError('The job store is closed', 'ERR_STORE_CLOSED');
}
