import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BosonicError, type BSSamples } from '@bosonic/core';
import { deserialize } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { startServer } from '../start-server.js';
import { cleanupAfterEach } from '../testing/cleanups.js';
import { createJobBody, homExperiment, longSamplingExperiment } from '../testing/fixtures.js';
import { rawCall } from '../testing/raw-http.js';
import { type ServerProcess, spawnServer } from '../testing/server-process.js';
import { TOKEN_A } from '../testing/test-server.js';

/**
 * Restart safety: whatever stops the server — `kill -9` in the middle of running jobs, or a SIGTERM — a
 * restart on the same data directory finishes every accepted job; none is lost, none stays running.
 */

const { defer, dataDir } = cleanupAfterEach();

async function spawn(dir: string): Promise<ServerProcess> {
  const server = await spawnServer({ dataDir: dir, tokens: [TOKEN_A], workers: 2, threadsPerJob: 1 });
  defer(async () => {
    await server.kill('SIGKILL');
  });
  return server;
}

/** Sampling jobs of about a second each (15 000 samples of 14 photons on 28 modes), plus quick probs jobs. */
async function submitJobs(url: string): Promise<{ id: string; samples: boolean }[]> {
  const jobs: { id: string; samples: boolean }[] = [];
  for (let i = 0; i < 6; i++) {
    const samples = i % 3 !== 2;
    const body = samples
      ? createJobBody(longSamplingExperiment(), {
          command: 'samples',
          max_samples: 15_000,
          max_shots: 10_000_000,
        })
      : createJobBody(homExperiment());
    const answer = await rawCall(url, 'POST', '/api/job', { token: TOKEN_A, body });
    expect(answer.status).toBe(200);
    jobs.push({ id: (answer.json as { job_id: string }).job_id, samples });
  }
  return jobs;
}

async function statusOf(url: string, id: string): Promise<{ status: string; progress: number }> {
  const answer = await rawCall(url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A });
  expect(answer.status).toBe(200);
  return answer.json as { status: string; progress: number };
}

/** Waits until `count` jobs run with some progress. */
async function someRunning(url: string, ids: readonly string[], count: number): Promise<void> {
  for (;;) {
    const statuses = await Promise.all(ids.map((id) => statusOf(url, id)));
    if (statuses.filter((s) => s.status === 'running' && s.progress > 0).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits for every job to complete and checks its results. */
async function expectAllCompleted(
  url: string,
  jobs: readonly { id: string; samples: boolean }[],
): Promise<void> {
  const deadline = Date.now() + 150_000; // under the test timeout, for a clearer message
  for (const job of jobs) {
    let status = await statusOf(url, job.id);
    while (status.status !== 'completed') {
      expect(['waiting', 'running']).toContain(status.status);
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await statusOf(url, job.id);
    }
    const result = await rawCall(url, 'GET', `/api/job/result/${job.id}`, { token: TOKEN_A });
    const content = JSON.parse((result.json as { results: string }).results);
    if (job.samples) expect((deserialize(content.results) as BSSamples).length).toBe(15_000);
    else expect(content.results).toMatch(/^:PCVL:/);
  }
}

describe('restart safety', () => {
  it('finishes every job after a kill -9 in the middle of running jobs', async () => {
    const dir = dataDir();
    const first = await spawn(dir);
    const jobs = await submitJobs(first.url);
    await someRunning(
      first.url,
      jobs.map((job) => job.id),
      2,
    );
    const { signal } = await first.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');

    const second = await spawn(dir);
    // Nothing is left running from the dead process: interrupted jobs were queued again.
    for (const job of jobs)
      expect(['waiting', 'running', 'completed']).toContain((await statusOf(second.url, job.id)).status);
    await expectAllCompleted(second.url, jobs);
  });

  it('stops gracefully on SIGTERM and runs the interrupted jobs after a restart', async () => {
    const dir = dataDir();
    const first = await spawn(dir);
    const jobs = await submitJobs(first.url);
    await someRunning(
      first.url,
      jobs.map((job) => job.id),
      1,
    );
    const exit = await first.kill('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('STOPPED SIGTERM');

    const second = await spawn(dir);
    await expectAllCompleted(second.url, jobs);
  });
});

describe('tokens on disk', () => {
  it('creates a token on the first start only, shows it once and stores only its hash', async () => {
    const dir = dataDir();
    const first = await startServer({ dataDir: dir, logger: false });
    expect(first.createdToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const token = first.createdToken!;
    expect((await rawCall(first.url, 'GET', '/api/jobs/availability', { token })).status).toBe(200);
    await first.close();

    const second = await startServer({ dataDir: dir, logger: false });
    defer(() => second.close());
    expect(second.createdToken).toBeUndefined();
    expect((await rawCall(second.url, 'GET', '/api/jobs/availability', { token })).status).toBe(200);
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file)).includes(Buffer.from(token))).toBe(false);
    }
  });

  it('stores configured tokens hashed too, and refuses a second server on the same data directory', async () => {
    const dir = dataDir();
    const server = await startServer({ dataDir: dir, tokens: [TOKEN_A], logger: false });
    defer(() => server.close());
    expect(server.createdToken).toBeUndefined();
    for (const file of readdirSync(dir)) {
      expect(readFileSync(join(dir, file)).includes(Buffer.from(TOKEN_A))).toBe(false);
    }
    await expect(startServer({ dataDir: dir, tokens: [TOKEN_A], logger: false })).rejects.toSatisfy(
      (error) => error instanceof BosonicError && error.code === 'ERR_STORE_LOCKED',
    );
  });
});
