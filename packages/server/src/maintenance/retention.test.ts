import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteJobStore } from '../store/sqlite/sqlite-job-store.js';
import { PURGE_BATCH, startRetention } from './retention.js';

const OWNER = 'o'.repeat(64);
const DAY = 86_400;

let dir: string;
let clock: number;
let store: SqliteJobStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bosonic-retention-'));
  clock = 1_700_000_000;
  store = SqliteJobStore.open({ file: join(dir, 'jobs.sqlite'), now: () => clock, fsync: false });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `count` jobs canceled at the current clock (finished), and one still waiting. */
async function finishedJobs(prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    await store.createJob(
      { id, owner: OWNER, platform: 'sim:slos', name: id, request: '{}' },
      { maxActive: 1_000_000 },
    );
    await store.requestCancel(id, OWNER);
  }
}

describe('retention', () => {
  it('removes, in batches, every finished job stopped longer ago than the retention, and nothing else', async () => {
    await finishedJobs('old', 2 * PURGE_BATCH + 17);
    clock += 2 * DAY;
    await finishedJobs('recent', 3);
    await store.createJob(
      { id: 'waiting', owner: OWNER, platform: 'sim:slos', name: null, request: '{}' },
      { maxActive: 1_000_000 },
    );
    clock += 0.5 * DAY;
    const retention = startRetention({
      store,
      retentionDays: 1,
      logger: pino({ level: 'silent' }),
      now: () => clock,
      intervalMs: 3_600_000,
    });
    try {
      // The sweep started at once; a second call joins it.
      expect(await retention.sweep()).toBe(2 * PURGE_BATCH + 17);
      const left = await store.listJobs(OWNER, {}, { limit: 1000 });
      expect(left.jobs.map((job) => job.id).sort()).toEqual(['recent-0', 'recent-1', 'recent-2', 'waiting']);
      clock += DAY;
      expect(await retention.sweep()).toBe(3);
      expect((await store.listJobs(OWNER, {}, { limit: 10 })).jobs.map((job) => job.id)).toEqual(['waiting']);
    } finally {
      await retention.close();
    }
  });
});
