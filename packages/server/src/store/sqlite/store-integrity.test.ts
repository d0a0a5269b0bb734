import { closeSync, existsSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BosonicError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../testing/cleanups.js';
import { SqliteJobStore } from './sqlite-job-store.js';
import { markerOf } from './store-integrity.js';

/**
 * Issue 14, item 10: a damaged or vanished job database is never opened silently. A database truncated to 0
 * bytes (where one existed), garbage written in the middle of the file or over its header: each is refused with
 * a message naming the file and what to do, instead of starting empty or answering 500s later.
 */

const { dataDir } = cleanupAfterEach();
const OWNER = 'a'.repeat(64);

/** A closed database of `count` jobs with 4 kB requests (about 50 pages of 4 kB each for 50 jobs). */
async function databaseWithJobs(count: number): Promise<string> {
  const file = join(dataDir(), 'jobs.sqlite');
  const store = SqliteJobStore.open({ file, fsync: false });
  for (let i = 0; i < count; i++) {
    const request = JSON.stringify({ job: i, padding: 'p'.repeat(4000) });
    await store.createJob(
      { id: `job-${i}`, owner: OWNER, platform: 'sim:slos', name: 'n', request },
      { maxActive: 1000 },
    );
  }
  await store.close();
  return file;
}

function openError(file: string): BosonicError {
  try {
    SqliteJobStore.open({ file, fsync: false });
  } catch (error) {
    expect(error).toBeInstanceOf(BosonicError);
    return error as BosonicError;
  }
  throw new Error(`${file} opened`);
}

describe('the job database at start', () => {
  it('leaves a marker once created, with its tables in the database file itself (not only in its log)', async () => {
    const file = join(dataDir(), 'jobs.sqlite');
    const store = SqliteJobStore.open({ file, fsync: false });
    try {
      expect(existsSync(markerOf(file))).toBe(true);
      expect((statSync(markerOf(file)).mode & 0o777).toString(8)).toBe('600');
      expect(statSync(file).size).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('refuses a database truncated to 0 bytes where one existed, naming the file, the marker and what to do', async () => {
    const file = await databaseWithJobs(50);
    truncateSync(file, 0);
    const error = openError(file);
    expect(error.code).toBe('ERR_STORE_EMPTY');
    expect(error.message).toContain(`The job database ${file} is empty (0 bytes)`);
    expect(error.message).toContain('restore it from a backup');
    expect(error.message).toContain(`delete ${markerOf(file)}`);
    // A deleted database too.
    rmSync(file);
    expect(openError(file).message).toContain(`${file} is missing`);
    // Starting afresh is a deliberate act: deleting the marker.
    rmSync(markerOf(file));
    const fresh = SqliteJobStore.open({ file, fsync: false });
    expect(await fresh.getStatus('job-0', OWNER)).toBeUndefined();
    await fresh.close();
  });

  it('refuses a database with 64 KiB of garbage in the middle', async () => {
    const file = await databaseWithJobs(50);
    expect(statSync(file).size).toBeGreaterThan(192 * 1024);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(64 * 1024, 0xa5), 0, 64 * 1024, 64 * 1024);
    closeSync(fd);
    const error = openError(file);
    expect(error.code).toBe('ERR_STORE_CORRUPT');
    expect(error.message).toContain(`The job database ${file} is damaged`);
    expect(error.message).toContain('restore it from a backup');
  });

  it('refuses a file that is not a database at all (its header overwritten)', async () => {
    const file = await databaseWithJobs(2);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('this is not an SQLite database, it is garbage'), 0, 45, 0);
    closeSync(fd);
    expect(openError(file).code).toBe('ERR_STORE_CORRUPT');
  });
});
