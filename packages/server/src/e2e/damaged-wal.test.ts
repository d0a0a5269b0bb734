import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../testing/cleanups.js';
import { createJobBody, homExperiment, longSamplingExperiment } from '../testing/fixtures.js';
import { rawCall } from '../testing/raw-http.js';
import { type ServerProcess, spawnServer } from '../testing/server-process.js';
import { TOKEN_A } from '../testing/test-server.js';
import { damageWalFrame, walFrameCount } from '../testing/wal-damage.js';

/**
 * Issue 14, item 10, replayed: 20 jobs are created, the server is killed with -9 (its write-ahead log still holds
 * them), and 64 bytes in the middle of the log are overwritten. SQLite alone would start and silently drop the
 * jobs after the damage (9 to 20 of 20 in the report); the server refuses to start instead, naming the file and
 * what to do. An undamaged log after the same kill -9 starts with all 20. Damage to the log's last transaction
 * alone looks like a torn write to the log check; when that transaction created an acknowledged job, the count of
 * acknowledged creations kept beside the database refuses the start too.
 */

const { defer, dataDir } = cleanupAfterEach();
const JOBS = 20;

async function spawn(
  dir: string,
  options: { acceptWalLoss?: boolean; progressIntervalMs?: number } = {},
): Promise<ServerProcess> {
  const server = await spawnServer({
    dataDir: dir,
    tokens: [TOKEN_A],
    workers: 1,
    threadsPerJob: 1,
    ...options,
  });
  defer(async () => {
    await server.kill('SIGKILL');
  });
  return server;
}

/** Creates the jobs, then kills the server with -9; resolves with their ids. */
async function createThenKill(dir: string): Promise<string[]> {
  const server = await spawn(dir);
  const ids: string[] = [];
  for (let i = 0; i < JOBS; i++) {
    const answer = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: createJobBody(homExperiment(), { job_name: `job ${i}` }),
    });
    expect(answer.status).toBe(200);
    ids.push((answer.json as { job_id: string }).job_id);
  }
  expect((await server.kill('SIGKILL')).signal).toBe('SIGKILL');
  return ids;
}

async function statusCodes(url: string, ids: readonly string[]): Promise<number[]> {
  return Promise.all(
    ids.map(async (id) => (await rawCall(url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A })).status),
  );
}

/** Overwrites 64 bytes of the page of the log's middle frame; resolves with the log's frame count. */
function damageMiddleFrame(wal: string): number {
  const frames = walFrameCount(wal);
  damageWalFrame(wal, Math.floor(frames / 2));
  return frames;
}

describe('a write-ahead log after kill -9', () => {
  it('starts with all 20 jobs when the log is intact', async () => {
    const dir = dataDir();
    const ids = await createThenKill(dir);
    // Not stopped cleanly: the jobs are in the log, not yet in the database file.
    expect(statSync(join(dir, 'jobs.sqlite-wal')).size).toBeGreaterThan(0);
    const second = await spawn(dir);
    expect(await statusCodes(second.url, ids)).toEqual(ids.map(() => 200));
  });

  it('refuses to start when the middle of the log is damaged, naming the file and what to do', async () => {
    const dir = dataDir();
    const ids = await createThenKill(dir);
    const wal = join(dir, 'jobs.sqlite-wal');
    expect(damageMiddleFrame(wal)).toBeGreaterThan(JOBS);
    const refused = await spawn(dir).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(refused).toBeDefined();
    expect(refused).toContain(
      `The write-ahead log ${wal} of the job database ${join(dir, 'jobs.sqlite')} is damaged`,
    );
    expect(refused).toContain('silently drop every one after it');
    expect(refused).toContain('restore it from a backup');
    expect(refused).toContain('--accept-wal-loss');

    // The operator accepts the loss: the server starts with the jobs committed before the damage, and the others
    // answer 404 — which is what SQLite alone would have done without a word.
    const accepted = await spawn(dir, { acceptWalLoss: true });
    const codes = await statusCodes(accepted.url, ids);
    expect(codes.every((code) => code === 200 || code === 404)).toBe(true);
    expect(codes.filter((code) => code === 404).length).toBeGreaterThan(0);
    // The log was replayed and folded into the database; a clean stop removes it: the next start is a normal one.
    expect(await accepted.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(existsSync(wal)).toBe(false);
    const third = await spawn(dir);
    expect(await statusCodes(third.url, ids)).toEqual(codes);
  });

  it('refuses to start when its last transaction, which created an acknowledged job, is damaged', async () => {
    const dir = dataDir();
    // The one worker runs a long job and reports its progress once a minute: the log's last transactions are the
    // creations below, each acknowledged (200) before the next.
    const server = await spawn(dir, { progressIntervalMs: 60_000 });
    const long = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: createJobBody(longSamplingExperiment(), {
        command: 'samples',
        max_samples: 15_000,
        max_shots: 10_000_000,
      }),
    });
    expect(long.status, long.text).toBe(200);
    const longId = (long.json as { job_id: string }).job_id;
    for (;;) {
      const status = await rawCall(server.url, 'GET', `/api/job/status/${longId}`, { token: TOKEN_A });
      if ((status.json as { status: string }).status === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await rawCall(server.url, 'POST', '/api/job', {
        token: TOKEN_A,
        body: createJobBody(homExperiment(), { job_name: `after ${i}` }),
      });
      expect(answer.status).toBe(200);
      ids.push((answer.json as { job_id: string }).job_id);
    }
    await server.kill('SIGKILL');
    const wal = join(dir, 'jobs.sqlite-wal');
    damageWalFrame(wal, walFrameCount(wal) - 1);

    const refused = await spawn(dir).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(refused).toBeDefined();
    expect(refused).toContain('were acknowledged to clients');
    expect(refused).toContain('the last 1 accepted jobs are missing');
    expect(refused).toContain('--accept-wal-loss');
    // Accepting the loss: the last job is gone, the others are there.
    const accepted = await spawn(dir, { acceptWalLoss: true });
    expect(await statusCodes(accepted.url, [longId, ...ids])).toEqual([200, 200, 200, 404]);
  });
});
