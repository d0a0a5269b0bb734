import { mkdtempSync, rmSync } from 'node:fs';
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

  it('refuses to work once closed', async () => {
    await store.close();
    await expect(store.getStatus('x', ALICE)).rejects.toThrow('The job store is closed');
    await expect(store.createJob(job('x'), { maxActive: 1 })).rejects.toThrow(BosonicError);
    store = open();
  });
});
