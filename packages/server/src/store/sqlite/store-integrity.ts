import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { BosonicError } from '@bosonic/core';
import type { Database } from 'better-sqlite3';
import { inspectWriteAheadLog } from './wal-check.js';

/**
 * The job database must never start silently empty or damaged: a truncated `jobs.sqlite` would otherwise open as
 * a fresh database (every job gone without a word), and a damaged one would answer 500s later. A marker file
 * beside the database records that a database was created there; SQLite's `quick_check` verifies the file.
 */

/** The marker beside the database (`jobs.sqlite.marker`): its presence means a database was created here. */
export function markerOf(file: string): string {
  return `${file}.marker`;
}

const RESTORE_HINT = 'restore it from a backup (see "Backup and restore" in the README of @bosonic/server)';

/**
 * Before opening: refuses a missing or 0-byte database where the marker says one existed.
 * @throws BosonicError `ERR_STORE_EMPTY` naming the file and what to do.
 */
export function checkNotVanished(file: string): void {
  const marker = markerOf(file);
  if (!existsSync(marker)) return;
  const size = existsSync(file) ? statSync(file).size : -1;
  if (size > 0) return;
  throw vanished(file, size < 0 ? 'is missing' : 'is empty (0 bytes)');
}

/** The write-ahead log beside the database (`jobs.sqlite-wal`). */
export function walOf(file: string): string {
  return `${file}-wal`;
}

/**
 * Before opening: a write-ahead log left by a stop that was not clean (a clean stop folds the log into the database
 * and removes it) must hold no transaction SQLite would silently drop (see `wal-check.ts` for the rule). With
 * `acceptLoss`, the operator has chosen to start anyway: SQLite replays what it can read and drops the rest.
 * @throws BosonicError `ERR_STORE_CORRUPT` naming the log, the damage and what to do.
 */
export function checkWriteAheadLog(file: string, acceptLoss: boolean): void {
  if (acceptLoss) return;
  const wal = walOf(file);
  const { damage } = inspectWriteAheadLog(wal);
  if (damage === undefined) return;
  throw new BosonicError(
    `The write-ahead log ${wal} of the job database ${file} is damaged: ${damage}. The server was not stopped ` +
      `cleanly and does not start on it: ${RESTORE_HINT} (both files); or, to keep the jobs before the damage and ` +
      'lose the later ones, start once with `--accept-wal-loss` (`acceptWalLoss: true`), which lets SQLite replay ' +
      'what it can read.',
    'ERR_STORE_CORRUPT',
  );
}

/**
 * After opening: `PRAGMA quick_check` (every page of every table and index is well formed; seconds for a
 * gigabyte), and a database without the job tables where the marker says there was one.
 * @throws BosonicError `ERR_STORE_CORRUPT` or `ERR_STORE_EMPTY` naming the file and what to do.
 */
export function checkIntegrity(db: Database, file: string): void {
  let problems: string[];
  try {
    problems = (db.pragma('quick_check(20)', { simple: false }) as { quick_check: string }[]).map(
      (row) => row.quick_check,
    );
  } catch (error) {
    throw corrupt(file, (error as Error).message, error);
  }
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw corrupt(file, problems.slice(0, 3).join('; '));
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0 && existsSync(markerOf(file))) {
    throw vanished(file, 'holds no job tables');
  }
}

/** Writes the marker (once): from now on, this database must not vanish. Readable by its owner only. */
export function writeMarker(file: string): void {
  const marker = markerOf(file);
  if (existsSync(marker)) return;
  const fd = openSync(marker, 'wx', 0o600);
  try {
    writeSync(
      fd,
      'A bosonic job database was created beside this file. The server refuses to start if that database is\n' +
        'missing or empty while this marker exists. Delete this marker only to start afresh on purpose.\n',
    );
  } finally {
    closeSync(fd);
  }
}

/** Whether an error of better-sqlite3 says the file is not a database or is damaged. */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

export function corrupt(file: string, detail: string, cause?: unknown): BosonicError {
  return new BosonicError(
    `The job database ${file} is damaged (${detail}). The server does not start on it: ${RESTORE_HINT}; ` +
      `or move it away to start with an empty store (sqlite3's ".recover" command may save jobs from the copy).`,
    'ERR_STORE_CORRUPT',
    cause === undefined ? undefined : { cause },
  );
}

function vanished(file: string, how: string): BosonicError {
  const marker = markerOf(file);
  return new BosonicError(
    `The job database ${file} ${how}, but a job database was created there before (${marker} exists): it was ` +
      `truncated, deleted or replaced. The server does not start on it: ${RESTORE_HINT}; to start with an empty ` +
      `job store on purpose, delete ${marker}.`,
    'ERR_STORE_EMPTY',
  );
}
