import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BosonicError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../testing/cleanups.js';
import { damageWalFrame, walFrameCount } from '../../testing/wal-damage.js';
import { acknowledgedOf, readAcknowledged } from './acknowledged-creations.js';
import { SqliteJobStore } from './sqlite-job-store.js';
import { markerOf, walOf } from './store-integrity.js';
import { inspectWriteAheadLog } from './wal-check.js';

/**
 * Issue 14, item 10: damage to the LAST transaction of the write-ahead log looks like the torn write a crash
 * leaves, and SQLite drops it silently. When that transaction created jobs whose ids were returned, the store
 * refuses to start: it counts creations in the database and records the count acknowledged to clients beside it.
 * "A crash" here is a copy of the store's files taken while it is open (what `kill -9` leaves on the disk).
 */

const { defer, dataDir } = cleanupAfterEach();
const OWNER = 'a'.repeat(64);

/** An open store (fsynced creations, as served) with `count` jobs created one after another, each acknowledged. */
async function storeWithJobs(count: number): Promise<{ store: SqliteJobStore; file: string }> {
  const file = join(dataDir(), 'jobs.sqlite');
  const store = SqliteJobStore.open({ file });
  defer(() => store.close());
  for (let i = 1; i <= count; i++) await createJob(store, i);
  return { store, file };
}

async function createJob(store: SqliteJobStore, i: number): Promise<void> {
  const request = JSON.stringify({ job: i, padding: 'p'.repeat(2000) });
  const outcome = await store.createJob(
    { id: `job-${i}`, owner: OWNER, platform: 'sim:slos', name: `n${i}`, request },
    { maxActive: 1000 },
  );
  expect(outcome).toEqual({ kind: 'created', id: `job-${i}` });
}

/** The store's files as a crash would leave them, copied to a directory of their own (`acknowledged` replaced). */
function crashImage(file: string, acknowledged = acknowledgedOf(file)): string {
  const image = join(dataDir(), 'jobs.sqlite');
  copyFileSync(file, image);
  copyFileSync(walOf(file), walOf(image));
  copyFileSync(markerOf(file), markerOf(image));
  copyFileSync(acknowledged, acknowledgedOf(image));
  return image;
}

/** Overwrites 64 bytes in the page of the log's last frame: the commit frame of its last transaction. */
function damageLastFrame(wal: string): void {
  damageWalFrame(wal, walFrameCount(wal) - 1, 100);
}

function openError(file: string): BosonicError {
  try {
    const store = SqliteJobStore.open({ file });
    defer(() => store.close());
  } catch (error) {
    expect(error).toBeInstanceOf(BosonicError);
    return error as BosonicError;
  }
  throw new Error(`${file} opened`);
}

describe('acknowledged creations', () => {
  it('are recorded once on disk, and the record is removed by a clean stop', async () => {
    const { store, file } = await storeWithJobs(3);
    expect(readAcknowledged(file)).toBe(3);
    expect((statSync(acknowledgedOf(file)).mode & 0o777).toString(8)).toBe('600');
    await store.close();
    expect(existsSync(acknowledgedOf(file))).toBe(false);
    // Counted in the database: a reopened store goes on from there.
    const reopened = SqliteJobStore.open({ file });
    defer(() => reopened.close());
    await createJob(reopened, 4);
    expect(readAcknowledged(file)).toBe(4);
  });

  it('refuse a log whose damaged last transaction created an acknowledged job', async () => {
    const { file } = await storeWithJobs(3);
    const image = crashImage(file);
    damageLastFrame(walOf(image));
    // The log alone looks like a torn last write: nothing committed follows the damaged frame.
    expect(inspectWriteAheadLog(walOf(image)).damage).toBeUndefined();
    const error = openError(image);
    expect(error.code).toBe('ERR_STORE_CORRUPT');
    expect(error.message).toContain(
      `The job database ${image} holds 2 job creations, but 3 were acknowledged`,
    );
    expect(error.message).toContain('the last 1 accepted jobs are missing');
    expect(error.message).toContain('--accept-wal-loss');
    // Refused again at the next start: the record stays until the operator decides.
    expect(openError(image).code).toBe('ERR_STORE_CORRUPT');
  });

  it('start on what remains with acceptWalLoss, counting from there', async () => {
    const { file } = await storeWithJobs(3);
    const image = crashImage(file);
    damageLastFrame(walOf(image));
    const store = SqliteJobStore.open({ file: image, acceptWalLoss: true });
    defer(() => store.close());
    expect(await store.getStatus('job-2', OWNER)).toMatchObject({ status: 'waiting' });
    expect(await store.getStatus('job-3', OWNER)).toBeUndefined();
    expect(readAcknowledged(image)).toBe(2);
  });

  it('accept a torn last write of a creation not yet acknowledged', async () => {
    const { store, file } = await storeWithJobs(2);
    // The crash comes before the third creation is acknowledged: the record still says 2.
    const before = join(dataDir(), 'acknowledged-before');
    copyFileSync(acknowledgedOf(file), before);
    await createJob(store, 3);
    const image = crashImage(file, before);
    damageLastFrame(walOf(image));
    const reopened = SqliteJobStore.open({ file: image });
    defer(() => reopened.close());
    expect(await reopened.getStatus('job-2', OWNER)).toMatchObject({ status: 'waiting' });
    expect(await reopened.getStatus('job-3', OWNER)).toBeUndefined();
  });
});
