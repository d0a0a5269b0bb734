import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BosonicError } from '@bosonic/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewJob } from '../job-record.js';
import { SqliteJobStore } from './sqlite-job-store.js';

const ALICE = 'a'.repeat(64);
const BOB = 'b'.repeat(64);

let dir: string;
let clock: number;
let store: SqliteJobStore;

function open(): SqliteJobStore {
  return SqliteJobStore.open({ file: join(dir, 'jobs.db'), now: () => clock, busyTimeoutMs: 50 });
}

function job(id: string, owner = ALICE, extra: Partial<NewJob> = {}): NewJob {
  return { id, owner, platform: 'sim:slos', name: 'probs', request: `{"job":"${id}"}`, ...extra };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bosonic-store-'));
  clock = 1_700_000_000;
  store = open();
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteJobStore', () => {
  it('stores a job as waiting, visible to its owner only', async () => {
    expect(await store.createJob(job('j1'), { maxActive: 10 })).toEqual({ kind: 'created', id: 'j1' });
    expect(await store.getStatus('j1', ALICE)).toEqual({
      id: 'j1',
      name: 'probs',
      platform: 'sim:slos',
      tags: [],
      maxExecutionTime: null,
      status: 'waiting',
      progress: 0,
      progressMessage: null,
      statusMessage: null,
      createdAt: clock,
      startedAt: null,
      stoppedAt: null,
    });
    expect(await store.getStatus('j1', BOB)).toBeUndefined();
    expect(await store.getResults('j1', BOB)).toBeUndefined();
    expect(await store.requestCancel('j1', BOB)).toEqual({ kind: 'not_found' });
    expect((await store.getRequest('j1', ALICE))?.request).toBe('{"job":"j1"}');
  });

  it('commits a creation before resolving it: a second opening sees it', async () => {
    await store.createJob(job('durable'), { maxActive: 10 });
    await store.close();
    store = open();
    expect((await store.getStatus('durable', ALICE))?.status).toBe('waiting');
  });

  it('refuses a second server on the same database', () => {
    let failure: unknown;
    try {
      open().close();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(BosonicError);
    expect((failure as BosonicError).code).toBe('ERR_STORE_LOCKED');
    expect((failure as Error).message).toContain('in use by another bosonic server');
  });

  it('enforces the quota per owner, counting unfinished jobs, atomically within a batch', async () => {
    const outcomes = await Promise.all(
      ['q1', 'q2', 'q3'].map((id) => store.createJob(job(id), { maxActive: 2 })),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(['created', 'created', 'quota']);
    expect(outcomes[2]).toEqual({ kind: 'quota', active: 2, max: 2 });
    expect((await store.createJob(job('other', BOB), { maxActive: 2 })).kind).toBe('created');
    expect(await store.countActive(ALICE)).toBe(2);
    // A finished job frees its slot.
    await store.requestCancel('q1', ALICE);
    expect(await store.countActive(ALICE)).toBe(1);
    expect((await store.createJob(job('q4'), { maxActive: 2 })).kind).toBe('created');
  });

  it('enforces the storage quota atomically: of 20 creations at once against a quota admitting 5, exactly 5 pass', async () => {
    // Each job stores 20 bytes: name 'probs' (5) + request '{"job":"sNN"}' (13) + tags '[]' (2).
    const maxStoredBytes = 5 * 20 + 19;
    const ids = Array.from({ length: 20 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const outcomes = await Promise.all(
      ids.map((id) => store.createJob(job(id), { maxActive: 100, maxStoredBytes })),
    );
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(5);
    expect(outcomes[5]).toEqual({ kind: 'storage_quota', stored: 100, needed: 20, max: maxStoredBytes });
    expect(outcomes.slice(5).every((o) => o.kind === 'storage_quota')).toBe(true);
    expect(await store.storedBytes(ALICE)).toBe(100);
    // Each owner has its own quota.
    expect((await store.createJob(job('s99', BOB), { maxActive: 100, maxStoredBytes })).kind).toBe('created');
  });

  it('answers the same job for the same owner and idempotency key, and a conflict for another body', async () => {
    const first = job('k1', ALICE, { idempotencyKey: 'key-1', requestDigest: 'd1' });
    const [a, b] = await Promise.all([
      store.createJob(first, { maxActive: 10 }),
      store.createJob({ ...first, id: 'k1-retry' }, { maxActive: 10 }),
    ]);
    expect(a).toEqual({ kind: 'created', id: 'k1' });
    expect(b).toEqual({ kind: 'existing', id: 'k1' });
    expect(
      await store.createJob({ ...first, id: 'k1-other', requestDigest: 'd2' }, { maxActive: 10 }),
    ).toEqual({ kind: 'key_conflict', id: 'k1' });
    // Keys are per owner.
    expect(await store.createJob({ ...first, id: 'k1-bob', owner: BOB }, { maxActive: 10 })).toEqual({
      kind: 'created',
      id: 'k1-bob',
    });
    // A replay is answered even when the quota is full.
    expect(await store.createJob({ ...first, id: 'k1-again' }, { maxActive: 0 })).toEqual({
      kind: 'existing',
      id: 'k1',
    });
  });

  it('hands out waiting jobs oldest first, each once', async () => {
    for (const id of ['first', 'second']) await store.createJob(job(id), { maxActive: 10 });
    clock += 5;
    const claimed = await store.claimNext();
    expect(claimed).toEqual({
      id: 'first',
      platform: 'sim:slos',
      request: '{"job":"first"}',
      attempt: 1,
      quick: false,
      maxExecutionTime: null,
    });
    expect((await store.claimNext())?.id).toBe('second');
    expect(await store.claimNext()).toBeUndefined();
    const status = await store.getStatus('first', ALICE);
    expect(status?.status).toBe('running');
    expect(status?.startedAt).toBe(clock);
  });

  it('hands out the oldest tiny job when only a tiny one fits', async () => {
    await store.createJob(job('large'), { maxActive: 10 });
    await store.createJob(job('tiny', ALICE, { quick: true }), { maxActive: 10 });
    expect(await store.claimNext({ quickOnly: true })).toMatchObject({ id: 'tiny', quick: true });
    expect(await store.claimNext({ quickOnly: true })).toBeUndefined();
    expect(await store.claimNext()).toMatchObject({ id: 'large', quick: false });
  });

  it('keeps progress monotonic and records the outcome of the current run only', async () => {
    await store.createJob(job('p'), { maxActive: 10 });
    const { attempt } = (await store.claimNext())!;
    await store.reportProgress('p', attempt, 0.5, 'half way');
    await store.reportProgress('p', attempt, 0.25, 'late message');
    await store.reportProgress('p', attempt + 1, 0.9, 'superseded run');
    expect(await store.getStatus('p', ALICE)).toMatchObject({
      progress: 0.5,
      progressMessage: 'late message',
    });
    clock += 2;
    expect(
      await store.finishJob('p', attempt + 1, { status: 'completed', results: '{}', message: null }),
    ).toBe(false);
    expect(
      await store.finishJob('p', attempt, { status: 'completed', results: '{"r":1}', message: null }),
    ).toBe(true);
    expect(await store.getStatus('p', ALICE)).toMatchObject({
      status: 'completed',
      progress: 1,
      stoppedAt: clock,
    });
    expect(await store.getResults('p', ALICE)).toEqual({
      id: 'p',
      status: 'completed',
      statusMessage: null,
      results: '{"r":1}',
    });
    // A finished job stays finished.
    expect(await store.finishJob('p', attempt, { status: 'error', results: null, message: 'late' })).toBe(
      false,
    );
    expect(await store.requestCancel('p', ALICE)).toEqual({ kind: 'unchanged', status: 'completed' });
  });

  it('cancels a waiting job at once and asks a running one to stop', async () => {
    await store.createJob(job('w'), { maxActive: 10 });
    await store.createJob(job('r'), { maxActive: 10 });
    expect(await store.requestCancel('w', ALICE)).toEqual({ kind: 'canceled' });
    expect(await store.getStatus('w', ALICE)).toMatchObject({
      status: 'canceled',
      statusMessage: 'Canceled by the user before it started',
    });
    const claimed = (await store.claimNext())!;
    expect(claimed.id).toBe('r');
    expect(await store.requestCancel('r', ALICE)).toEqual({ kind: 'requested' });
    expect((await store.getStatus('r', ALICE))?.status).toBe('cancel_requested');
    expect(await store.requestCancel('r', ALICE)).toEqual({ kind: 'unchanged', status: 'cancel_requested' });
    await store.finishJob('r', claimed.attempt, {
      status: 'canceled',
      results: '{"partial":true}',
      message: 'stop',
    });
    expect(await store.getResults('r', ALICE)).toMatchObject({
      status: 'canceled',
      results: '{"partial":true}',
    });
  });

  it('recovers after a crash: runs are queued again, pending cancels end, repeated interruptions fail', async () => {
    for (const id of ['run', 'cancel', 'crashy', 'queued']) await store.createJob(job(id), { maxActive: 10 });
    await store.claimNext();
    const cancel = (await store.claimNext())!;
    await store.requestCancel(cancel.id, ALICE);
    await store.claimNext(); // crashy
    // The process dies: no close, the lock is dropped with the connection.
    await store.close();
    store = open();
    let report = await store.recoverInterrupted({ maxAttempts: 2 });
    expect(report).toEqual({ requeued: ['run', 'crashy'], canceled: ['cancel'], failed: [] });
    expect((await store.getStatus('run', ALICE))?.status).toBe('waiting');
    expect((await store.getStatus('cancel', ALICE))?.status).toBe('canceled');
    // Second crash while 'run' and 'crashy' run again.
    expect((await store.claimNext())?.id).toBe('run');
    expect((await store.claimNext())?.id).toBe('crashy');
    report = await store.recoverInterrupted({ maxAttempts: 2 });
    expect(report).toEqual({ requeued: [], canceled: [], failed: ['run', 'crashy'] });
    expect(await store.getStatus('crashy', ALICE)).toMatchObject({
      status: 'error',
      statusMessage: expect.stringContaining('each of the 2 runs'),
    });
    expect((await store.claimNext())?.id).toBe('queued');
  });

  it('puts a run stopped by a shutdown back in the queue without counting it', async () => {
    await store.createJob(job('s'), { maxActive: 10 });
    const first = (await store.claimNext())!;
    await store.requeueJob('s', first.attempt);
    expect(await store.getStatus('s', ALICE)).toMatchObject({ status: 'waiting', startedAt: null });
    expect((await store.claimNext())?.attempt).toBe(1);
  });

  it('stores token digests, keeping the first source', async () => {
    await store.addTokenDigests([ALICE], 'generated');
    await store.addTokenDigests([ALICE, BOB], 'configured');
    expect((await store.tokenDigests()).sort()).toEqual([ALICE, BOB]);
  });

  it('keeps the bytes each owner stores: requests and names at creation, results when written, none once deleted', async () => {
    expect(await store.storedBytes(ALICE)).toBe(0);
    await store.createJob(job('s1'), { maxActive: 10 });
    const afterCreation = await store.storedBytes(ALICE);
    // name 'probs' (5) + request '{"job":"s1"}' (12) + tags '[]' (2)
    expect(afterCreation).toBe(19);
    const run = (await store.claimNext())!;
    await store.finishJob('s1', run.attempt, { status: 'completed', results: '{"r":12345}', message: null });
    expect(await store.storedBytes(ALICE)).toBe(afterCreation + 11);
    expect(await store.storedBytes(BOB)).toBe(0);
    expect(await store.deleteJob('s1', ALICE)).toEqual({ kind: 'deleted' });
    expect(await store.storedBytes(ALICE)).toBe(0);
  });

  it('replaces the stored token digests with a configured set, deleting the others', async () => {
    await store.addTokenDigests([ALICE, BOB], 'configured');
    const CAROL = 'c'.repeat(64);
    expect(await store.replaceTokenDigests([BOB, CAROL], 'configured')).toBe(1);
    await store.close();
    store = open();
    expect((await store.tokenDigests()).sort()).toEqual([BOB, CAROL]);
  });

  it('creates its database and write-ahead log readable and writable by their owner only (0600)', async () => {
    await store.createJob(job('private'), { maxActive: 10 });
    for (const file of ['jobs.db', 'jobs.db-wal']) {
      expect((statSync(join(dir, file)).mode & 0o777).toString(8), file).toBe('600');
    }
  });

  it('takes group and other permissions away from a database an older version created 0644', async () => {
    await store.close();
    chmodSync(join(dir, 'jobs.db'), 0o644);
    store = open();
    expect((statSync(join(dir, 'jobs.db')).mode & 0o777).toString(8)).toBe('600');
  });

  it('refuses to work once closed', async () => {
    await store.close();
    await expect(store.getStatus('x', ALICE)).rejects.toThrow('The job store is closed');
    await expect(store.createJob(job('x'), { maxActive: 1 })).rejects.toThrow(BosonicError);
    store = open();
  });
});

describe('SqliteJobStore: finding and managing jobs', () => {
  /** Creates `ids` in order, one second apart, with the given extras. */
  async function createAll(ids: string[], extra: (id: string, i: number) => Partial<NewJob> = () => ({})) {
    for (const [i, id] of ids.entries()) {
      await store.createJob(job(id, ALICE, extra(id, i)), { maxActive: 10_000 });
      clock += 1;
    }
  }

  async function listIds(filter: Parameters<SqliteJobStore['listJobs']>[1], limit = 100): Promise<string[]> {
    return (await store.listJobs(ALICE, filter, { limit })).jobs.map((view) => view.id);
  }

  it('lists an owner’s jobs newest first, in pages that stay stable while jobs are created', async () => {
    await createAll(['j1', 'j2', 'j3', 'j4', 'j5']);
    await store.createJob(job('bob-1', BOB), { maxActive: 10 });
    const first = await store.listJobs(ALICE, {}, { limit: 2 });
    expect(first.jobs.map((view) => view.id)).toEqual(['j5', 'j4']);
    expect(first.next).not.toBeNull();
    // New jobs arrive between two pages: the next page continues where the first stopped.
    await createAll(['j6', 'j7']);
    const second = await store.listJobs(ALICE, {}, { limit: 2, after: first.next! });
    expect(second.jobs.map((view) => view.id)).toEqual(['j3', 'j2']);
    const last = await store.listJobs(ALICE, {}, { limit: 2, after: second.next! });
    expect(last).toMatchObject({ jobs: [{ id: 'j1' }], next: null });
    expect(await listIds({})).toEqual(['j7', 'j6', 'j5', 'j4', 'j3', 'j2', 'j1']);
  });

  it('filters by status, platform, name, tags and creation time, every condition at once', async () => {
    await createAll(['a', 'b', 'c', 'd'], (id, i) => ({
      platform: i % 2 === 0 ? 'sim:slos' : 'sim:naive',
      name: `Run_${id.toUpperCase()}%`,
      tags: i < 2 ? ['calib', `t-${id}`] : ['prod'],
    }));
    await store.requestCancel('a', ALICE);
    expect(await listIds({ status: ['canceled'] })).toEqual(['a']);
    expect(await listIds({ status: ['waiting', 'canceled'] })).toEqual(['d', 'c', 'b', 'a']);
    expect(await listIds({ platform: 'sim:naive' })).toEqual(['d', 'b']);
    // Contained in the name, ASCII case ignored; % and _ are plain characters.
    expect(await listIds({ name: 'run_c' })).toEqual(['c']);
    expect(await listIds({ name: '%' })).toEqual(['d', 'c', 'b', 'a']);
    expect(await listIds({ name: 'n_%x' })).toEqual([]);
    expect(await listIds({ tags: ['calib'] })).toEqual(['b', 'a']);
    expect(await listIds({ tags: ['calib', 't-b'] })).toEqual(['b']);
    expect(await listIds({ tags: ['nope'] })).toEqual([]);
    expect(await listIds({ createdAfter: 1_700_000_001, createdBefore: 1_700_000_003 })).toEqual(['c', 'b']);
    expect(await listIds({ status: ['waiting'], platform: 'sim:slos', tags: ['prod'] })).toEqual(['c']);
    expect((await store.listJobs(BOB, {}, { limit: 10 })).jobs).toEqual([]);
  });

  it('stamps creations with times that never go back, so creation-time filters follow the creation order', async () => {
    await createAll(['t0', 't1']);
    clock -= 100; // the clock steps back
    await createAll(['t2']);
    const times = (await store.listJobs(ALICE, {}, { limit: 10 })).jobs.map((view) => view.createdAt);
    expect(times).toEqual([1_700_000_001, 1_700_000_001, 1_700_000_000]);
    expect(await listIds({ createdBefore: 1_700_000_001 })).toEqual(['t0']);
    expect(await listIds({ createdAfter: 1_700_000_001 })).toEqual(['t2', 't1']);
    expect(await listIds({ createdAfter: 1_800_000_000 })).toEqual([]);
    expect(await listIds({ createdBefore: 1_600_000_000 })).toEqual([]);
  });

  it('replaces the tags of an owner’s job, and the tag filter follows', async () => {
    await createAll(['t1'], () => ({ tags: ['old', 'kept'] }));
    expect(await store.setTags('t1', BOB, ['x'])).toBe(false);
    expect(await store.setTags('t1', ALICE, ['kept', 'new'])).toBe(true);
    expect((await store.getStatus('t1', ALICE))?.tags).toEqual(['kept', 'new']);
    expect(await listIds({ tags: ['old'] })).toEqual([]);
    expect(await listIds({ tags: ['new'] })).toEqual(['t1']);
    expect(await store.setTags('t1', ALICE, [])).toBe(true);
    expect(await listIds({ tags: ['kept'] })).toEqual([]);
  });

  it('deletes a finished job with its results and tags, never an unfinished one', async () => {
    await createAll(['done', 'queued'], () => ({ tags: ['x'] }));
    const run = (await store.claimNext())!;
    await store.finishJob('done', run.attempt, { status: 'completed', results: '{"r":1}', message: null });
    expect(await store.deleteJob('queued', ALICE)).toEqual({ kind: 'active', status: 'waiting' });
    expect(await store.deleteJob('done', BOB)).toEqual({ kind: 'not_found' });
    expect(await store.deleteJob('done', ALICE)).toEqual({ kind: 'deleted' });
    expect(await store.getResults('done', ALICE)).toBeUndefined();
    expect(await store.deleteJob('done', ALICE)).toEqual({ kind: 'not_found' });
    expect(await listIds({ tags: ['x'] })).toEqual(['queued']);
  });

  it('purges finished jobs stopped before a time, oldest first, at most a batch at a time', async () => {
    await createAll(['p1', 'p2', 'p3', 'live'], () => ({ tags: ['old'] }));
    for (const id of ['p1', 'p2', 'p3']) {
      await store.requestCancel(id, ALICE);
      clock += 10;
    }
    // p1 stopped at t0+4, p2 at t0+14, p3 at t0+24.
    expect(await store.purgeFinished(1_700_000_020, 1)).toBe(1);
    expect(await listIds({})).toEqual(['live', 'p3', 'p2']);
    expect(await store.purgeFinished(1_700_000_020, 10)).toBe(1);
    expect(await store.purgeFinished(1_700_000_020, 10)).toBe(0);
    expect(await listIds({ tags: ['old'] })).toEqual(['live', 'p3']);
  });

  it('sums usage per platform over a period: jobs, run seconds and samples', async () => {
    await createAll(['u1', 'u2', 'u3'], (_id, i) => ({ platform: i < 2 ? 'sim:slos' : 'sim:naive' }));
    for (const seconds of [3, 5]) {
      const run = (await store.claimNext())!;
      clock += seconds;
      await store.finishJob(run.id, run.attempt, {
        status: 'completed',
        results: '{}',
        message: null,
        samples: 100,
      });
    }
    expect(await store.usage(ALICE, {})).toEqual([
      { platform: 'sim:naive', jobs: 1, runSeconds: 0, samples: 0 },
      { platform: 'sim:slos', jobs: 2, runSeconds: 8, samples: 200 },
    ]);
    expect(await store.usage(ALICE, { since: 1_700_000_001, until: 1_700_000_002 })).toEqual([
      { platform: 'sim:slos', jobs: 1, runSeconds: 5, samples: 100 },
    ]);
    expect(await store.usage(BOB, {})).toEqual([]);
  });

  it('hands the run-time limit to the executor that claims the job', async () => {
    await createAll(['limited'], () => ({ maxExecutionTime: 30 }));
    expect(await store.claimNext()).toMatchObject({ id: 'limited', maxExecutionTime: 30 });
  });
});
