import { BosonicError } from '@bosonic/core';
import type { Database } from 'better-sqlite3';

/** Version of the schema below, kept in SQLite's `user_version`. */
export const SCHEMA_VERSION = 1;

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
 * Creates the tables of a new database, or checks that an existing one has a schema this version knows.
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
  db.transaction(() => {
    db.exec(SCHEMA_V1);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
