import { mkdtempSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BSDistribution } from '@bosonic/core';
import { deserialize } from '@bosonic/protocol';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backgroundNiceValue } from '../../execution/thread-priority.js';
import { simulatorPlatforms } from '../../platforms/platforms.js';
import type { JobState } from '../../store/job-record.js';
import { SqliteJobStore } from '../../store/sqlite/sqlite-job-store.js';
import { createJobBody, homExperiment, longSamplingExperiment } from '../../testing/fixtures.js';
import { threadNiceValues } from '../../testing/thread-priorities.js';
import { WorkerPool } from './worker-pool.js';

describe('WorkerPool', () => {
  const OWNER = 'owner-digest';
  const MEMORY = 1 << 30;
  let dir: string;
  let store: SqliteJobStore;
  let pool: WorkerPool;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bosonic-pool-'));
    store = SqliteJobStore.open({ file: join(dir, 'jobs.sqlite'), fsync: false });
    pool = new WorkerPool({
      store,
      size: 1,
      platforms: simulatorPlatforms(MEMORY),
      limits: { memoryLimitBytes: MEMORY, threads: 1 },
      progressIntervalMs: 50,
      logger: pino({ level: 'silent' }),
    });
  });

  afterEach(async () => {
    await pool.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function create(id: string, body: Record<string, unknown>, platform = 'sim:slos'): Promise<void> {
    const outcome = await store.createJob(
      { id, owner: OWNER, platform, name: null, request: JSON.stringify(body) },
      { maxActive: 10 },
    );
    expect(outcome).toEqual({ kind: 'created', id });
  }

  /** Waits (bounded) until the job reaches one of `states`; returns the state. */
  async function settled(id: string, states: readonly JobState[]): Promise<JobState> {
    const deadline = performance.now() + 150_000; // under the test timeout, for a clearer message
    for (;;) {
      const status = await store.getStatus(id, OWNER);
      if (status !== undefined && states.includes(status.status)) return status.status;
      if (performance.now() > deadline) throw new Error(`job ${id} stayed ${status?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it.runIf(process.platform === 'linux')(
    'runs jobs below the priority of the HTTP thread, which keeps its own',
    async () => {
      const own = getPriority();
      const lowered = backgroundNiceValue(own);
      expect(lowered).toBeGreaterThan(own);
      await create('hom', createJobBody(homExperiment()));
      pool.start();
      pool.notifyEnqueued('hom');
      expect(await settled('hom', ['completed', 'error'])).toBe('completed');
      // The worker's thread ran the job: it lowered its priority first.
      expect(threadNiceValues()).toContain(lowered);
      expect(getPriority()).toBe(own);
    },
  );

  it('runs a waiting job of the store and writes its results back (reference #1, HOM)', async () => {
    await create('hom', createJobBody(homExperiment()));
    pool.start();
    pool.notifyEnqueued('hom');
    expect(await settled('hom', ['completed', 'error', 'canceled'])).toBe('completed');
    expect(pool.runningCount).toBe(0);
    const view = await store.getResults('hom', OWNER);
    const content = JSON.parse(view?.results ?? 'null') as { results: string };
    const probs = deserialize(content.results) as BSDistribution;
    expect(probs.get('|2,0>')).toBeCloseTo(0.5, 12);
    expect(probs.get('|0,2>')).toBeCloseTo(0.5, 12);
    expect(probs.get('|1,1>')).toBeCloseTo(0, 12);
  });

  it('cancels a running job on request, and puts a job it was running back in the queue when closed', async () => {
    // Clifford & Clifford sampling of 14 photons in 28 modes: tens of seconds, far longer than the test.
    const long = createJobBody(longSamplingExperiment(), { command: 'samples', max_samples: 200_000 });
    await create('canceled', long, 'sim:clifford2017');
    await create('requeued', long, 'sim:clifford2017');
    pool.start();
    pool.notifyEnqueued('canceled');
    await settled('canceled', ['running']);
    // The store marks a job running when the pool claims it, just before a worker gets it.
    const deadline = performance.now() + 150_000; // under the test timeout, for a clearer message
    while (pool.runningCount !== 1 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pool.runningCount).toBe(1);
    expect(await store.requestCancel('canceled', OWNER)).toMatchObject({ kind: 'requested' });
    pool.notifyCancelRequested('canceled');
    const ended = await settled('canceled', ['canceled', 'completed', 'error']);
    expect(ended).toBe('canceled');

    await settled('requeued', ['running']);
    await pool.close();
    expect(pool.runningCount).toBe(0);
    expect((await store.getStatus('requeued', OWNER))?.status).toBe('waiting');
  });
});
