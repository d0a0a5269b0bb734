import { listJobs, type RemoteJob, RemoteProcessor, usage } from '@bosonic/cloud';
import { BasicState, HttpError, RunningStatus, Sampler, ValidationError } from '@bosonic/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longSamplingExperiment, referenceFiveCircuit } from '../testing/fixtures.js';
import { startTestServer, TOKEN_A, TOKEN_B } from '../testing/test-server.js';

/**
 * Job management through `@bosonic/cloud` against a real server: `listJobs`, `RemoteJob.tags` / `setTags` /
 * `delete`, the real name through `resumeJob`, and `usage`.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
const processors: RemoteProcessor[] = [];

async function connect(platform: string, token = TOKEN_A): Promise<RemoteProcessor> {
  const rp = await RemoteProcessor.connect(platform, { url: server.url, token, refreshIntervalMs: 20 });
  processors.push(rp);
  return rp;
}

/** A probs job of reference #5, named and tagged, run to completion. */
async function completedJob(name: string, tags: string[]): Promise<RemoteJob> {
  const rp = await connect('sim:slos');
  rp.setCircuit(referenceFiveCircuit())
    .withInput(new BasicState([0, 1, 1]))
    .minDetectedPhotonsFilter(1);
  const job = new Sampler(rp, { maxShotsPerCall: 1000 }).probs as RemoteJob;
  job.name = name;
  await job.setTags(tags);
  await job.executeAsync();
  await job.wait({ timeoutMs: 20_000 });
  return job;
}

async function collect(iterable: AsyncIterable<RemoteJob>): Promise<RemoteJob[]> {
  const jobs: RemoteJob[] = [];
  for await (const job of iterable) jobs.push(job);
  return jobs;
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await Promise.all(processors.map((rp) => rp.close()));
  await server.stop();
});

describe('@bosonic/cloud job management', () => {
  it('sends tags with the creation, and resumes a job under its real name', async () => {
    const job = await completedJob('reference five', ['ref', 'five']);
    expect(job.tags).toEqual(['ref', 'five']);
    const resumed = await processors[0]!.resumeJob(job.id!);
    expect(resumed.name).toBe('reference five');
    expect(resumed.tags).toEqual(['ref', 'five']);
    expect(resumed.status.status).toBe(RunningStatus.SUCCESS);
    expect(resumed.remoteStatus).toMatchObject({ platform: 'sim:slos', status: 'completed' });
  });

  it('lists the token’s jobs lazily, newest first, with filters, as RemoteJobs that fetch their results', async () => {
    const older = await completedJob('list-a', ['listing']);
    const newer = await completedJob('list-b', ['listing']);
    const options = { url: server.url, token: TOKEN_A, refreshIntervalMs: 20 };
    const listing = listJobs({ ...options, tags: ['listing'], pageSize: 1 });
    const jobs = await collect(listing);
    expect(jobs.map((job) => job.id)).toEqual([newer.id, older.id]);
    expect(jobs[0]!.name).toBe('list-b');
    expect(jobs[0]!.platform).toBe('sim:slos');
    const results = await jobs[0]!.wait({ timeoutMs: 10_000 });
    expect(results).toEqual(newer.getResults());
    await listing.close();

    expect((await collect(listJobs({ ...options, name: 'list-', limit: 1 }))).map((job) => job.id)).toEqual([
      newer.id,
    ]);
    expect(await collect(listJobs({ ...options, status: 'running', tags: ['listing'] }))).toEqual([]);
    expect(await collect(listJobs({ ...options, createdAfter: new Date(Date.now() + 60_000) }))).toEqual([]);
    expect(await collect(listJobs({ url: server.url, token: TOKEN_B }))).toEqual([]);
    expect(() => listJobs({ ...options, limit: 0 })).toThrow(ValidationError);
    await expect(collect(listJobs({ ...options, createdAfter: 'last tuesday' }))).rejects.toSatisfy(
      (error) => error instanceof HttpError && error.status === 400,
    );
  });

  it('replaces tags with setTags, checked before they are sent', async () => {
    const job = await completedJob('retag', ['before']);
    await job.setTags(['after', 'after', 'again']);
    expect(job.tags).toEqual(['after', 'again']);
    const resumed = await processors[0]!.resumeJob(job.id!);
    expect(resumed.tags).toEqual(['after', 'again']);
    await expect(job.setTags(['x'.repeat(65)])).rejects.toBeInstanceOf(ValidationError);
  });

  it('deletes a finished job; an unfinished one is refused with a 409', async () => {
    const rp = await connect('sim:clifford2017');
    const experiment = longSamplingExperiment();
    rp.setCircuit(experiment.circuit!)
      .withInput(experiment.input as BasicState)
      .minDetectedPhotonsFilter(1);
    const running = new Sampler(rp, { maxShotsPerCall: 10_000_000 }).samples as RemoteJob;
    await running.executeAsync(200_000);
    await expect(running.delete()).rejects.toSatisfy(
      (error) => error instanceof HttpError && error.status === 409,
    );
    await running.cancel();
    await running.wait({ timeoutMs: 20_000 }).catch(() => undefined);
    await running.delete();
    await expect(processors[0]!.resumeJob(running.id!)).rejects.toSatisfy(
      (error) => error instanceof HttpError && error.status === 404,
    );
  });

  it('reads the token’s usage per platform', async () => {
    const since = new Date();
    await completedJob('usage', []);
    const mine = await usage({ url: server.url, token: TOKEN_A, since });
    expect(mine.since?.getTime()).toBeCloseTo(since.getTime(), -1);
    expect(mine.until).toBeUndefined();
    expect(mine.platforms).toEqual([
      { platform: 'sim:slos', jobs: 1, runSeconds: expect.any(Number), samples: 0 },
    ]);
    expect((await usage({ url: server.url, token: TOKEN_B })).platforms).toEqual([]);
  });
});
