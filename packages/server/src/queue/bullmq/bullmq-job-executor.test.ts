import type { BSDistribution, BSSamples } from '@bosonic/core';
import { deserialize, parseJobResultsText } from '@bosonic/protocol';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runJob } from '../../execution/run-job.js';
import type { ExecutionLimits } from '../../jobs/sampler-job-plan.js';
import { simulatorPlatforms } from '../../platforms/platforms.js';
import type { NewJob } from '../../store/job-record.js';
import type { PostgresJobStore } from '../../store/postgres/postgres-job-store.js';
import { type DistributedParts, distributedParts, eventually } from '../../testing/distributed-parts.js';
import { createJobBody, homExperiment, longSamplingExperiment } from '../../testing/fixtures.js';
import { servicesOrSkip } from '../../testing/services/service-availability.js';
import { BullMQJobExecutor } from './bullmq-job-executor.js';
import { RUN_JOB } from './redis-connection.js';

/**
 * The executor of the distributed mode against a real Redis and PostgreSQL, in this process: it runs what BullMQ
 * hands it, stores progress and results (partial ones on a cancel), hears a cancel made through any node, splits a
 * large sampling job into shards (any executor may take them) merged into the embedded mode's samples, and at close puts
 * its running jobs back for another executor.
 */

const OWNER = 'a'.repeat(64);
const available = servicesOrSkip('BullMQJobExecutor tests');
const MEMORY = 2 ** 30;
const PLATFORMS = simulatorPlatforms(MEMORY);

function job(id: string, body: object, platform = 'sim:slos'): NewJob {
  return { id, owner: OWNER, platform, name: id, request: JSON.stringify(body) };
}

function longSampling(samples: number, seed?: number): Record<string, unknown> {
  return createJobBody(longSamplingExperiment(), {
    command: 'samples',
    max_samples: samples,
    ...(seed === undefined ? {} : { parameters: { seed } }),
  });
}

function openExecutor(
  parts: DistributedParts,
  options: { platforms?: typeof PLATFORMS; shardSamples?: number; store?: PostgresJobStore } = {},
): BullMQJobExecutor {
  const executor = new BullMQJobExecutor({
    store: options.store ?? parts.store,
    redis: parts.redis(true),
    concurrency: 1,
    platforms: options.platforms ?? PLATFORMS,
    limits: { memoryLimitBytes: MEMORY, threads: 1, shardSamples: options.shardSamples ?? 1_000_000 },
    progressIntervalMs: 50,
    maxAttempts: 3,
    leaseRenewalMs: 200,
    lockDurationMs: 3000,
    logger: pino({ level: 'silent' }),
  });
  parts.defer(() => executor.close());
  return executor;
}

/** Stores `newJob` and queues it as an API node does. */
async function submit(parts: DistributedParts, newJob: NewJob): Promise<string> {
  expect(await parts.store.createJob(newJob, { maxActive: 10 })).toMatchObject({ kind: 'created' });
  await parts.queue.add(RUN_JOB, { jobId: newJob.id }, { jobId: newJob.id });
  return newJob.id;
}

async function finished(store: PostgresJobStore, id: string) {
  return eventually(
    `job ${id} to finish`,
    () => store.getStatus(id, OWNER),
    (status) => status !== undefined && !['waiting', 'running', 'cancel_requested'].includes(status.status),
  );
}

async function resultsOf(store: PostgresJobStore, id: string) {
  const stored = await store.getResults(id, OWNER);
  expect(stored?.results).toBeTypeOf('string');
  return deserialize(parseJobResultsText(stored!.results!).results);
}

describe.skipIf(!available)('BullMQJobExecutor', { timeout: 120_000 }, () => {
  const fixture = distributedParts();

  it('runs a job BullMQ hands it and stores its results (Hong–Ou–Mandel, reference #1)', async () => {
    const parts = await fixture.parts();
    const executor = openExecutor(parts);
    const id = await submit(parts, job('hom', createJobBody(homExperiment())));
    expect(await finished(parts.store, id)).toMatchObject({ status: 'completed', progress: 1 });
    const distribution = (await resultsOf(parts.store, id)) as BSDistribution;
    expect(distribution.get('|2,0>')).toBeCloseTo(0.5, 12);
    expect(distribution.get('|0,2>')).toBeCloseTo(0.5, 12);
    expect(executor.runningCount).toBe(0);
  });

  it('stops a running job on a cancel made through another node, keeping its partial samples', async () => {
    const parts = await fixture.parts();
    const executor = openExecutor(parts);
    const id = await submit(parts, job('long', longSampling(200_000), 'sim:clifford2017'));
    await eventually(
      'the job to run and progress',
      async () => ({ running: executor.runningCount, status: await parts.store.getStatus(id, OWNER) }),
      ({ running, status }) => running === 1 && status!.progress > 0,
    );
    const otherNode = await parts.openStore();
    expect(await otherNode.requestCancel(id, OWNER)).toEqual({ kind: 'requested' });
    expect(await finished(parts.store, id)).toMatchObject({
      status: 'canceled',
      statusMessage: 'Canceled by the user; partial results kept',
    });
    const samples = (await resultsOf(parts.store, id)) as BSSamples;
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThan(200_000);
  });

  it('ends a job on a platform it does not offer in error, naming the platform', async () => {
    const parts = await fixture.parts();
    const slosOnly = new Map([...PLATFORMS].filter(([name]) => name === 'sim:slos'));
    openExecutor(parts, { platforms: slosOnly });
    const id = await submit(parts, job('elsewhere', longSampling(10), 'sim:clifford2017'));
    expect(await finished(parts.store, id)).toMatchObject({
      status: 'error',
      statusMessage: 'This server no longer offers the platform sim:clifford2017',
    });
  });

  it('runs a split job on two executors, its shards recorded and merged in order: the samples of the embedded mode', async () => {
    const parts = await fixture.parts();
    const limits: ExecutionLimits = { memoryLimitBytes: MEMORY, threads: 1, shardSamples: 300 };
    const body = longSampling(1500, 2026);
    const embedded = await runJob(
      {
        jobId: 'reference',
        attempt: 1,
        platform: PLATFORMS.get('sim:clifford2017')!,
        request: JSON.stringify(body),
        limits,
        progressIntervalMs: 50,
      },
      () => {},
    ).outcome;
    expect(embedded.status).toBe('completed');
    const reference = (deserialize(parseJobResultsText(embedded.results!).results) as BSSamples).toJSON();
    const [first, second] = [
      openExecutor(parts, { shardSamples: 300 }),
      openExecutor(parts, { shardSamples: 300, store: await parts.openStore() }),
    ];
    const id = await submit(parts, job('split', body, 'sim:clifford2017'));
    expect(await finished(parts.store, id)).toMatchObject({ status: 'completed', progress: 1 });
    expect(((await resultsOf(parts.store, id)) as BSSamples).toJSON()).toEqual(reference);
    expect((await parts.store.shardStates(id)).map((shard) => shard.status)).toEqual(Array(5).fill('done'));
    expect(first.runningCount + second.runningCount).toBe(0);
  });

  it('at close, stops its running job and puts it back, in the database and in Redis, for another executor', async () => {
    const parts = await fixture.parts();
    const executor = openExecutor(parts);
    const id = await submit(parts, job('moved', longSampling(200_000), 'sim:clifford2017'));
    await eventually(
      'the job to run',
      async () => ({ running: executor.runningCount, status: await parts.store.getStatus(id, OWNER) }),
      ({ running, status }) => running === 1 && status!.progress > 0,
    );
    await executor.close();
    expect(executor.runningCount).toBe(0);
    expect(await parts.store.getStatus(id, OWNER)).toMatchObject({ status: 'waiting', startedAt: null });
    expect(await parts.queue.getJobState(id)).toBe('waiting');
    // Another executor takes it as the same attempt (a shutdown is not a crash: maxAttempts is not spent).
    const next = openExecutor(parts);
    await eventually(
      'another executor to run it',
      async () => ({ running: next.runningCount, status: await parts.store.getStatus(id, OWNER) }),
      ({ running, status }) => running === 1 && status!.status === 'running',
    );
    const rows = await parts.sql('SELECT attempt FROM jobs WHERE id = $1', [id]);
    expect(rows).toEqual([{ attempt: 1 }]);
  });
});
