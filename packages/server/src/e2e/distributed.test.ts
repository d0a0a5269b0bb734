import type { BSDistribution, BSSamples } from '@bosonic/core';
import { deserialize } from '@bosonic/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DistributedOptions } from '../distributed-options.js';
import { outOfTimeMessage } from '../jobs/execution-time-limit.js';
import { createJobBody, homExperiment, longSamplingExperiment } from '../testing/fixtures.js';
import { rawCall } from '../testing/raw-http.js';
import { type ServerProcess, spawnServer } from '../testing/server-process.js';
import { type PostgresService, startPostgres } from '../testing/services/postgres-service.js';
import { type RedisService, startRedis } from '../testing/services/redis-service.js';
import { servicesOrSkip } from '../testing/services/service-availability.js';
import { startTestServer, TOKEN_A, TOKEN_B } from '../testing/test-server.js';
import { spawnWorker, type WorkerProcess, type WorkerProcessOptions } from '../testing/worker-process.js';

/**
 * The distributed mode as an operator deploys it, every node a separate OS process: API nodes and workers sharing
 * one PostgreSQL and one Redis, which this file starts itself. Whatever process dies — a worker mid-job, an API node,
 * Redis (restarted empty), PostgreSQL (stopped for a while) — every accepted job completes, with correct results.
 */

const available = servicesOrSkip('distributed-mode tests');

let postgres: PostgresService;
let redis: RedisService;
let database = 0;
const processes: (ServerProcess | WorkerProcess)[] = [];

/** Short leases and locks, so that the death of a process is noticed within seconds. */
const TIMINGS = { leaseSeconds: 2, lockDurationMs: 3000, reconcileIntervalMs: 300 } as const;

/** A fresh database and Redis database for one test: no job of another test is seen. */
async function deployment(): Promise<DistributedOptions> {
  database += 1;
  return {
    databaseUrl: await postgres.createDatabase(),
    redisUrl: `${redis.url}/${database % 16}`,
    ...TIMINGS,
  };
}

/** Small shards, so that a job of a few thousand samples is split. */
const SHARD_SAMPLES = 700;

async function apiNode(options: DistributedOptions, workers = 0): Promise<ServerProcess> {
  const node = await spawnServer({
    ...options,
    tokens: [TOKEN_A, TOKEN_B],
    workers,
    threadsPerJob: 1,
    shardSamples: SHARD_SAMPLES,
  });
  processes.push(node);
  return node;
}

async function worker(
  options: DistributedOptions,
  concurrency = 1,
  more: Partial<WorkerProcessOptions> = {},
): Promise<WorkerProcess> {
  const node = await spawnWorker({
    ...options,
    concurrency,
    threadsPerJob: 1,
    shardSamples: SHARD_SAMPLES,
    ...more,
  });
  processes.push(node);
  return node;
}

/** A run of a job or of a shard, as a worker's debug log tells it (`job run started` … `shard run ended`). */
interface RunEvent {
  worker: number;
  /** The job's id, or `<id>/<shard>` for a shard. */
  key: string;
  attempt: number;
  edge: 'started' | 'ended';
  status?: string;
  /** pino's time: epoch ms of this machine's clock, which every process of the test shares. */
  time: number;
}

function runEvents(workers: readonly WorkerProcess[]): RunEvent[] {
  const events: RunEvent[] = [];
  for (const [index, node] of workers.entries()) {
    for (const line of node.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as {
        msg: string;
        time: number;
        jobId?: string;
        shard?: number;
        attempt?: number;
        status?: string;
      };
      const match = /^(job|shard) run (started|ended)$/.exec(entry.msg);
      if (match === null || entry.jobId === undefined) continue;
      events.push({
        worker: index,
        key: match[1] === 'shard' ? `${entry.jobId}/${entry.shard}` : entry.jobId,
        attempt: entry.attempt ?? 0,
        edge: match[2] as 'started' | 'ended',
        ...(entry.status === undefined ? {} : { status: entry.status }),
        time: entry.time,
      });
    }
  }
  return events;
}

/** Checks that no job and no shard ever ran twice at once, across all the workers' logs. */
function expectNoConcurrentRuns(events: readonly RunEvent[]): void {
  const byKey = new Map<string, RunEvent[]>();
  for (const event of events) byKey.set(event.key, [...(byKey.get(event.key) ?? []), event]);
  for (const [key, runs] of byKey) {
    // Within one millisecond an end sorts first: it caused the start (the store was written in between).
    const ordered = [...runs].sort((a, b) => a.time - b.time || (a.edge === 'ended' ? -1 : 1));
    let open = 0;
    for (const event of ordered) {
      open += event.edge === 'started' ? 1 : -1;
      expect(open, `${key} ran twice at once: ${JSON.stringify(ordered)}`).toBeLessThanOrEqual(1);
    }
  }
}

async function create(url: string, body: object, token = TOKEN_A): Promise<string> {
  const answer = await rawCall(url, 'POST', '/api/job', { token, body });
  expect(answer.status, answer.text).toBe(200);
  return (answer.json as { job_id: string }).job_id;
}

interface Status {
  status: string;
  progress: number;
  status_message: string | null;
}

async function statusOf(url: string, id: string, token = TOKEN_A): Promise<Status> {
  const answer = await rawCall(url, 'GET', `/api/job/status/${id}`, { token });
  expect(answer.status, answer.text).toBe(200);
  return answer.json as Status;
}

/** Polls until `done` holds; the bound keeps a broken run from hanging the suite (it is not a timing assertion). */
async function waitFor<T>(what: string, poll: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const bound = Date.now() + 90_000;
  for (;;) {
    const value = await poll();
    if (done(value)) return value;
    if (Date.now() > bound) {
      const exited = processes.filter(
        (node) => node.child.exitCode !== null || node.child.signalCode !== null,
      );
      throw new Error(
        `still waiting for ${what}: ${JSON.stringify(value)}\n` +
          exited
            .map(
              (node) =>
                `a process exited (${node.child.exitCode ?? node.child.signalCode}):\n${node.output()}`,
            )
            .join('\n'),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function completed(url: string, id: string): Promise<void> {
  const status = await waitFor(
    `job ${id}`,
    () => statusOf(url, id),
    (s) => !['waiting', 'running'].includes(s.status),
  );
  expect(status.status).toBe('completed');
}

async function resultsOf(url: string, id: string): Promise<{ results: string; [key: string]: unknown }> {
  const answer = await rawCall(url, 'GET', `/api/job/result/${id}`, { token: TOKEN_A });
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse((answer.json as { results: string }).results);
}

/** Hong–Ou–Mandel (reference #1): |2,0> and |0,2> with probability 0.5 each. */
async function expectHomResults(url: string, id: string): Promise<void> {
  const distribution = deserialize((await resultsOf(url, id)).results) as BSDistribution;
  expect(distribution.get('|2,0>')).toBeCloseTo(0.5, 9);
  expect(distribution.get('|0,2>')).toBeCloseTo(0.5, 9);
}

/** A sampling job of 14 photons on 28 modes (about 0.5 ms a sample on one thread of a quiet machine). */
function longSamplingBody(samples: number, seed?: number): Record<string, unknown> {
  return createJobBody(longSamplingExperiment(), {
    command: 'samples',
    max_samples: samples,
    ...(seed === undefined ? {} : { parameters: { seed } }),
  });
}

async function samplesOf(url: string, id: string): Promise<string[]> {
  return (deserialize((await resultsOf(url, id)).results) as BSSamples).toJSON();
}

/** The samples of `bodies` run by an embedded server with `shardSamples`: the reference of a distributed run. */
async function embeddedSamples(bodies: readonly object[], shardSamples: number): Promise<string[][]> {
  const embedded = await startTestServer({ shardSamples, threadsPerJob: 1 });
  try {
    const ids = await Promise.all(bodies.map((body) => create(embedded.url, body)));
    const samples: string[][] = [];
    for (const id of ids) {
      await completed(embedded.url, id);
      samples.push(await samplesOf(embedded.url, id));
    }
    return samples;
  } finally {
    await embedded.stop();
  }
}

describe.skipIf(!available)(
  'distributed mode (PostgreSQL + BullMQ, separate processes)',
  { timeout: 180_000 },
  () => {
    beforeAll(async () => {
      [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    });

    afterEach(async () => {
      await Promise.all(processes.splice(0).map((node) => node.kill('SIGKILL')));
    });

    afterAll(async () => {
      postgres?.remove();
      await redis?.remove();
    });

    it('runs 40 jobs created across two API nodes on two workers, with correct results; tokens stay isolated', async () => {
      const options = await deployment();
      const [nodeA, nodeB] = await Promise.all([apiNode(options), apiNode(options)]);
      await Promise.all([worker(options, 2), worker(options, 2)]);
      const ids = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          create(i % 2 === 0 ? nodeA.url : nodeB.url, createJobBody(homExperiment())),
        ),
      );
      for (const [i, id] of ids.entries()) {
        // Each job is read on the node that did not create it.
        const other = i % 2 === 0 ? nodeB.url : nodeA.url;
        await completed(other, id);
        await expectHomResults(other, id);
      }
      // Another token sees none of them, on either node.
      for (const url of [nodeA.url, nodeB.url]) {
        expect((await rawCall(url, 'GET', `/api/job/status/${ids[0]}`, { token: TOKEN_B })).status).toBe(404);
        expect((await rawCall(url, 'GET', `/api/job/result/${ids[1]}`, { token: TOKEN_B })).status).toBe(404);
        expect((await rawCall(url, 'POST', `/api/job/cancel/${ids[2]}`, { token: TOKEN_B })).status).toBe(
          404,
        );
        const availability = await rawCall(url, 'GET', '/api/jobs/availability', { token: TOKEN_B });
        expect(availability.json).toMatchObject({ num_jobs_in_queue: 0 });
      }
    });

    it('completes on the other worker a job whose worker was killed (kill -9) mid-job', async () => {
      const options = await deployment();
      const node = await apiNode(options);
      const first = await worker(options);
      const id = await create(node.url, longSamplingBody(6000));
      await waitFor(
        'the job to run',
        () => statusOf(node.url, id),
        (s) => s.status === 'running' && s.progress > 0,
      );
      expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');
      await worker(options);
      await completed(node.url, id);
      const samples = deserialize((await resultsOf(node.url, id)).results) as BSSamples;
      expect(samples.length).toBe(6000);
    });

    it('completes every job an API node had accepted when that node is killed (kill -9)', async () => {
      const options = await deployment();
      const [doomed, survivor] = await Promise.all([apiNode(options), apiNode(options)]);
      const ids = await Promise.all(
        Array.from({ length: 10 }, () => create(doomed.url, createJobBody(homExperiment()))),
      );
      await doomed.kill('SIGKILL');
      await worker(options, 2);
      for (const id of ids) {
        await completed(survivor.url, id);
        await expectHomResults(survivor.url, id);
      }
    });

    it('completes every job when Redis restarts empty under load', async () => {
      const options = await deployment();
      const node = await apiNode(options);
      await worker(options, 2);
      const ids = await Promise.all([
        ...Array.from({ length: 3 }, () => create(node.url, longSamplingBody(1500))),
        ...Array.from({ length: 17 }, () => create(node.url, createJobBody(homExperiment()))),
      ]);
      await redis.restartEmpty();
      for (const id of ids) await completed(node.url, id);
      for (const id of ids.slice(3)) await expectHomResults(node.url, id);
    });

    it('answers 503 with Retry-After while PostgreSQL is down, then recovers without losing a job', async () => {
      const options = await deployment();
      const node = await apiNode(options);
      await worker(options);
      const before = await create(node.url, createJobBody(homExperiment()));
      expect((await rawCall(node.url, 'GET', '/api/ready')).status).toBe(200);
      postgres.stop();
      try {
        const refused = await rawCall(node.url, 'POST', '/api/job', {
          token: TOKEN_A,
          body: createJobBody(homExperiment()),
        });
        expect(refused.status).toBe(503);
        expect(refused.headers['retry-after']).toMatch(/^\d+$/);
        expect(refused.json).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
        const ready = await rawCall(node.url, 'GET', '/api/ready');
        expect(ready.status).toBe(503);
        expect(ready.headers['retry-after']).toMatch(/^\d+$/);
        // The process itself is alive.
        expect((await rawCall(node.url, 'GET', '/api/health')).status).toBe(200);
      } finally {
        postgres.start();
      }
      await waitFor(
        'readiness',
        () => rawCall(node.url, 'GET', '/api/ready'),
        (answer) => answer.status === 200,
      );
      const after = await create(node.url, createJobBody(homExperiment()));
      for (const id of [before, after]) {
        await completed(node.url, id);
        await expectHomResults(node.url, id);
      }
    });

    it('answers 503 while Redis is down: no job is accepted that could not be dispatched', async () => {
      const options = await deployment();
      const node = await apiNode(options);
      await redis.stop();
      try {
        const refused = await rawCall(node.url, 'POST', '/api/job', {
          token: TOKEN_A,
          body: createJobBody(homExperiment()),
        });
        expect(refused.status).toBe(503);
        expect(refused.json).toMatchObject({ code: 'ERR_QUEUE_UNAVAILABLE' });
        expect((await rawCall(node.url, 'GET', '/api/ready')).status).toBe(503);
      } finally {
        await redis.start();
      }
      await worker(options);
      await waitFor(
        'readiness',
        () => rawCall(node.url, 'GET', '/api/ready'),
        (answer) => answer.status === 200,
      );
      await completed(node.url, await create(node.url, createJobBody(homExperiment())));
    });

    it('stops a job from another API node than the one running it, keeping its partial results', async () => {
      const options = await deployment();
      // Node A runs jobs itself; node B only serves the API.
      const [nodeA, nodeB] = await Promise.all([apiNode(options, 1), apiNode(options)]);
      const id = await create(nodeA.url, longSamplingBody(200_000));
      await waitFor(
        'the job to run',
        () => statusOf(nodeB.url, id),
        (s) => s.status === 'running' && s.progress > 0,
      );
      const cancel = await rawCall(nodeB.url, 'POST', `/api/job/cancel/${id}`, { token: TOKEN_A });
      expect(cancel.json).toMatchObject({ status: 'cancel_requested' });
      const status = await waitFor(
        'the cancel',
        () => statusOf(nodeB.url, id),
        (s) => s.status !== 'cancel_requested' && s.status !== 'running',
      );
      expect(status.status).toBe('canceled');
      const samples = deserialize((await resultsOf(nodeB.url, id)).results) as BSSamples;
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.length).toBeLessThan(200_000);
    });

    it('draws the same samples for one seed embedded, on one worker and on two workers (sharded jobs)', async () => {
      const body = longSamplingBody(3000, 2026);
      const embedded = await startTestServer({ shardSamples: SHARD_SAMPLES, threadsPerJob: 1 });
      let reference: string[];
      try {
        const id = await create(embedded.url, body);
        await completed(embedded.url, id);
        reference = (deserialize((await resultsOf(embedded.url, id)).results) as BSSamples).toJSON();
      } finally {
        await embedded.stop();
      }
      expect(reference).toHaveLength(3000);
      for (const workers of [1, 2]) {
        const options = await deployment();
        const node = await apiNode(options);
        for (let i = 0; i < workers; i++) await worker(options);
        const id = await create(node.url, body);
        await completed(node.url, id);
        const samples = (deserialize((await resultsOf(node.url, id)).results) as BSSamples).toJSON();
        expect(samples).toEqual(reference);
        await Promise.all(processes.splice(0).map((process) => process.kill('SIGKILL')));
      }
      // Another seed draws other samples.
      const options = await deployment();
      const node = await apiNode(options);
      await worker(options);
      const other = await create(node.url, longSamplingBody(3000, 2027));
      await completed(node.url, other);
      expect((deserialize((await resultsOf(node.url, other)).results) as BSSamples).toJSON()).not.toEqual(
        reference,
      );
    });
    it('lets a worker stopped by SIGTERM finish or put back its jobs: each then completes once, as an embedded run does', async () => {
      // Shards of 5000 samples here: one job runs whole, the other in three shards.
      const shardSamples = 5000;
      const bodies = [longSamplingBody(5000, 11), longSamplingBody(15_000, 12)];
      const reference = await embeddedSamples(bodies, shardSamples);
      const options = await deployment();
      const node = await apiNode(options);
      const first = await worker(options, 2, { shardSamples, logLevel: 'debug' });
      const ids = await Promise.all(bodies.map((body) => create(node.url, body)));
      for (const id of ids) {
        await waitFor(
          'the job to run',
          () => statusOf(node.url, id),
          (s) => s.status === 'running' && s.progress > 0,
        );
      }
      // Stopped while both run (a run may still finish meanwhile); the second worker takes what it put back.
      expect(await first.kill('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(first.output()).toMatch(/^STOPPED$/m);
      const second = await worker(options, 2, { shardSamples, logLevel: 'debug' });
      for (const [i, id] of ids.entries()) {
        await completed(node.url, id);
        expect(await samplesOf(node.url, id)).toEqual(reference[i]);
      }
      const events = runEvents([first, second]);
      expectNoConcurrentRuns(events);
      // The first worker ended every run it started before it exited…
      const onFirst = events.filter((event) => event.worker === 0);
      expect(onFirst.filter((event) => event.edge === 'ended')).toHaveLength(
        onFirst.filter((event) => event.edge === 'started').length,
      );
      // … and at least one of them was put back and run again by the second worker (not a vacuous shutdown).
      const rerun = onFirst.filter((event) =>
        events.some((other) => other.worker === 1 && other.key === event.key && other.edge === 'started'),
      );
      expect(rerun.length).toBeGreaterThan(0);
    });

    it('fails a job with a clear message once each of its maxAttempts runs ended in a crash of its worker (kill -9)', async () => {
      const options = await deployment();
      const node = await apiNode(options);
      // 200,000 samples, run whole: far longer than the test.
      const id = await create(node.url, longSamplingBody(200_000));
      const crashed: WorkerProcess[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        const doomed = await worker(options, 1, { shardSamples: 1_000_000, logLevel: 'debug' });
        // Killed once its run has started and the job reports progress (the first run's progress stays shown).
        await waitFor(
          `run ${attempt} of the job`,
          async () => ({ status: await statusOf(node.url, id), events: runEvents([doomed]) }),
          ({ status, events }) =>
            status.status === 'running' &&
            status.progress > 0 &&
            events.some((event) => event.key === id && event.edge === 'started'),
        );
        expect((await doomed.kill('SIGKILL')).signal).toBe('SIGKILL');
        crashed.push(doomed);
      }
      const failed = await waitFor(
        'the job to fail',
        () => statusOf(node.url, id),
        (s) => s.status !== 'running' && s.status !== 'waiting',
      );
      expect(failed.status).toBe('error');
      expect(failed.status_message).toBe(
        'The worker running this job stopped during each of its 3 runs; it is not run again',
      );
      // One run on each crashed worker, attempts 1, 2 and 3.
      expect(
        runEvents(crashed)
          .filter((event) => event.edge === 'started')
          .map((event) => [event.worker, event.attempt]),
      ).toEqual([
        [0, 1],
        [1, 2],
        [2, 3],
      ]);
      // A live worker does not run it again, and runs the next job.
      const live = await worker(options, 1, { logLevel: 'debug' });
      const next = await create(node.url, createJobBody(homExperiment()));
      await completed(node.url, next);
      await expectHomResults(node.url, next);
      expect(await statusOf(node.url, id)).toMatchObject({ status: 'error' });
      expect(runEvents([live]).filter((event) => event.key === id)).toEqual([]);
    });

    it('stops a sharded job at its max_execution_time over all its shards on two workers, keeping partial samples', async () => {
      const options = await deployment();
      const node = await apiNode(options);
      await Promise.all([worker(options, 2), worker(options, 2)]);
      // 640 shards of 700 samples, each a small fraction of the limit: only the whole job can reach it, and even two
      // idle cores cannot finish them all within it (64 shards could: the job then ended with every sample).
      const total = 640 * SHARD_SAMPLES;
      const id = await create(node.url, { ...longSamplingBody(total), max_execution_time: 3 });
      const stopped = await waitFor(
        'the time limit',
        () => statusOf(node.url, id),
        (s) => !['waiting', 'running', 'cancel_requested'].includes(s.status),
      );
      expect(stopped.status).toBe('canceled');
      expect(stopped.status_message).toBe(outOfTimeMessage(3, true));
      const samples = await samplesOf(node.url, id);
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.length).toBeLessThan(total);
    });
  },
);
