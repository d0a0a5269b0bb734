import { BosonicError } from '@bosonic/core';
import pg from 'pg';
import { ServiceUnavailableError } from '../../errors/service-unavailable-error.js';
import {
  ACTIVE_SQL,
  CLAIM_COLUMNS,
  type ClaimRow as ClaimRowOf,
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
} from '../job-record.js';
import { FINAL_STATES } from '../job-record.js';
import type { SharedJobStore, TokenStore } from '../job-store.js';
import { migrate } from './postgres-schema.js';

/** Options of {@link PostgresJobStore.open}. */
export interface PostgresJobStoreOptions {
  /** `postgresql://user:password@host:port/database` (libpq's URL form; `?sslmode=require` etc. accepted). */
  connectionString: string;
  /** Connections this node keeps at most (default 10). */
  poolSize?: number;
  /**
   * Seconds after which a run whose lease was not renewed is taken for dead (default 15). Executors renew every
   * second or so; this must stay well above that, and above a database failover's pause.
   */
  leaseSeconds?: number;
  /** How long to wait for a connection before answering "unavailable", in ms (default 3000). */
  connectTimeoutMs?: number;
  /** Called with errors of idle connections (the database went away); they are otherwise harmless. */
  onIdleError?: (error: Error) => void;
}

/** The database's clock, in seconds since the epoch: one clock for every node. */
const NOW = 'extract(epoch FROM clock_timestamp())';

/** SQLSTATE classes meaning the database is unreachable or shutting down, not that the request is wrong. */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P|58)/;

/** A status row as pg returns it: bigint `seq` as a string, `tags` as `text[]`. */
type StatusRow = StatusRowOf<string, string[]>;

/** A claim row as pg returns it: `quick` as a boolean. */
type ClaimRow = ClaimRowOf<boolean>;

/**
 * The job store of the distributed mode: jobs in PostgreSQL, shared by every API node and worker. It implements the
 * same contract as the embedded SQLite store (a creation resolves once committed; writes of a superseded run are
 * ignored by attempt number), and adds the leases that tell a live run from one whose worker died.
 *
 * Times are the database's clock, so nodes with skewed clocks agree on leases. Any failure to reach the database
 * rejects with {@link ServiceUnavailableError}.
 */
export class PostgresJobStore implements SharedJobStore, TokenStore {
  readonly #pool: pg.Pool;
  readonly #leaseSeconds: number;
  #closed = false;

  private constructor(pool: pg.Pool, leaseSeconds: number) {
    this.#pool = pool;
    this.#leaseSeconds = leaseSeconds;
  }

  /**
   * Connects and migrates the schema (safe when several nodes start at once).
   * @throws ServiceUnavailableError when the database cannot be reached; BosonicError `ERR_STORE_SCHEMA` for a
   *   database migrated by a newer server.
   */
  static async open(options: PostgresJobStoreOptions): Promise<PostgresJobStore> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      idleTimeoutMillis: 10_000,
      keepAlive: true,
      application_name: 'bosonic',
    });
    // An idle connection the server closed (restart, failover) emits here; without a listener it would crash.
    pool.on('error', (error) => options.onIdleError?.(error));
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end().catch(() => {});
      throw asUnavailable(error, 'The job database cannot be reached');
    }
    return new PostgresJobStore(pool, options.leaseSeconds ?? 15);
  }

  // ---- routes ----------------------------------------------------------------------------------------------

  async createJob(job: NewJob, limits: CreationLimits): Promise<CreateOutcome> {
    const needed = storedBytesOf(job);
    const { rows } = await this.#query<{
      outcome: string;
      job_id: string | null;
      active: string;
      stored: string;
    }>('SELECT * FROM bosonic_create_job($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)', [
      job.id,
      job.owner,
      job.platform,
      job.name,
      job.request,
      job.idempotencyKey ?? null,
      job.requestDigest ?? null,
      job.rerunOf ?? null,
      job.quick ?? false,
      job.tags ?? [],
      job.maxExecutionTime ?? null,
      needed,
      limits.maxActive,
      limits.maxStoredBytes ?? null,
    ]);
    const row = rows[0]!;
    switch (row.outcome) {
      case 'created':
        return { kind: 'created', id: row.job_id! };
      case 'existing':
        return { kind: 'existing', id: row.job_id! };
      case 'key_conflict':
        return { kind: 'key_conflict', id: row.job_id! };
      case 'storage_quota':
        return { kind: 'storage_quota', stored: Number(row.stored), needed, max: limits.maxStoredBytes! };
      default:
        return { kind: 'quota', active: Number(row.active), max: limits.maxActive };
    }
  }

  async getStatus(id: string, owner: string): Promise<JobStatusView | undefined> {
    const { rows } = await this.#query<StatusRow>(
      `SELECT ${STATUS_COLUMNS} FROM jobs WHERE id = $1 AND owner = $2`,
      [id, owner],
    );
    return rows[0] === undefined ? undefined : statusView(rows[0]);
  }

  async getResults(id: string, owner: string): Promise<JobResultsView | undefined> {
    const { rows } = await this.#query<{
      id: string;
      status: JobState;
      status_message: string | null;
      results: string | null;
    }>('SELECT id, status, status_message, results FROM jobs WHERE id = $1 AND owner = $2', [id, owner]);
    const row = rows[0];
    return row === undefined
      ? undefined
      : { id: row.id, status: row.status, statusMessage: row.status_message, results: row.results };
  }

  async getRequest(id: string, owner: string): Promise<JobRequestView | undefined> {
    const { rows } = await this.#query<JobRequestView>(
      'SELECT id, status, platform, name, request FROM jobs WHERE id = $1 AND owner = $2',
      [id, owner],
    );
    return rows[0];
  }

  async storedBytes(owner: string): Promise<number> {
    const { rows } = await this.#query<{ stored_bytes: string }>(
      'SELECT stored_bytes FROM owner_storage WHERE owner = $1',
      [owner],
    );
    return Number(rows[0]?.stored_bytes ?? 0);
  }

  async countActive(owner: string): Promise<number> {
    const { rows } = await this.#query<{ count: string }>(
      `SELECT count(*) FROM jobs WHERE owner = $1 AND status IN ${ACTIVE_SQL}`,
      [owner],
    );
    return Number(rows[0]!.count);
  }

  async requestCancel(id: string, owner: string): Promise<CancelOutcome> {
    // One statement: the row is locked, its old status read and the change made atomically.
    const { rows } = await this.#query<{ old: JobState }>(
      `WITH old AS (SELECT status FROM jobs WHERE id = $1 AND owner = $2 FOR UPDATE),
       changed AS (
         UPDATE jobs j SET
           status = CASE WHEN old.status = 'waiting' THEN 'canceled' ELSE 'cancel_requested' END,
           stopped_at = CASE WHEN old.status = 'waiting' THEN ${NOW} ELSE j.stopped_at END,
           status_message = CASE WHEN old.status = 'waiting' THEN $3 ELSE j.status_message END
         FROM old WHERE j.id = $1 AND old.status IN ('waiting', 'running')
         RETURNING 1)
       SELECT status AS old FROM old`,
      [id, owner, 'Canceled by the user before it started'],
    );
    const old = rows[0]?.old;
    if (old === undefined) return { kind: 'not_found' };
    if (old === 'waiting') return { kind: 'canceled' };
    if (old === 'running') return { kind: 'requested' };
    return { kind: 'unchanged', status: old };
  }

  async listJobs(owner: string, filter: JobListFilter, page: JobListPageRequest): Promise<JobListPage> {
    const { sql, params } = listingQuery(owner, filter, page);
    // One more row than asked tells whether an older page exists.
    const { rows } = await this.#query<StatusRow>(sql, [...params, page.limit + 1]);
    const more = rows.length > page.limit;
    const jobs = rows.slice(0, page.limit);
    return { jobs: jobs.map(statusView), next: more ? Number(jobs[jobs.length - 1]!.seq) : null };
  }

  async setTags(id: string, owner: string, tags: readonly string[]): Promise<boolean> {
    const { rowCount } = await this.#query(
      `UPDATE jobs SET tags = $3,
         stored_bytes = stored_bytes - octet_length(array_to_json(tags)::text) + octet_length(array_to_json($3::text[])::text)
       WHERE id = $1 AND owner = $2`,
      [id, owner, tags],
    );
    return (rowCount ?? 0) > 0;
  }

  async deleteJob(id: string, owner: string): Promise<DeleteOutcome> {
    const { rows } = await this.#query<{ status: JobState; deleted: boolean }>(
      `WITH old AS (SELECT status FROM jobs WHERE id = $1 AND owner = $2 FOR UPDATE),
       gone AS (DELETE FROM jobs j USING old WHERE j.id = $1 AND old.status IN ${FINAL_SQL} RETURNING 1)
       SELECT old.status, EXISTS (SELECT 1 FROM gone) AS deleted FROM old`,
      [id, owner],
    );
    const row = rows[0];
    if (row === undefined) return { kind: 'not_found' };
    return row.deleted || FINAL_STATES.includes(row.status)
      ? { kind: 'deleted' }
      : { kind: 'active', status: row.status };
  }

  async usage(owner: string, range: TimeRange): Promise<PlatformUsageView[]> {
    const { rows } = await this.#query<{
      platform: string;
      jobs: string;
      run_seconds: number;
      samples: string;
    }>(
      `SELECT platform, count(*) AS jobs, coalesce(sum(run_seconds), 0)::double precision AS run_seconds,
         coalesce(sum(samples), 0) AS samples
       FROM jobs WHERE owner = $1 AND ($2::double precision IS NULL OR created_at >= $2)
         AND ($3::double precision IS NULL OR created_at < $3)
       GROUP BY platform ORDER BY platform`,
      [owner, range.since ?? null, range.until ?? null],
    );
    return rows.map((row) => ({
      platform: row.platform,
      jobs: Number(row.jobs),
      runSeconds: row.run_seconds,
      samples: Number(row.samples),
    }));
  }

  async purgeFinished(stoppedBefore: number, limit: number): Promise<number> {
    const { rowCount } = await this.#query(
      `DELETE FROM jobs WHERE seq IN (
         SELECT seq FROM jobs WHERE status IN ${FINAL_SQL} AND stopped_at < $1
         ORDER BY stopped_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [stoppedBefore, limit],
    );
    return rowCount ?? 0;
  }

  // ---- executors -------------------------------------------------------------------------------------------

  async claimNext(options: { quickOnly?: boolean } = {}): Promise<ClaimedJob | undefined> {
    const { rows } = await this.#query<ClaimRow>(
      `UPDATE jobs SET status = 'running', started_at = ${NOW}, stopped_at = NULL, attempt = attempt + 1,
         heartbeat_at = ${NOW}
       WHERE seq = (SELECT seq FROM jobs WHERE status = 'waiting' ${options.quickOnly ? 'AND quick' : ''}
                    ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${CLAIM_COLUMNS}`,
    );
    return rows[0] === undefined ? undefined : claimedJob(rows[0]);
  }

  async claimJob(id: string, options: { maxAttempts: number }): Promise<ClaimedJob | undefined> {
    return this.#transaction(async (client) => {
      const { rows } = await client.query<{ status: JobState; attempt: number; stale: boolean }>(
        `SELECT status, attempt, coalesce(heartbeat_at < ${NOW} - $2, true) AS stale
         FROM jobs WHERE id = $1 FOR UPDATE`,
        [id, this.#leaseSeconds],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      const lapsed = (row.status === 'running' || row.status === 'cancel_requested') && row.stale;
      if (lapsed && row.status === 'cancel_requested') {
        await this.#stop(
          client,
          id,
          'canceled',
          'Canceled; its worker stopped before partial results were saved',
        );
        return undefined;
      }
      if (lapsed && row.attempt >= options.maxAttempts) {
        await this.#stop(
          client,
          id,
          'error',
          `The worker running this job stopped during each of its ${row.attempt} runs; it is not run again`,
        );
        return undefined;
      }
      if (row.status !== 'waiting' && !lapsed) return undefined;
      const claimed = await client.query<ClaimRow>(
        `UPDATE jobs SET status = 'running', started_at = ${NOW}, stopped_at = NULL, attempt = attempt + 1,
           heartbeat_at = ${NOW}
         WHERE id = $1 RETURNING ${CLAIM_COLUMNS}`,
        [id],
      );
      return claimed.rows[0] === undefined ? undefined : claimedJob(claimed.rows[0]);
    });
  }

  async renewLeases(runs: readonly JobLease[]): Promise<Map<string, JobState>> {
    if (runs.length === 0) return new Map();
    const { rows } = await this.#query<{ id: string; status: JobState }>(
      `UPDATE jobs j SET heartbeat_at = ${NOW}
       FROM unnest($1::text[], $2::integer[]) AS run(id, attempt)
       WHERE j.id = run.id AND j.attempt = run.attempt AND j.status IN ('running', 'cancel_requested')
       RETURNING j.id, j.status`,
      [runs.map((run) => run.id), runs.map((run) => run.attempt)],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  async waitingJobIds(limit: number): Promise<string[]> {
    const { rows } = await this.#query<{ id: string }>(
      "SELECT id FROM jobs WHERE status = 'waiting' ORDER BY seq LIMIT $1",
      [limit],
    );
    return rows.map((row) => row.id);
  }

  async reportProgress(id: string, attempt: number, progress: number, message: string | null): Promise<void> {
    const clamped = Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
    await this.#query(
      `UPDATE jobs SET progress = greatest(progress, $3), progress_message = $4, heartbeat_at = ${NOW}
       WHERE id = $1 AND attempt = $2 AND status IN ('running', 'cancel_requested')`,
      [id, attempt, clamped, message],
    );
  }

  async finishJob(id: string, attempt: number, outcome: JobOutcome): Promise<boolean> {
    const { rowCount } = await this.#query(
      `UPDATE jobs SET status = $3, results = $4, status_message = $5, stopped_at = ${NOW},
         run_seconds = greatest(0, ${NOW} - started_at), samples = $6,
         stored_bytes = stored_bytes + coalesce(octet_length($4), 0),
         progress = CASE WHEN $3 = 'completed' THEN 1 ELSE progress END
       WHERE id = $1 AND attempt = $2 AND status IN ('running', 'cancel_requested')`,
      [id, attempt, outcome.status, outcome.results, outcome.message, outcome.samples ?? null],
    );
    return (rowCount ?? 0) > 0;
  }

  async requeueJob(id: string, attempt: number): Promise<void> {
    await this.#transaction(async (client) => {
      const { rowCount } = await client.query(
        `UPDATE jobs SET status = 'waiting', started_at = NULL, heartbeat_at = NULL, attempt = attempt - 1
         WHERE id = $1 AND attempt = $2 AND status = 'running'`,
        [id, attempt],
      );
      if ((rowCount ?? 0) > 0) return;
      // A cancel was pending: the user wanted it stopped, and it is.
      await client.query(
        `UPDATE jobs SET status = 'canceled', status_message = $3, stopped_at = ${NOW}
         WHERE id = $1 AND attempt = $2 AND status = 'cancel_requested'`,
        [id, attempt, 'Canceled; the worker shut down before partial results were saved'],
      );
    });
  }

  /**
   * Runs whose lease lapsed (their worker died): queued again, failed after `maxAttempts` runs, or canceled when a
   * cancel was pending. Runs of live workers are left alone, so any node may call this at any time.
   */
  async recoverInterrupted(options: { maxAttempts: number }): Promise<RecoveryReport> {
    return this.#transaction(async (client) => {
      const { rows } = await client.query<{ id: string; status: JobState; attempt: number }>(
        `SELECT id, status, attempt FROM jobs
         WHERE status IN ('running', 'cancel_requested') AND coalesce(heartbeat_at < ${NOW} - $1, true)
         ORDER BY seq FOR UPDATE SKIP LOCKED`,
        [this.#leaseSeconds],
      );
      const report: RecoveryReport = { requeued: [], canceled: [], failed: [] };
      for (const row of rows) {
        if (row.status === 'cancel_requested') {
          await this.#stop(
            client,
            row.id,
            'canceled',
            'Canceled; its worker stopped before partial results were saved',
          );
          report.canceled.push(row.id);
        } else if (row.attempt >= options.maxAttempts) {
          await this.#stop(
            client,
            row.id,
            'error',
            `The worker running this job stopped during each of its ${row.attempt} runs; it is not run again`,
          );
          report.failed.push(row.id);
        } else {
          await client.query(
            "UPDATE jobs SET status = 'waiting', started_at = NULL, heartbeat_at = NULL WHERE id = $1",
            [row.id],
          );
          report.requeued.push(row.id);
        }
      }
      return report;
    });
  }

  async ping(): Promise<void> {
    await this.#query('SELECT 1');
  }

  // ---- shards of split jobs ----------------------------------------------------------------------------------

  async createShards(id: string, count: number): Promise<void> {
    await this.#query(
      `INSERT INTO job_shards (job_id, shard) SELECT $1, k FROM generate_series(0, $2 - 1) AS k
       ON CONFLICT (job_id, shard) DO NOTHING`,
      [id, count],
    );
  }

  async shardStates(id: string): Promise<ShardState[]> {
    const { rows } = await this.#query<ShardState>(
      `SELECT shard, status, progress, results,
         (status = 'running' AND coalesce(heartbeat_at < ${NOW} - $2, true)) AS lapsed
       FROM job_shards WHERE job_id = $1 ORDER BY shard`,
      [id, this.#leaseSeconds],
    );
    return rows;
  }

  async claimShard(
    id: string,
    shard: number,
  ): Promise<{ attempt: number; platform: string; request: string } | undefined> {
    const { rows } = await this.#query<{ attempt: number; platform: string; request: string }>(
      `UPDATE job_shards s SET status = 'running', attempt = s.attempt + 1, heartbeat_at = ${NOW}, progress = 0
       FROM jobs j
       WHERE s.job_id = $1 AND s.shard = $2 AND j.id = s.job_id AND j.status = 'running'
         AND (s.status = 'waiting' OR (s.status = 'running' AND coalesce(s.heartbeat_at < ${NOW} - $3, true)))
       RETURNING s.attempt, j.platform, j.request`,
      [id, shard, this.#leaseSeconds],
    );
    return rows[0];
  }

  async renewShardLeases(runs: readonly ShardLease[]): Promise<Map<string, JobState>> {
    if (runs.length === 0) return new Map();
    const { rows } = await this.#query<{ job_id: string; shard: number; status: JobState }>(
      `UPDATE job_shards s SET heartbeat_at = ${NOW}
       FROM unnest($1::text[], $2::integer[], $3::integer[]) AS run(id, shard, attempt), jobs j
       WHERE s.job_id = run.id AND s.shard = run.shard AND s.attempt = run.attempt AND s.status = 'running'
         AND j.id = s.job_id
       RETURNING s.job_id, s.shard, j.status`,
      [runs.map((run) => run.id), runs.map((run) => run.shard), runs.map((run) => run.attempt)],
    );
    return new Map(rows.map((row) => [`${row.job_id}/${row.shard}`, row.status]));
  }

  async reportShardProgress(run: ShardLease, progress: number): Promise<void> {
    const clamped = Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
    await this.#query(
      `UPDATE job_shards SET progress = greatest(progress, $4), heartbeat_at = ${NOW}
       WHERE job_id = $1 AND shard = $2 AND attempt = $3 AND status = 'running'`,
      [run.id, run.shard, run.attempt, clamped],
    );
  }

  async finishShard(run: ShardLease, results: string | null): Promise<boolean> {
    const { rowCount } = await this.#query(
      `UPDATE job_shards SET status = 'done', results = $4, heartbeat_at = NULL,
         progress = CASE WHEN $4::text IS NULL THEN progress ELSE 1 END
       WHERE job_id = $1 AND shard = $2 AND attempt = $3 AND status = 'running'`,
      [run.id, run.shard, run.attempt, results],
    );
    return (rowCount ?? 0) > 0;
  }

  async requeueShard(run: ShardLease): Promise<void> {
    await this.#query(
      `UPDATE job_shards SET status = 'waiting', heartbeat_at = NULL, progress = 0
       WHERE job_id = $1 AND shard = $2 AND attempt = $3 AND status = 'running'`,
      [run.id, run.shard, run.attempt],
    );
  }

  async skipWaitingShards(id: string): Promise<void> {
    await this.#query("UPDATE job_shards SET status = 'done' WHERE job_id = $1 AND status = 'waiting'", [id]);
  }

  async requestRunStop(id: string, attempt: number): Promise<void> {
    await this.#query(
      "UPDATE jobs SET status = 'cancel_requested' WHERE id = $1 AND attempt = $2 AND status = 'running'",
      [id, attempt],
    );
  }

  // ---- tokens ----------------------------------------------------------------------------------------------

  async tokenDigests(): Promise<string[]> {
    const { rows } = await this.#query<{ digest: string }>('SELECT digest FROM tokens ORDER BY created_at');
    return rows.map((row) => row.digest);
  }

  async addTokenDigests(digests: readonly string[], source: 'configured' | 'generated'): Promise<void> {
    if (digests.length === 0) return;
    await this.#query(
      `INSERT INTO tokens (digest, source, created_at)
       SELECT digest, $2, ${NOW} FROM unnest($1::text[]) AS digest
       ON CONFLICT (digest) DO NOTHING`,
      [digests, source],
    );
  }

  async replaceTokenDigests(digests: readonly string[], source: 'configured'): Promise<number> {
    // One statement, so one transaction: no node ever sees the old set half replaced.
    const { rows } = await this.#query<{ deleted: number }>(
      `WITH deleted AS (DELETE FROM tokens WHERE NOT (digest = ANY($1::text[])) RETURNING 1),
            inserted AS (
              INSERT INTO tokens (digest, source, created_at)
              SELECT digest, $2, ${NOW} FROM unnest($1::text[]) AS digest
              ON CONFLICT (digest) DO NOTHING
            )
       SELECT count(*)::int AS deleted FROM deleted`,
      [digests, source],
    );
    return rows[0]?.deleted ?? 0;
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async #stop(
    client: pg.PoolClient,
    id: string,
    status: 'canceled' | 'error',
    message: string,
  ): Promise<void> {
    await client.query(
      `UPDATE jobs SET status = $2, status_message = $3, stopped_at = ${NOW}, heartbeat_at = NULL WHERE id = $1`,
      [id, status, message],
    );
  }

  async #query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    if (this.#closed) throw closedError();
    try {
      return await this.#pool.query<R>(text, values);
    } catch (error) {
      throw asUnavailable(error, 'The job database cannot be reached');
    }
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw closedError();
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw asUnavailable(error, 'The job database cannot be reached');
    }
    let broken = false;
    // A connection lost between two statements is reported as an event: without a listener it would crash the process.
    const onError = (): void => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw asUnavailable(error, 'The job database cannot be reached');
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}

function statusView(row: StatusRow): JobStatusView {
  return statusViewOf(row, row.tags);
}

/**
 * The SELECT of a page of a listing, its limit as the last parameter: the owner's jobs newest first on
 * `(owner, seq DESC)` (or its status/platform variant); tags through the GIN index on `tags`.
 */
function listingQuery(
  owner: string,
  filter: JobListFilter,
  page: JobListPageRequest,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [owner];
  const where = ['owner = $1'];
  const add = (condition: (placeholder: string) => string, value: unknown): void => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filter.status !== undefined && filter.status.length > 0)
    add((p) => `status = ANY(${p}::text[])`, filter.status);
  if (filter.platform !== undefined) add((p) => `platform = ${p}`, filter.platform);
  if (filter.name !== undefined) {
    add((p) => `name ILIKE ${p} ESCAPE '\\'`, `%${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (filter.tags !== undefined && filter.tags.length > 0) add((p) => `tags @> ${p}::text[]`, filter.tags);
  if (filter.createdAfter !== undefined) add((p) => `created_at >= ${p}`, filter.createdAfter);
  if (filter.createdBefore !== undefined) add((p) => `created_at < ${p}`, filter.createdBefore);
  if (page.after !== undefined) add((p) => `seq < ${p}`, page.after);
  return {
    sql: `SELECT ${STATUS_COLUMNS} FROM jobs WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length + 1}`,
    params,
  };
}

/**
 * The error as a {@link ServiceUnavailableError} when it says the database is unreachable (refused, reset, timed
 * out, shutting down, out of connections); other errors unchanged.
 */
export function asUnavailable(error: unknown, message: string): unknown {
  if (error instanceof BosonicError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const unreachable =
    sqlState === undefined
      ? typeof code === 'string' ||
        /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(
          error.message,
        )
      : UNAVAILABLE_SQLSTATE.test(sqlState);
  return unreachable
    ? new ServiceUnavailableError('database', `${message}: ${error.message}`, { cause: error })
    : error;
}

function closedError(): BosonicError {
  return new BosonicError('The job store is closed', 'ERR_STORE_CLOSED');
}
