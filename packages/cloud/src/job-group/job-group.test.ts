import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthenticationError,
  type BSCount,
  RunningStatus,
  type SamplerResult,
  ValidationError,
} from '@bosonic/core';
import type { CreateJobRequest } from '@bosonic/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RemoteJob, type RemoteJobLink } from '../remote-job.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { type JobScript, startTestCloud, type TestCloud } from '../testing/cloud-test-server.js';
import { jobRequest, resultsFor } from '../testing/fixtures.js';
import { JobGroup } from './job-group.js';

const TOKEN = 'jobgroup-s3cret-token';

describe('JobGroup', () => {
  let cloud: TestCloud;
  let rpc: RpcClient;
  let link: RemoteJobLink;
  let dataDir: string;
  let env: Record<string, string>;
  let scriptOf: (request: CreateJobRequest) => JobScript;
  const groups: JobGroup[] = [];

  beforeEach(async () => {
    scriptOf = () => ({ startAfterMs: 5, runForMs: 20 });
    cloud = await startTestCloud({
      tokens: [TOKEN],
      results: resultsFor,
      script: (request) => scriptOf(request),
      maxJobsInQueue: 3,
    });
    rpc = new RpcClient({ url: cloud.url, token: TOKEN });
    link = { rpc, platform: 'sim:test', refreshIntervalMs: 10 };
    dataDir = mkdtempSync(join(tmpdir(), 'bosonic-data-'));
    env = {
      BOSONIC_DATA_DIR: dataDir,
      BOSONIC_CONFIG_DIR: join(dataDir, 'config'),
      BOSONIC_CLOUD_TOKEN: TOKEN,
    };
  });

  afterEach(async () => {
    await Promise.all(groups.splice(0).map((group) => group.close()));
    await rpc.close();
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const open = (name: string): JobGroup => {
    const group = new JobGroup(name, { env, pollIntervalMs: 10, connection: { refreshIntervalMs: 10 } });
    groups.push(group);
    return group;
  };

  /** A sampler-like job: its execute argument becomes max_samples. */
  const countJob = (name = 'sample_count'): RemoteJob =>
    new RemoteJob({
      link,
      name,
      prepare: (args, jobName) => ({
        ...jobRequest('sample_count', { maxSamples: args[0] as number }),
        job_name: jobName,
      }),
    });

  const fileOf = (group: JobGroup): string => readFileSync(group.path, 'utf8');

  it('is saved under the data directory at once, listed, and deleted', () => {
    const group = open('sweep-1');
    expect(group.path).toBe(join(dataDir, 'job_group', 'sweep-1.json'));
    expect(JSON.parse(fileOf(group))).toMatchObject({ job_group_data: [] });
    expect(JSON.parse(fileOf(group)).created_date).toMatch(/^\d{8}_\d{6}$/);
    open('sweep-2');
    expect(JobGroup.listLocallySaved(env)).toEqual(['sweep-1', 'sweep-2']);
    expect(JobGroup.delete('sweep-1', env)).toBe(true);
    expect(JobGroup.delete('sweep-1', env)).toBe(false);
    expect(JobGroup.listLocallySaved(env)).toEqual(['sweep-2']);
    expect(() => open('../escape')).toThrow(expect.objectContaining({ field: 'name' }));
  });

  it('saves each added job with its request, its platform and URL, and never the token', () => {
    const group = open('saved');
    group.add(countJob(), 10_000);
    group.add(countJob('second'), 500);
    const text = fileOf(group);
    expect(text).not.toContain(TOKEN);
    expect(text.toLowerCase()).not.toContain('bearer');
    expect(text.toLowerCase()).not.toContain('authorization');
    const saved = JSON.parse(text);
    expect(saved.job_group_data).toHaveLength(2);
    expect(saved.job_group_data[0]).toMatchObject({
      id: null,
      name: 'sample_count',
      status: null,
      metadata: { platform: 'sim:test', url: cloud.url },
    });
    expect(saved.job_group_data[0].request_data.payload.max_samples).toBe(10_000);
    expect(saved.job_group_data[1].request_data.payload.max_samples).toBe(500);
    expect(group.listUnsentJobs()).toHaveLength(2);
  });

  it('refuses what is not a RemoteJob, a job twice, and arguments to a sent job', async () => {
    const group = open('strict');
    const job = countJob();
    group.add(job, 10);
    expect(() => group.add(job)).toThrow(expect.objectContaining({ field: 'job' }));
    expect(() => group.add({} as RemoteJob)).toThrow(ValidationError);
    const sent = countJob();
    await sent.executeAsync(5);
    expect(() => group.add(sent, 5)).toThrow(expect.objectContaining({ field: 'args' }));
    group.add(sent);
    expect(group.size).toBe(2);
  });

  it('runParallel sends every job within the quota, waits for all, and records the outcome', async () => {
    const group = open('parallel');
    for (let i = 0; i < 5; i++) group.add(countJob(`job-${i}`), 100 + i);
    await group.runParallel();
    expect(group.listSuccessfulJobs()).toHaveLength(5);
    expect(group.listUnsentJobs()).toHaveLength(0);
    // The quota is 3 queued jobs: never more at once.
    const jobs = [...cloud.jobs.values()];
    for (const job of jobs) {
      const overlapping = jobs.filter(
        (other) => other.created <= job.created && (other.stopped ?? 0) >= job.created,
      );
      expect(overlapping.length).toBeLessThanOrEqual(3);
    }
    for (const job of jobs) expect(job.request.job_group_name).toBe('parallel');
    const saved = JSON.parse(fileOf(group));
    expect(saved.job_group_data.map((record: { status: string }) => record.status)).toEqual(
      Array(5).fill('SUCCESS'),
    );
    // Successful jobs are saved without their request.
    expect(saved.job_group_data[0].request_data).toBeUndefined();
    const results = await group.getResults();
    expect(results.map((r) => ((r as SamplerResult).results as BSCount).total())).toEqual(
      Array(5).fill(9716),
    );
  });

  it('runSequential sends one job at a time, each after the previous one finished', async () => {
    const group = open('sequential');
    for (let i = 0; i < 3; i++) group.add(countJob(`job-${i}`), 10);
    await group.runSequential();
    const jobs = [...cloud.jobs.values()].sort((a, b) => a.created - b.created);
    expect(jobs).toHaveLength(3);
    for (let i = 1; i < jobs.length; i++)
      expect(jobs[i]!.created).toBeGreaterThanOrEqual(jobs[i - 1]!.stopped!);
    expect(group.listSuccessfulJobs()).toHaveLength(3);
  });

  it('reloads from its file in another instance: the token comes from the configuration', async () => {
    const first = open('reloaded');
    first.add(countJob('done'), 10);
    first.add(countJob('later'), 20);
    await first.launchAsyncJobs(1);
    await first.jobs[0]!.wait();
    await first.progress();
    const again = open('reloaded');
    expect(again.size).toBe(2);
    expect(again.jobs[0]!.id).toBe(first.jobs[0]!.id);
    expect(again.listSuccessfulJobs().map((job) => job.name)).toEqual(['done']);
    expect(again.listUnsentJobs().map((job) => job.name)).toEqual(['later']);
    // Results are not on disk: they are fetched again.
    const [done, later] = await again.getResults();
    expect(((done as SamplerResult).results as BSCount).get('|1,0>')).toBe(4841);
    expect(later).toBeUndefined();
    // The unsent job is sent from the reloaded group, with the request saved earlier.
    await again.runParallel();
    const sent = cloud.jobs.get(again.jobs[1]!.id!);
    expect(sent?.request.payload.max_samples).toBe(20);
    expect(again.listSuccessfulJobs()).toHaveLength(2);
  });

  it('needs a token to reload jobs, and says so', () => {
    const group = open('tokenless');
    group.add(countJob(), 1);
    const { BOSONIC_CLOUD_TOKEN: _, ...withoutToken } = env;
    expect(() => new JobGroup('tokenless', { env: withoutToken })).toThrow(AuthenticationError);
  });

  it('reports progress as Perceval counts it', async () => {
    scriptOf = (request) =>
      request.job_name === 'endless' ? { startAfterMs: 5, outcome: { status: 'never' } } : { runForMs: 5 };
    const group = open('progress');
    group.add(countJob('quick'), 1);
    group.add(countJob('endless'), 1);
    group.add(countJob('unsent'), 1);
    expect(await group.launchAsyncJobs(2)).toBe(2);
    await group.jobs[0]!.wait();
    expect(await group.progress()).toEqual({
      total: 3,
      finished: { count: 1, successful: 1, unsuccessful: 0 },
      unfinished: { count: 2, sent: 1, notSent: 1 },
    });
    expect(group.listActiveJobs().map((job) => job.name)).toEqual(['endless']);
    await group.cancelAll();
    await group.jobs[1]!.wait().catch(() => undefined);
    expect(group.jobs[1]!.knownStatus.status).toBe(RunningStatus.CANCELED);
    await group.progress();
    expect(group.listUnsuccessfulJobs().map((job) => job.name)).toEqual(['endless']);
  });

  it('reruns failed jobs in place (or appended), once per call', async () => {
    const attempts = new Map<string, number>();
    scriptOf = (request) => {
      const name = request.job_name ?? '';
      const attempt = (attempts.get(name) ?? 0) + 1;
      attempts.set(name, attempt);
      // "flaky" fails once; "broken" always fails.
      const fails = name === 'broken' || (name === 'flaky' && attempt === 1);
      return { runForMs: 5, ...(fails ? { outcome: { status: 'error', message: 'boom' } as const } : {}) };
    };
    const group = open('reruns');
    group.add(countJob('flaky'), 1);
    group.add(countJob('broken'), 1);
    await group.runParallel();
    expect(group.listUnsuccessfulJobs().map((job) => job.name)).toEqual(['flaky', 'broken']);
    const firstIds = group.jobs.map((job) => job.id);
    await group.rerunFailedParallel();
    expect(group.size).toBe(2);
    expect(group.jobs.map((job) => job.id)).not.toEqual(firstIds);
    expect(group.listSuccessfulJobs().map((job) => job.name)).toEqual(['flaky']);
    expect(group.listUnsuccessfulJobs().map((job) => job.name)).toEqual(['broken']);
    await group.rerunFailedSequential(0, { replaceFailedJobs: false });
    expect(group.size).toBe(3);
    expect(attempts.get('broken')).toBe(3);
  });

  it('asks for concurrentJobCount when the cloud cannot tell its quota', async () => {
    const group = open('no-quota');
    group.add(countJob(), 1);
    cloud.fault({ path: /^\/api\/jobs\/availability$/, status: 404, times: 1 });
    await expect(group.launchAsyncJobs()).rejects.toMatchObject({ field: 'concurrentJobCount' });
    cloud.fault({ path: /^\/api\/jobs\/availability$/, status: 404, times: 1 });
    expect(await group.launchAsyncJobs(1)).toBe(1);
  });

  it('names a malformed file in its error', () => {
    const group = open('broken-file');
    writeFileSync(group.path, '{"job_group_data": [{"id": 3}]}');
    expect(() => open('broken-file')).toThrow(/broken-file\.json is malformed: job_group_data\[0\]\.id/);
  });
});
