import { closeSync, ftruncateSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { BosonicError } from '@bosonic/core';
import type { Database } from 'better-sqlite3';

/**
 * The record of acknowledged creations: damage to the LAST transaction of the write-ahead log looks exactly like
 * the torn write a crash leaves (see `wal-check.ts`), and SQLite drops it without a word. When that transaction
 * created jobs whose ids were already returned, accepted jobs are lost. To tell the two apart the store counts
 * creations in the database (`store_counters.creations`, incremented by a trigger in the creating transaction)
 * and, once a batch of creations is on disk and before any of their ids is returned, writes that count to
 * `jobs.sqlite.acknowledged` beside the database (a few bytes rewritten in place, without an fsync of its own:
 * it is written after the log's fsync, so it never counts a creation the log does not hold durably). At start,
 * after SQLite has replayed the log, the database must hold at least the recorded count; fewer means acknowledged
 * creations were dropped. A clean stop (the log folded into the database) removes the record.
 *
 * Not covered: writes that are not creations (status changes, results, cancellations, tag edits, deletions) are
 * not acknowledged as durable and are not counted; after a power loss the record itself may be older than the
 * log (its write not yet on disk), so the loss of the creations acknowledged just before it goes unseen.
 */

/** The record beside the database (`jobs.sqlite.acknowledged`). */
export function acknowledgedOf(file: string): string {
  return `${file}.acknowledged`;
}

/** Creations the database holds (every job ever inserted, deleted ones included). */
export const CREATIONS_SQL = "SELECT value FROM store_counters WHERE name = 'creations'";

function countedCreations(db: Database): number {
  return db.prepare<[], number>(CREATIONS_SQL).pluck().get() ?? 0;
}

/** The recorded count, or undefined without a record (first start, or the last stop was clean). */
export function readAcknowledged(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(acknowledgedOf(file), 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  const count = Number(text.trim());
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new BosonicError(
      `${acknowledgedOf(file)} does not hold a count of acknowledged job creations ("${text.slice(0, 40)}"): it ` +
        'was damaged or replaced. Check the job database, then delete the file to start.',
      'ERR_STORE_CORRUPT',
    );
  }
  return count;
}

/**
 * After SQLite opened the database (and replayed its log): refuses a database holding fewer creations than were
 * acknowledged. With `acceptLoss` the operator starts anyway on what remains.
 * @throws BosonicError `ERR_STORE_CORRUPT` naming the files, how many acknowledged creations are missing and what
 *   to do.
 */
export function checkAcknowledgedCreations(db: Database, file: string, acceptLoss: boolean): void {
  const recorded = readAcknowledged(file);
  if (recorded === undefined || acceptLoss) return;
  const held = countedCreations(db);
  if (held >= recorded) return;
  throw new BosonicError(
    `The job database ${file} holds ${held} job creations, but ${recorded} were acknowledged to clients ` +
      `(${acknowledgedOf(file)}, written once each was on disk): the last ${recorded - held} accepted jobs are ` +
      'missing. The last transaction of its write-ahead log was damaged (SQLite drops a damaged last transaction ' +
      'as if a crash had cut it short), or the log was removed. The server does not start on it: restore the ' +
      'database from a backup (see "Backup and restore" in the README of @bosonic/server); or, to keep the jobs ' +
      'that remain, start once with `--accept-wal-loss` (`acceptWalLoss: true`).',
    'ERR_STORE_CORRUPT',
  );
}

/** Writes the record as batches of creations are acknowledged; removed by a clean stop. */
export class AcknowledgedCreations {
  readonly #file: string;
  #fd: number | undefined;
  #recorded = -1;

  constructor(databaseFile: string) {
    this.#file = acknowledgedOf(databaseFile);
  }

  /** Records `count` creations as acknowledged (never fewer than already recorded). */
  record(count: number): void {
    if (count <= this.#recorded) return;
    this.#fd ??= openSync(this.#file, 'w', 0o600);
    const text = `${count}\n`;
    writeSync(this.#fd, text, 0, 'utf8');
    ftruncateSync(this.#fd, Buffer.byteLength(text));
    this.#recorded = count;
  }

  /** After a clean stop: the log is folded into the database, nothing is left to check. */
  remove(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    try {
      unlinkSync(this.#file);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
    }
  }
}
