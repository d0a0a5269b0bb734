import { closeSync, copyFileSync, openSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../testing/cleanups.js';
import { inspectWriteAheadLog } from './wal-check.js';

/**
 * Issue 14, item 10: SQLite replays a write-ahead log up to its first invalid frame and silently drops the rest.
 * The inspection tells a damaged log (a transaction committed after an invalid frame) from what a crash leaves:
 * old frames of an earlier generation, a torn last write. Logs here are written by SQLite itself, and "a crash" is
 * a copy of the database and its log taken while the connection is open.
 */

const { defer, dataDir } = cleanupAfterEach();

interface Writer {
  db: Database.Database;
  file: string;
}

/** A database in WAL mode that never checkpoints on its own, with one row written per transaction. */
function writer(): Writer {
  const file = join(dataDir(), 'source.sqlite');
  const db = new Database(file);
  defer(() => db.close());
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE jobs (n INTEGER PRIMARY KEY, body TEXT)');
  return { db, file };
}

/** Commits `count` transactions of one row each (2 kB, so that the pages change from one to the next). */
function commit(w: Writer, from: number, count: number): void {
  const insert = w.db.prepare('INSERT INTO jobs (n, body) VALUES (?, ?)');
  for (let n = from; n < from + count; n++) insert.run(n, `job ${n} `.repeat(250));
}

/** The database and its log as a `kill -9` would leave them, copied to a directory of their own. */
function crashImage(w: Writer): { file: string; wal: string } {
  const file = join(dataDir(), 'jobs.sqlite');
  copyFileSync(w.file, file);
  copyFileSync(`${w.file}-wal`, `${file}-wal`);
  return { file, wal: `${file}-wal` };
}

function pageSize(wal: string): number {
  const header = Buffer.alloc(32);
  const fd = openSync(wal, 'r');
  readSync(fd, header, 0, 32, 0);
  closeSync(fd);
  return header.readUInt32BE(8);
}

/** Overwrites 64 bytes in the middle of frame `index`'s page (0-based), as a bad sector or a stray write would. */
function damageFrame(wal: string, index: number): void {
  const frameBytes = 24 + pageSize(wal);
  const fd = openSync(wal, 'r+');
  writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 32 + index * frameBytes + 24 + 1000);
  closeSync(fd);
}

/**
 * Rows SQLite finds when it opens a copy of the image (replaying what it can read of the log; 0 without the table,
 * created in the log too). A copy: closing the database folds the log into it and removes it.
 */
function countRows(image: { file: string; wal: string }): number {
  const file = join(dataDir(), 'replayed.sqlite');
  copyFileSync(image.file, file);
  copyFileSync(image.wal, `${file}-wal`);
  const db = new Database(file);
  try {
    const table = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'jobs'").pluck().get();
    return table === 0 ? 0 : (db.prepare('SELECT count(*) FROM jobs').pluck().get() as number);
  } finally {
    db.close();
  }
}

describe('the write-ahead log left by a crash', () => {
  it('is sound when it holds 20 committed transactions, all of which SQLite replays', () => {
    const w = writer();
    commit(w, 0, 20);
    const image = crashImage(w);
    const { wal } = image;
    const inspection = inspectWriteAheadLog(wal);
    expect(inspection.damage).toBeUndefined();
    // The table's creation is in the log too: 21 transactions.
    expect(inspection.committedTransactions).toBe(21);
    expect(inspection.validFrames).toBe(inspection.frames);
    expect(countRows(image)).toBe(20);
  });

  it('is damaged when a frame in the middle is overwritten: SQLite would drop the transactions after it', () => {
    const w = writer();
    commit(w, 0, 20);
    const image = crashImage(w);
    const { wal } = image;
    const frames = inspectWriteAheadLog(wal).frames;
    damageFrame(wal, Math.floor(frames / 2));
    const inspection = inspectWriteAheadLog(wal);
    expect(inspection.damage).toContain(`frame ${Math.floor(frames / 2) + 1} of ${frames} is invalid`);
    expect(inspection.damage).toContain('silently drop every one after it');
    expect(inspection.committedTransactions).toBeLessThan(21);
    // What the check prevents: SQLite opens the damaged log without a word and 20 rows become fewer.
    expect(countRows(image)).toBe(inspection.committedTransactions - 1);
    expect(countRows(image)).toBeLessThan(20);
  });

  it('is sound when the last write is torn (cut short, or its last frame not written), losing only that transaction', () => {
    const w = writer();
    commit(w, 0, 20);
    const image = crashImage(w);
    const { wal } = image;
    const { frames } = inspectWriteAheadLog(wal);
    damageFrame(wal, frames - 1);
    const torn = inspectWriteAheadLog(wal);
    expect(torn.damage).toBeUndefined();
    expect(torn.committedTransactions).toBe(20);
    expect(countRows(image)).toBe(19);
    // A log cut in the middle of its last frame.
    truncateSync(wal, statSync(wal).size - 1000);
    expect(inspectWriteAheadLog(wal)).toMatchObject({ damage: undefined, frames: frames - 1 });
  });

  it('is sound when old frames of an earlier generation follow the current ones (after a checkpoint)', () => {
    const w = writer();
    commit(w, 0, 30);
    // Every frame is copied into the database; the next transaction writes the log again from its start, with
    // new salts, over the old frames.
    w.db.pragma('wal_checkpoint(PASSIVE)');
    commit(w, 30, 3);
    const image = crashImage(w);
    const { wal } = image;
    const inspection = inspectWriteAheadLog(wal);
    expect(inspection.damage).toBeUndefined();
    expect(inspection.committedTransactions).toBe(3);
    expect(inspection.validFrames).toBeLessThan(inspection.frames);
    expect(countRows(image)).toBe(33);
    // Damage to an old frame (already in the database) loses nothing either.
    damageFrame(wal, inspection.frames - 2);
    expect(inspectWriteAheadLog(wal).damage).toBeUndefined();
    expect(countRows(image)).toBe(33);
  });

  it('is damaged when its header is (SQLite would ignore the whole log)', () => {
    const w = writer();
    commit(w, 0, 5);
    const image = crashImage(w);
    const { wal } = image;
    const fd = openSync(wal, 'r+');
    writeSync(fd, Buffer.from([0xff]), 0, 1, 17); // a salt byte: the header's checksum no longer matches
    closeSync(fd);
    expect(inspectWriteAheadLog(wal).damage).toBe('its header fails its checksum');
    expect(countRows(image)).toBe(0);
    truncateSync(wal, 20);
    expect(inspectWriteAheadLog(wal).damage).toBe('its header is cut short (20 bytes, a header has 32)');
  });

  it('is absent or empty after a clean stop', () => {
    const w = writer();
    commit(w, 0, 5);
    w.db.pragma('wal_checkpoint(TRUNCATE)');
    const { wal } = crashImage(w);
    expect(statSync(wal).size).toBe(0);
    expect(inspectWriteAheadLog(wal)).toMatchObject({ bytes: 0, damage: undefined });
    expect(inspectWriteAheadLog(join(dataDir(), 'none.sqlite-wal'))).toMatchObject({
      bytes: 0,
      damage: undefined,
    });
  });
});
