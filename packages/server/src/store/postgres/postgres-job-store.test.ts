import { BosonicError } from '@bosonic/core';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../errors/service-unavailable-error.js';
import { type PostgresService, startPostgres } from '../../testing/services/postgres-service.js';
import { servicesOrSkip } from '../../testing/services/service-availability.js';
import type { NewJob } from '../job-record.js';
import { PostgresJobStore } from './postgres-job-store.js';
import { MIGRATIONS, SCHEMA_VERSION } from './postgres-schema.js';

/**
 * The PostgreSQL job store against a real PostgreSQL server this file starts (initdb in a temporary directory):
 * the contract of the embedded store, plus what several nodes sharing one database need — migrations applied once
 * when nodes start together, quotas and idempotency that hold when nodes race, leases that tell a dead worker's
 * run from a live one.
 */

const ALICE = 'a'.repeat(64);
const BOB = 'b'.repeat(64);
const available = servicesOrSkip('PostgreSQL job store tests');

let postgres: PostgresService;
let database = 0;
const opened: PostgresJobStore[] = [];

/** A fresh database per test, so tests do not see each other's jobs. */
let url: string;

async function open(options: { leaseSeconds?: number } = {}): Promise<PostgresJobStore> {
  const store = await PostgresJobStore.open({ connectionString: url, poolSize: 4, ...options });
  opened.push(store);
  return store;
}

function job(id: string, owner = ALICE, extra: Partial<NewJob> = {}): NewJob {
  return { id, owner, platform: 'sim:slos', name: 'probs', request: `{"job":"${id}"}`, ...extra };
}

describe.skipIf(!available)('PostgresJobStore', () => {
  beforeAll(async () => {
    postgres = await startPostgres();
  });

  afterAll(async () => {
    for (const store of opened.splice(0)) await store.close();
    postgres?.remove();
  });

  beforeEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    database += 1;
    await admin.query(`CREATE DATABASE test_${database}`);
    await admin.end();
    url = postgres.url.replace(/\/postgres$/, `/test_${database}`);
  });

  it('applies each migration once when several nodes start at the same time, and again changes nothing', async () => {
    const stores = await Promise.all([open(), open(), open(), open()]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM bosonic_migrations');
    await client.end();
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(SCHEMA_VERSION).toBe(4);
    expect(await (await open()).countActive(ALICE)).toBe(0);
    expect(stores).toHaveLength(4);
  });

  it('refuses a database migrated by a newer server', async () => {
    await open();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      "INSERT INTO bosonic_migrations (version, description) VALUES (99, 'from the future')",
    );
    await client.end();
    const failure = await PostgresJobStore.open({ connectionString: url }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BosonicError);
    expect((failure as BosonicError).code).toBe('ERR_STORE_SCHEMA');
  });

  it('stores a job as waiting, visible to its owner only, with the database clock', async () => {
    const store = await open();
    const before = Date.now() / 1000;
    expect(await store.createJob(job('j1'), { maxActive: 10 })).toEqual({ kind: 'created', id: 'j1' });
    const status = await store.getStatus('j1', ALICE);
    expect(status).toMatchObject({
      id: 'j1',
      status: 'waiting',
      progress: 0,
      startedAt: null,
      stoppedAt: null,
    });
    expect(status!.createdAt).toBeGreaterThan(before - 5);
    expect(await store.getStatus('j1', BOB)).toBeUndefined();
    expect(await store.getResults('j1', BOB)).toBeUndefined();
    expect(await store.requestCancel('j1', BOB)).toEqual({ kind: 'not_found' });
    expect((await store.getRequest('j1', ALICE))?.request).toBe('{"job":"j1"}');
  });

  it('never exceeds a quota when two nodes create jobs for one owner at once', async () => {
    const [nodeA, nodeB] = await Promise.all([open(), open()]);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 === 0 ? nodeA : nodeB).createJob(job(`q${i}`), { maxActive: 7 }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'created')).toHaveLength(7);
    expect(outcomes.filter((outcome) => outcome.kind === 'quota')).toHaveLength(23);
    expect(await nodeA.countActive(ALICE)).toBe(7);
    expect((await nodeB.createJob(job('bob', BOB), { maxActive: 7 })).kind).toBe('created');
  });

  it('never exceeds the storage quota when two nodes create jobs for one owner at once', async () => {
    const [nodeA, nodeB] = await Promise.all([open(), open()]);
    // Each job stores 20 bytes: name 'probs' (5) + request '{"job":"sNN"}' (13) + tags '[]' (2).
    const maxStoredBytes = 5 * 20 + 19;
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 === 0 ? nodeA : nodeB).createJob(job(`s${String(i).padStart(2, '0')}`), {
          maxActive: 100,
          maxStoredBytes,
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'created')).toHaveLength(5);
    const refused = outcomes.filter((outcome) => outcome.kind === 'storage_quota');
    expect(refused).toHaveLength(25);
    expect(refused[0]).toEqual({ kind: 'storage_quota', stored: 100, needed: 20, max: maxStoredBytes });
    expect(await nodeA.storedBytes(ALICE)).toBe(100);
    expect((await nodeB.createJob(job('s99', BOB), { maxActive: 100, maxStoredBytes })).kind).toBe('created');
  });

  it('creates one job per idempotency key when two nodes race with it', async () => {
    const [nodeA, nodeB] = await Promise.all([open(), open()]);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? nodeA : nodeB).createJob(
          job(`k${i}`, ALICE, { idempotencyKey: 'key-1', requestDigest: 'd1' }),
          {
            maxActive: 100,
          },
        ),
      ),
    );
    const created = outcomes.filter((outcome) => outcome.kind === 'created');
    expect(created).toHaveLength(1);
    expect(outcomes.every((outcome) => 'id' in outcome && outcome.id === created[0]!.id)).toBe(true);
    expect(await nodeA.countActive(ALICE)).toBe(1);
    const other = await nodeB.createJob(
      job('k-other', ALICE, { idempotencyKey: 'key-1', requestDigest: 'd2' }),
      {
        maxActive: 100,
      },
    );
    expect(other).toEqual({ kind: 'key_conflict', id: created[0]!.id });
    // The same key of another owner is another job.
    expect(
      (await nodeB.createJob(job('k-bob', BOB, { idempotencyKey: 'key-1' }), { maxActive: 100 })).kind,
    ).toBe('created');
  });

  it('hands a job to one claimant only, and fences the writes of a superseded run', async () => {
    const [nodeA, nodeB] = await Promise.all([open({ leaseSeconds: 0.3 }), open({ leaseSeconds: 0.3 })]);
    await nodeA.createJob(job('c1'), { maxActive: 10 });
    const claims = await Promise.all([
      nodeA.claimJob('c1', { maxAttempts: 3 }),
      nodeB.claimJob('c1', { maxAttempts: 3 }),
    ]);
    const winners = claims.filter((claim) => claim !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ id: 'c1', attempt: 1, quick: false });
    // A live run (lease renewed) is not taken again.
    expect(await nodeA.renewLeases([{ id: 'c1', attempt: 1 }])).toEqual(new Map([['c1', 'running']]));
    expect(await nodeB.claimJob('c1', { maxAttempts: 3 })).toBeUndefined();
    // Its worker dies: once the lease lapses, another worker takes it as attempt 2.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const retaken = await nodeB.claimJob('c1', { maxAttempts: 3 });
    expect(retaken).toMatchObject({ id: 'c1', attempt: 2 });
    // The first run's late writes are ignored.
    expect(await nodeA.renewLeases([{ id: 'c1', attempt: 1 }])).toEqual(new Map());
    await nodeA.reportProgress('c1', 1, 0.9, 'stale');
    expect(
      await nodeA.finishJob('c1', 1, { status: 'completed', results: '{"stale":true}', message: null }),
    ).toBe(false);
    await nodeB.reportProgress('c1', 2, 0.5, 'halfway');
    expect(await nodeA.getStatus('c1', ALICE)).toMatchObject({ progress: 0.5, progressMessage: 'halfway' });
    expect(
      await nodeB.finishJob('c1', 2, { status: 'completed', results: '{"ok":true}', message: null }),
    ).toBe(true);
    expect(await nodeA.getResults('c1', ALICE)).toEqual({
      id: 'c1',
      status: 'completed',
      statusMessage: null,
      results: '{"ok":true}',
    });
    expect(await nodeB.claimJob('c1', { maxAttempts: 3 })).toBeUndefined();
  });

  it('recovers only runs whose lease lapsed: requeued, failed after maxAttempts, or canceled', async () => {
    const store = await open({ leaseSeconds: 0.3 });
    for (const id of ['live', 'dead', 'tired', 'cancel']) await store.createJob(job(id), { maxActive: 10 });
    for (const id of ['live', 'dead', 'cancel']) await store.claimJob(id, { maxAttempts: 5 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      await store.claimJob('tired', { maxAttempts: 5 });
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(await store.requestCancel('cancel', ALICE)).toEqual({ kind: 'requested' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await store.renewLeases([{ id: 'live', attempt: 1 }]);
    const report = await store.recoverInterrupted({ maxAttempts: 2 });
    expect(report).toEqual({ requeued: ['dead'], canceled: ['cancel'], failed: ['tired'] });
    expect((await store.getStatus('live', ALICE))?.status).toBe('running');
    expect((await store.getStatus('dead', ALICE))?.status).toBe('waiting');
    expect(await store.getStatus('tired', ALICE)).toMatchObject({ status: 'error' });
    expect(await store.waitingJobIds(10)).toEqual(['dead']);
  });

  it('cancels a waiting job at once and asks a running one to stop, whichever node it goes through', async () => {
    const [nodeA, nodeB] = await Promise.all([open(), open()]);
    await nodeA.createJob(job('w'), { maxActive: 10 });
    await nodeA.createJob(job('r'), { maxActive: 10 });
    await nodeA.claimJob('r', { maxAttempts: 3 });
    expect(await nodeB.requestCancel('w', ALICE)).toEqual({ kind: 'canceled' });
    expect(await nodeB.requestCancel('r', ALICE)).toEqual({ kind: 'requested' });
    expect(await nodeB.requestCancel('r', ALICE)).toEqual({ kind: 'unchanged', status: 'cancel_requested' });
    expect(await nodeA.renewLeases([{ id: 'r', attempt: 1 }])).toEqual(new Map([['r', 'cancel_requested']]));
    expect(
      await nodeA.finishJob('r', 1, { status: 'canceled', results: '{"partial":1}', message: 'stopped' }),
    ).toBe(true);
    expect(await nodeB.getResults('r', ALICE)).toMatchObject({
      status: 'canceled',
      results: '{"partial":1}',
    });
    expect(await nodeB.getStatus('w', ALICE)).toMatchObject({
      status: 'canceled',
      statusMessage: 'Canceled by the user before it started',
    });
  });

  it('puts a run stopped on purpose back in the queue as if it had not started', async () => {
    const store = await open();
    await store.createJob(job('s'), { maxActive: 10 });
    const claimed = await store.claimNext();
    expect(claimed).toMatchObject({ id: 's', attempt: 1 });
    await store.requeueJob('s', 1);
    expect(await store.getStatus('s', ALICE)).toMatchObject({ status: 'waiting', startedAt: null });
    expect(await store.claimNext()).toMatchObject({ id: 's', attempt: 1 });
  });

  it('stops a run that asks it (its time limit), fenced by attempt, so that its shards on other nodes stop too', async () => {
    const [nodeA, nodeB] = await Promise.all([open(), open()]);
    await nodeA.createJob(job('t'), { maxActive: 10 });
    expect(await nodeA.claimJob('t', { maxAttempts: 3 })).toMatchObject({ id: 't', attempt: 1 });
    await nodeA.createShards('t', 2);
    expect(await nodeB.claimShard('t', 0)).toMatchObject({ attempt: 1, platform: 'sim:slos' });
    const lease = { id: 't', shard: 0, attempt: 1 };
    expect(await nodeB.renewShardLeases([lease])).toEqual(new Map([['t/0', 'running']]));
    // Another attempt's request changes nothing.
    await nodeA.requestRunStop('t', 2);
    expect((await nodeA.getStatus('t', ALICE))?.status).toBe('running');
    await nodeA.requestRunStop('t', 1);
    // The shard running on the other node hears it at its next renewal; no shard starts any more.
    expect(await nodeB.renewShardLeases([lease])).toEqual(new Map([['t/0', 'cancel_requested']]));
    expect(await nodeB.claimShard('t', 1)).toBeUndefined();
    await nodeA.skipWaitingShards('t');
    expect(await nodeB.finishShard(lease, '{"partial":1}')).toBe(true);
    expect((await nodeA.shardStates('t')).map((s) => [s.shard, s.status, s.results])).toEqual([
      [0, 'done', '{"partial":1}'],
      [1, 'done', null],
    ]);
    expect(
      await nodeA.finishJob('t', 1, { status: 'canceled', results: '{"partial":1}', message: 'out of time' }),
    ).toBe(true);
    // A finished run is not stopped again.
    await nodeA.requestRunStop('t', 1);
    expect(await nodeA.getStatus('t', ALICE)).toMatchObject({
      status: 'canceled',
      statusMessage: 'out of time',
    });
  });

  it("lists an owner's jobs newest first with filters and a stable cursor; tags, usage, deletion, retention", async () => {
    const store = await open();
    for (let i = 0; i < 5; i++) {
      await store.createJob(
        job(`l${i}`, ALICE, { name: i % 2 === 0 ? `Even_${i}` : `odd ${i}`, tags: i < 2 ? ['cal'] : [] }),
        {
          maxActive: 100,
        },
      );
    }
    await store.createJob(job('bob-1', BOB, { tags: ['cal'] }), { maxActive: 100 });
    const first = await store.listJobs(ALICE, {}, { limit: 2 });
    expect(first.jobs.map((view) => view.id)).toEqual(['l4', 'l3']);
    await store.createJob(job('l5'), { maxActive: 100 });
    const second = await store.listJobs(ALICE, {}, { limit: 2, after: first.next! });
    expect(second.jobs.map((view) => view.id)).toEqual(['l2', 'l1']);
    const last = await store.listJobs(ALICE, {}, { limit: 2, after: second.next! });
    expect(last).toMatchObject({ next: null });
    expect(last.jobs.map((view) => view.id)).toEqual(['l0']);
    expect(
      (await store.listJobs(ALICE, { tags: ['cal'] }, { limit: 10 })).jobs.map((view) => view.id),
    ).toEqual(['l1', 'l0']);
    expect(
      (await store.listJobs(ALICE, { name: 'even_' }, { limit: 10 })).jobs.map((view) => view.id),
    ).toEqual(['l4', 'l2', 'l0']);
    // `_` is a character of the name, not a wildcard.
    expect((await store.listJobs(ALICE, { name: 'd_' }, { limit: 10 })).jobs).toEqual([]);
    expect(await store.setTags('l3', ALICE, ['x', 'y'])).toBe(true);
    expect(await store.setTags('l3', BOB, ['z'])).toBe(false);
    expect((await store.getStatus('l3', ALICE))?.tags).toEqual(['x', 'y']);

    const claimed = await store.claimJob('l0', { maxAttempts: 3 });
    expect(claimed).toMatchObject({ id: 'l0', maxExecutionTime: null });
    expect(await store.deleteJob('l0', ALICE)).toEqual({ kind: 'active', status: 'running' });
    await store.finishJob('l0', 1, { status: 'completed', results: '{}', message: null, samples: 1234 });
    const usage = await store.usage(ALICE, {});
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ platform: 'sim:slos', jobs: 6, samples: 1234 });
    expect(usage[0]!.runSeconds).toBeGreaterThanOrEqual(0);
    expect(await store.usage(ALICE, { since: Date.now() / 1000 + 3600 })).toEqual([]);
    expect(await store.deleteJob('l0', BOB)).toEqual({ kind: 'not_found' });
    expect(await store.deleteJob('l0', ALICE)).toEqual({ kind: 'deleted' });
    expect(await store.getStatus('l0', ALICE)).toBeUndefined();

    expect(await store.requestCancel('l1', ALICE)).toEqual({ kind: 'canceled' });
    expect(await store.purgeFinished(Date.now() / 1000 - 3600, 10)).toBe(0);
    expect(await store.purgeFinished(Date.now() / 1000 + 3600, 10)).toBe(1);
    expect(await store.getStatus('l1', ALICE)).toBeUndefined();
  });

  it('keeps token digests, configured and generated, once each', async () => {
    const store = await open();
    await store.addTokenDigests(['d1', 'd2'], 'configured');
    await store.addTokenDigests(['d2', 'd3'], 'generated');
    expect((await store.tokenDigests()).sort()).toEqual(['d1', 'd2', 'd3']);
    // A configured set is authoritative: the others are deleted.
    expect(await store.replaceTokenDigests(['d2', 'd4'], 'configured')).toBe(2);
    expect((await store.tokenDigests()).sort()).toEqual(['d2', 'd4']);
  });

  it('answers "unavailable" while the database is down, and works again once it is back', async () => {
    const store = await open();
    await store.createJob(job('before'), { maxActive: 10 });
    postgres.stop();
    try {
      const failure = await store
        .createJob(job('during'), { maxActive: 10 })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ServiceUnavailableError);
      expect((failure as ServiceUnavailableError).code).toBe('ERR_STORE_UNAVAILABLE');
      expect(await store.ping().catch((error: unknown) => error)).toBeInstanceOf(ServiceUnavailableError);
    } finally {
      postgres.start();
    }
    expect((await store.createJob(job('after'), { maxActive: 10 })).kind).toBe('created');
    expect((await store.getStatus('before', ALICE))?.status).toBe('waiting');
    expect(await store.getStatus('during', ALICE)).toBeUndefined();
  });
});
