import { BosonicError } from '@bosonic/core';
import type { Database } from 'better-sqlite3';

/** Version of the schema below, kept in SQLite's `user_version`. */
export const SCHEMA_VERSION = 5;

/**
 * Tables of the job store. `seq` (the rowid) orders the queue; partial indexes keep the queue head, the
 * per-token quota count and the idempotency lookup cheap however many finished jobs accumulate.
 */
const SCHEMA_V1 = `
CREATE TABLE tokens (
  digest      TEXT PRIMARY KEY,
  source      TEXT NOT NULL,
  created_at  REAL NOT NULL
) WITHOUT ROWID;

CREATE TABLE jobs (
  seq               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL UNIQUE,
  owner             TEXT NOT NULL,
  platform          TEXT NOT NULL,
  name              TEXT,
  request           TEXT NOT NULL,
  status            TEXT NOT NULL,
  progress          REAL NOT NULL DEFAULT 0,
  progress_message  TEXT,
  status_message    TEXT,
  created_at        REAL NOT NULL,
  started_at        REAL,
  stopped_at        REAL,
  results           TEXT,
  attempt           INTEGER NOT NULL DEFAULT 0,
  idempotency_key   TEXT,
  request_digest    TEXT,
  rerun_of          TEXT,
  quick             INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX jobs_waiting ON jobs (seq) WHERE status = 'waiting';
CREATE INDEX jobs_waiting_quick ON jobs (seq) WHERE status = 'waiting' AND quick = 1;
CREATE INDEX jobs_active_by_owner ON jobs (owner) WHERE status IN ('waiting', 'running', 'cancel_requested');
CREATE INDEX jobs_running ON jobs (status) WHERE status IN ('running', 'cancel_requested');
CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
`;

/**
 * Version 2: job management. Tags (a JSON array in `jobs.tags`, and one row per tag in `job_tags` for indexed
 * tag filters), the run-time limit, usage figures (`run_seconds`, `samples`), the bytes a job stores
 * (`stored_bytes`: name, tags, request and results, for a per-token storage quota), the listing indexes (an
 * owner's jobs newest first, by status, by platform) and the retention index on finished jobs' stop time.
 */
const MIGRATION_V2 = `
ALTER TABLE jobs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE jobs ADD COLUMN max_execution_time REAL;
ALTER TABLE jobs ADD COLUMN run_seconds REAL;
ALTER TABLE jobs ADD COLUMN samples INTEGER;
ALTER TABLE jobs ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;

CREATE TABLE job_tags (
  owner  TEXT NOT NULL,
  tag    TEXT NOT NULL,
  seq    INTEGER NOT NULL,
  PRIMARY KEY (owner, tag, seq)
) WITHOUT ROWID;

CREATE INDEX jobs_by_owner ON jobs (owner, seq DESC);
CREATE INDEX jobs_by_owner_status ON jobs (owner, status, seq DESC);
CREATE INDEX jobs_by_owner_platform ON jobs (owner, platform, seq DESC);
CREATE INDEX jobs_finished_by_stop ON jobs (stopped_at) WHERE status IN ('completed', 'error', 'canceled');

UPDATE jobs SET
  stored_bytes = length(CAST(coalesce(name, '') AS BLOB)) + length(CAST(request AS BLOB))
    + length(CAST(coalesce(results, '') AS BLOB)) + 2,
  run_seconds = CASE WHEN status IN ('completed', 'error', 'canceled') AND started_at IS NOT NULL
    THEN max(0, stopped_at - started_at) END;
`;

/**
 * Version 3: the bytes each owner stores (`owner_storage`), kept by triggers as jobs are created, change and are
 * deleted, so that the per-token storage quota is one lookup however many jobs a token has.
 */
const MIGRATION_V3 = `
CREATE TABLE owner_storage (
  owner         TEXT PRIMARY KEY,
  stored_bytes  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO owner_storage (owner, stored_bytes) SELECT owner, sum(stored_bytes) FROM jobs GROUP BY owner;

CREATE TRIGGER jobs_storage_insert AFTER INSERT ON jobs BEGIN
  INSERT OR IGNORE INTO owner_storage (owner) VALUES (NEW.owner);
  UPDATE owner_storage SET stored_bytes = stored_bytes + NEW.stored_bytes WHERE owner = NEW.owner;
END;
CREATE TRIGGER jobs_storage_update AFTER UPDATE OF stored_bytes ON jobs BEGIN
  UPDATE owner_storage SET stored_bytes = stored_bytes + NEW.stored_bytes - OLD.stored_bytes
  WHERE owner = NEW.owner;
END;
CREATE TRIGGER jobs_storage_delete AFTER DELETE ON jobs BEGIN
  UPDATE owner_storage SET stored_bytes = stored_bytes - OLD.stored_bytes WHERE owner = OLD.owner;
END;
`;

/**
 * Version 4: jobs by creation time. The store stamps creations with times that never decrease along `seq` (a clock
 * stepping back repeats the last time), so a creation-time bound of a listing is a `seq` bound found in this index,
 * and a page filtered by creation time costs its own rows wherever it lies among a million jobs.
 */
const MIGRATION_V4 = `
CREATE INDEX jobs_by_creation ON jobs (created_at);
`;

/**
 * Version 5: the creations the database holds (`store_counters.creations`, every job ever inserted, counted by a
 * trigger in the creating transaction), checked at start against the count acknowledged to clients
 * (`acknowledged-creations.ts`). An upgraded database starts from its number of jobs.
 */
const MIGRATION_V5 = `
CREATE TABLE store_counters (
  name   TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO store_counters (name, value) SELECT 'creations', count(*) FROM jobs;

CREATE TRIGGER jobs_count_creations AFTER INSERT ON jobs BEGIN
  UPDATE store_counters SET value = value + 1 WHERE name = 'creations';
END;
`;

/** Steps from each version to the next: `MIGRATIONS[v]` upgrades a database of version `v`. */
const MIGRATIONS: readonly string[] = [SCHEMA_V1, MIGRATION_V2, MIGRATION_V3, MIGRATION_V4, MIGRATION_V5];

/**
 * Creates the tables of a new database, upgrades one of an older version in place, or checks that an existing
 * one has a schema this version knows.
 * @throws BosonicError (`ERR_STORE_SCHEMA`) for a database written by a newer server.
 */
export function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) {
    throw new BosonicError(
      `The job database has schema version ${version}, newer than this server's (${SCHEMA_VERSION}): upgrade the server`,
      'ERR_STORE_SCHEMA',
    );
  }
  // Every step in one transaction: a database is at one version or the next, never in between.
  db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
