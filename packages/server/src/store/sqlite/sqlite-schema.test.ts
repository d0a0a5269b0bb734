import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BosonicError } from '@bosonic/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteJobStore } from './sqlite-job-store.js';
import { migrate, SCHEMA_VERSION } from './sqlite-schema.js';

/** The tables a server of schema version 1 created (as released), to upgrade in place. */
const VERSION_1 = `
CREATE TABLE tokens (digest TEXT PRIMARY KEY, source TEXT NOT NULL, created_at REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, owner TEXT NOT NULL, platform TEXT NOT NULL, name TEXT,
  request TEXT NOT NULL, status TEXT NOT NULL, progress REAL NOT NULL DEFAULT 0, progress_message TEXT,
  status_message TEXT, created_at REAL NOT NULL, started_at REAL, stopped_at REAL, results TEXT,
  attempt INTEGER NOT NULL DEFAULT 0, idempotency_key TEXT, request_digest TEXT, rerun_of TEXT,
  quick INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jobs_waiting ON jobs (seq) WHERE status = 'waiting';
CREATE INDEX jobs_waiting_quick ON jobs (seq) WHERE status = 'waiting' AND quick = 1;
CREATE INDEX jobs_active_by_owner ON jobs (owner) WHERE status IN ('waiting', 'running', 'cancel_requested');
CREATE INDEX jobs_running ON jobs (status) WHERE status IN ('running', 'cancel_requested');
CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
PRAGMA user_version = 1;
`;

const OWNER = 'a'.repeat(64);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bosonic-schema-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('job store schema', () => {
  it('upgrades a version 1 database in place, keeping its jobs and filling the new columns', async () => {
    const file = join(dir, 'jobs.sqlite');
    const v1 = new Database(file);
    v1.exec(VERSION_1);
    v1.prepare(
      `INSERT INTO jobs (id, owner, platform, name, request, status, created_at, started_at, stopped_at, results)
       VALUES ('old', ?, 'sim:slos', 'hom', '{"r":1}', 'completed', 100, 110, 125, '{"x":2}')`,
    ).run(OWNER);
    v1.close();

    const store = SqliteJobStore.open({ file });
    try {
      expect(await store.getStatus('old', OWNER)).toMatchObject({
        name: 'hom',
        tags: [],
        status: 'completed',
      });
      expect(await store.usage(OWNER, {})).toEqual([
        { platform: 'sim:slos', jobs: 1, runSeconds: 15, samples: 0 },
      ]);
      expect(await store.setTags('old', OWNER, ['migrated'])).toBe(true);
      expect((await store.listJobs(OWNER, { tags: ['migrated'] }, { limit: 5 })).jobs).toHaveLength(1);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      // name (3) + tags '["migrated"]' (12) + request (7) + results (7).
      expect(db.prepare("SELECT stored_bytes FROM jobs WHERE id = 'old'").pluck().get()).toBe(29);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer server', () => {
    const db = new Database(join(dir, 'new.sqlite'));
    try {
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      expect(() => migrate(db)).toThrow(BosonicError);
      expect(() => migrate(db)).toThrow(/newer than this server/);
    } finally {
      db.close();
    }
  });
});
