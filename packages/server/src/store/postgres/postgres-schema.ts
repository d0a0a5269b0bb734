import { BosonicError } from '@bosonic/core';
import type { Pool } from 'pg';

/** A schema change, applied once, in order of `version`. */
interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Key of the advisory lock that serialises migrations: nodes starting at once wait for each other, and each
 * applies only the versions not applied yet. (An arbitrary 63-bit constant: "bosonic" in ASCII.)
 */
export const MIGRATION_LOCK_KEY = '27707089299073379';

/**
 * The job store's schema. Columns are those of the embedded SQLite store (version 2): the two stores carry the
 * same fields. PostgreSQL-only: `heartbeat_at`, the lease a worker renews while it runs a job (a run whose lease
 * lapsed belongs to a dead worker), and the creation function, which takes the quota and idempotency decisions
 * inside the database under a per-owner lock so that API nodes racing each other cannot exceed a quota or
 * create two jobs for one key.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'jobs, tokens, listing and queue indexes, creation function',
    sql: `
CREATE TABLE tokens (
  digest      text PRIMARY KEY,
  source      text NOT NULL,
  created_at  double precision NOT NULL
);

CREATE TABLE jobs (
  seq                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                  text NOT NULL UNIQUE,
  owner               text NOT NULL,
  platform            text NOT NULL,
  name                text,
  request             text NOT NULL,
  status              text NOT NULL,
  progress            double precision NOT NULL DEFAULT 0,
  progress_message    text,
  status_message      text,
  created_at          double precision NOT NULL,
  started_at          double precision,
  stopped_at          double precision,
  results             text,
  attempt             integer NOT NULL DEFAULT 0,
  idempotency_key     text,
  request_digest      text,
  rerun_of            text,
  quick               boolean NOT NULL DEFAULT false,
  tags                text[] NOT NULL DEFAULT '{}',
  max_execution_time  double precision,
  run_seconds         double precision,
  samples             bigint,
  stored_bytes        bigint NOT NULL DEFAULT 0,
  heartbeat_at        double precision
);

CREATE INDEX jobs_waiting ON jobs (seq) WHERE status = 'waiting';
CREATE INDEX jobs_waiting_quick ON jobs (seq) WHERE status = 'waiting' AND quick;
CREATE INDEX jobs_active_by_owner ON jobs (owner) WHERE status IN ('waiting', 'running', 'cancel_requested');
CREATE INDEX jobs_running ON jobs (heartbeat_at) WHERE status IN ('running', 'cancel_requested');
CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_by_owner ON jobs (owner, seq DESC);
CREATE INDEX jobs_by_owner_status ON jobs (owner, status, seq DESC);
CREATE INDEX jobs_by_owner_platform ON jobs (owner, platform, seq DESC);
CREATE INDEX jobs_tags ON jobs USING gin (tags);
CREATE INDEX jobs_finished ON jobs (stopped_at) WHERE status IN ('completed', 'error', 'canceled');

CREATE FUNCTION bosonic_create_job(
  p_id text, p_owner text, p_platform text, p_name text, p_request text, p_key text, p_digest text,
  p_rerun_of text, p_quick boolean, p_tags text[], p_max_execution_time double precision,
  p_stored_bytes bigint, p_max_active integer
) RETURNS TABLE (outcome text, job_id text, active bigint) LANGUAGE plpgsql AS $$
DECLARE
  prior record;
  n bigint;
BEGIN
  -- One creation per owner at a time, across every API node: the count below cannot go stale before the insert.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_owner, 0));
  IF p_key IS NOT NULL THEN
    SELECT j.id, j.request_digest INTO prior FROM jobs j WHERE j.owner = p_owner AND j.idempotency_key = p_key;
    IF FOUND THEN
      IF prior.request_digest IS NOT DISTINCT FROM p_digest THEN
        RETURN QUERY SELECT 'existing'::text, prior.id, 0::bigint;
      ELSE
        RETURN QUERY SELECT 'key_conflict'::text, prior.id, 0::bigint;
      END IF;
      RETURN;
    END IF;
  END IF;
  SELECT count(*) INTO n FROM jobs j
   WHERE j.owner = p_owner AND j.status IN ('waiting', 'running', 'cancel_requested');
  IF n >= p_max_active THEN
    RETURN QUERY SELECT 'quota'::text, NULL::text, n;
    RETURN;
  END IF;
  INSERT INTO jobs (id, owner, platform, name, request, status, created_at, idempotency_key, request_digest,
                    rerun_of, quick, tags, max_execution_time, stored_bytes)
  VALUES (p_id, p_owner, p_platform, p_name, p_request, 'waiting', extract(epoch FROM clock_timestamp()), p_key,
          p_digest, p_rerun_of, p_quick, coalesce(p_tags, '{}'), p_max_execution_time, p_stored_bytes);
  RETURN QUERY SELECT 'created'::text, p_id, n;
END
$$;
`,
  },
  {
    version: 2,
    description: 'bytes stored per owner, kept by a trigger (per-token storage quota)',
    sql: `
CREATE TABLE owner_storage (
  owner         text PRIMARY KEY,
  stored_bytes  bigint NOT NULL DEFAULT 0
);

INSERT INTO owner_storage (owner, stored_bytes) SELECT owner, sum(stored_bytes) FROM jobs GROUP BY owner;

CREATE FUNCTION bosonic_owner_storage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE owner_storage SET stored_bytes = stored_bytes - OLD.stored_bytes WHERE owner = OLD.owner;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO owner_storage (owner, stored_bytes) VALUES (NEW.owner, NEW.stored_bytes)
    ON CONFLICT (owner) DO UPDATE SET stored_bytes = owner_storage.stored_bytes + EXCLUDED.stored_bytes;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER jobs_owner_storage AFTER INSERT OR DELETE OR UPDATE OF stored_bytes ON jobs
  FOR EACH ROW EXECUTE FUNCTION bosonic_owner_storage();
`,
  },
  {
    version: 3,
    description: 'shards of split sampling jobs, run by several workers at once',
    sql: `
CREATE TABLE job_shards (
  job_id        text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  shard         integer NOT NULL,
  status        text NOT NULL DEFAULT 'waiting',
  attempt       integer NOT NULL DEFAULT 0,
  heartbeat_at  double precision,
  progress      double precision NOT NULL DEFAULT 0,
  results       text,
  PRIMARY KEY (job_id, shard)
);
`,
  },
  {
    version: 4,
    description:
      'creation checks the storage quota under the per-owner lock (14-argument bosonic_create_job)',
    // A new overload beside the 13-argument one, which nodes of the previous version keep calling during a rolling
    // upgrade. Under the per-owner lock, the bytes stored (owner_storage, kept by the trigger inside each
    // creation's transaction) cannot go stale before the insert: creations racing each other cannot pass the quota.
    sql: `
CREATE FUNCTION bosonic_create_job(
  p_id text, p_owner text, p_platform text, p_name text, p_request text, p_key text, p_digest text,
  p_rerun_of text, p_quick boolean, p_tags text[], p_max_execution_time double precision,
  p_stored_bytes bigint, p_max_active integer, p_max_stored bigint
) RETURNS TABLE (outcome text, job_id text, active bigint, stored bigint) LANGUAGE plpgsql AS $$
DECLARE
  prior record;
  n bigint;
  used bigint := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_owner, 0));
  IF p_key IS NOT NULL THEN
    SELECT j.id, j.request_digest INTO prior FROM jobs j WHERE j.owner = p_owner AND j.idempotency_key = p_key;
    IF FOUND THEN
      IF prior.request_digest IS NOT DISTINCT FROM p_digest THEN
        RETURN QUERY SELECT 'existing'::text, prior.id, 0::bigint, 0::bigint;
      ELSE
        RETURN QUERY SELECT 'key_conflict'::text, prior.id, 0::bigint, 0::bigint;
      END IF;
      RETURN;
    END IF;
  END IF;
  SELECT count(*) INTO n FROM jobs j
   WHERE j.owner = p_owner AND j.status IN ('waiting', 'running', 'cancel_requested');
  IF n >= p_max_active THEN
    RETURN QUERY SELECT 'quota'::text, NULL::text, n, 0::bigint;
    RETURN;
  END IF;
  IF p_max_stored IS NOT NULL THEN
    SELECT coalesce((SELECT s.stored_bytes FROM owner_storage s WHERE s.owner = p_owner), 0) INTO used;
    IF used + p_stored_bytes > p_max_stored THEN
      RETURN QUERY SELECT 'storage_quota'::text, NULL::text, n, used;
      RETURN;
    END IF;
  END IF;
  INSERT INTO jobs (id, owner, platform, name, request, status, created_at, idempotency_key, request_digest,
                    rerun_of, quick, tags, max_execution_time, stored_bytes)
  VALUES (p_id, p_owner, p_platform, p_name, p_request, 'waiting', extract(epoch FROM clock_timestamp()), p_key,
          p_digest, p_rerun_of, p_quick, coalesce(p_tags, '{}'), p_max_execution_time, p_stored_bytes);
  RETURN QUERY SELECT 'created'::text, p_id, n, used;
END
$$;
`,
  },
];

/** The newest schema version this server knows. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((migration) => migration.version));

/**
 * Brings the database to {@link SCHEMA_VERSION}: each migration not applied yet runs in one transaction with its
 * record in `bosonic_migrations`, under a transaction-scoped advisory lock, so nodes starting at once apply each
 * version exactly once and a failed migration leaves nothing half done. Applying it again changes nothing.
 * @throws BosonicError `ERR_STORE_SCHEMA` when the database was migrated by a newer server.
 */
export async function migrate(pool: Pool): Promise<{ applied: number[] }> {
  const client = await pool.connect();
  // A connection lost between two statements is reported as an event: without a listener it would crash the process.
  const onError = (): void => {};
  client.on('error', onError);
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}::bigint)`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS bosonic_migrations (
         version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM bosonic_migrations');
    const done = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...done);
    if (newest > SCHEMA_VERSION) {
      throw new BosonicError(
        `The job database has schema version ${newest}, newer than this server's (${SCHEMA_VERSION}): upgrade the server`,
        'ERR_STORE_SCHEMA',
      );
    }
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO bosonic_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    client.release();
  }
}
