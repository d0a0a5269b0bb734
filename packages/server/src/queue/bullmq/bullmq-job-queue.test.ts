import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../errors/service-unavailable-error.js';
import type { NewJob } from '../../store/job-record.js';
import { type DistributedParts, distributedParts, eventually } from '../../testing/distributed-parts.js';
import { createJobBody, homExperiment } from '../../testing/fixtures.js';
import { servicesOrSkip } from '../../testing/services/service-availability.js';
import { BullMQJobQueue } from './bullmq-job-queue.js';

/**
 * The API side of the distributed queue against a real Redis and PostgreSQL: a stored job is announced to BullMQ
 * under its own id, and the reconciler puts back what Redis lost and what dead workers left, so PostgreSQL stays the
 * source of truth whatever happens to Redis.
 */

const OWNER = 'a'.repeat(64);
const available = servicesOrSkip('BullMQJobQueue tests');
const silent = pino({ level: 'silent' });

function job(id: string): NewJob {
  return {
    id,
    owner: OWNER,
    platform: 'sim:slos',
    name: id,
    request: JSON.stringify(createJobBody(homExperiment())),
  };
}

function openQueue(parts: DistributedParts, options: { reconcileIntervalMs?: number } = {}): BullMQJobQueue {
  const queue = new BullMQJobQueue({
    store: parts.store,
    redis: parts.redis(false),
    maxAttempts: 2,
    logger: silent,
    ...options,
  });
  parts.defer(() => queue.close());
  return queue;
}

describe.skipIf(!available)('BullMQJobQueue', { timeout: 120_000 }, () => {
  const fixture = distributedParts();

  it('announces a stored job to BullMQ under its own id, once however often it is announced', async () => {
    const parts = await fixture.parts();
    const queue = openQueue(parts);
    await parts.store.createJob(job('j1'), { maxActive: 10 });
    queue.notifyEnqueued('j1');
    queue.notifyEnqueued('j1');
    await eventually(
      'the announcement',
      () => parts.queue.getJobState('j1'),
      (state) => state === 'waiting',
    );
    expect((await parts.queue.getJob('j1'))?.data).toEqual({ jobId: 'j1' });
    expect((await parts.queue.getJobCounts('waiting')).waiting).toBe(1);
  });

  it('reconciles: queues again the waiting jobs Redis lost, requeues lapsed runs, fails those past maxAttempts', async () => {
    const parts = await fixture.parts({ leaseSeconds: 1 });
    const queue = openQueue(parts);
    const { store } = parts;
    for (const id of ['never-announced', 'lapsed', 'tired', 'live'])
      await store.createJob(job(id), { maxActive: 10 });
    // "tired" runs twice, its worker dying each time; "lapsed" once; "live" keeps its lease.
    await store.claimJob('tired', { maxAttempts: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await store.claimJob('tired', { maxAttempts: 2 })).toMatchObject({ attempt: 2 });
    await store.claimJob('lapsed', { maxAttempts: 2 });
    const live = await store.claimJob('live', { maxAttempts: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await store.renewLeases([{ id: 'live', attempt: live!.attempt }]);

    await queue.reconcileNow();
    const status = async (id: string) => (await store.getStatus(id, OWNER))?.status;
    expect(await status('never-announced')).toBe('waiting');
    expect(await status('lapsed')).toBe('waiting');
    expect(await store.getStatus('tired', OWNER)).toMatchObject({
      status: 'error',
      statusMessage: 'The worker running this job stopped during each of its 2 runs; it is not run again',
    });
    expect(await status('live')).toBe('running');
    const states = async () =>
      Object.fromEntries(
        await Promise.all(
          ['never-announced', 'lapsed', 'tired', 'live'].map(async (id) => [
            id,
            await parts.queue.getJobState(id),
          ]),
        ),
      );
    expect(await states()).toEqual({
      'never-announced': 'waiting',
      lapsed: 'waiting',
      tired: 'unknown',
      live: 'unknown',
    });

    // Redis restarted empty: the next pass queues the waiting jobs again, from the database.
    await parts.flushRedis();
    expect((await states()).lapsed).toBe('unknown');
    await queue.reconcileNow();
    expect(await states()).toEqual({
      'never-announced': 'waiting',
      lapsed: 'waiting',
      tired: 'unknown',
      live: 'unknown',
    });
  });

  it('start() reconciles at once, then every reconcileIntervalMs', async () => {
    const parts = await fixture.parts();
    const queue = openQueue(parts, { reconcileIntervalMs: 200 });
    await parts.store.createJob(job('before'), { maxActive: 10 });
    queue.start();
    await eventually(
      'the first pass',
      () => parts.queue.getJobState('before'),
      (state) => state === 'waiting',
    );
    // Stored after the start and never announced: a later pass finds it.
    await parts.store.createJob(job('after'), { maxActive: 10 });
    await eventually(
      'a later pass',
      () => parts.queue.getJobState('after'),
      (state) => state === 'waiting',
    );
    expect(queue.runningCount).toBe(0);
    await queue.close();
    await queue.close();
  });

  it('answers checkAvailable while Redis does, and throws ServiceUnavailableError while it is down', async () => {
    const parts = await fixture.parts();
    const queue = openQueue(parts);
    await queue.checkAvailable();
    const { redis } = fixture.services();
    await redis.stop();
    try {
      // The connection notices the lost socket a moment after Redis dies.
      const refused = await eventually(
        'the queue to find Redis down',
        () =>
          queue.checkAvailable().then(
            () => undefined,
            (error: unknown) => error,
          ),
        (error) => error !== undefined,
      );
      expect(refused).toBeInstanceOf(ServiceUnavailableError);
      expect(refused).toMatchObject({ code: 'ERR_QUEUE_UNAVAILABLE', service: 'queue' });
      expect((refused as Error).message).toMatch(/^The job queue \(Redis\) cannot be reached/);
    } finally {
      await redis.start();
    }
    await eventually(
      'Redis to answer again',
      () =>
        queue.checkAvailable().then(
          () => true,
          () => false,
        ),
      (ok) => ok,
    );
  });
});
