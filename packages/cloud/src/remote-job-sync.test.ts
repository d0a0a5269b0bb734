/**
 * `RemoteJob.executeSync` truly blocks its thread: a worker thread of the BUILT package does the HTTP work.
 * The cloud runs on a thread of its own here — on the blocked one it could not answer.
 */
import { AuthenticationError, BSCount, JobError, RunningStatus, type SamplerResult } from '@bosonic/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBuiltPackage } from './testing/built-package.js';
import { jobRequest } from './testing/fixtures.js';
import { startTestCloudThread, type TestCloudThread } from './testing/test-cloud-thread.js';

const TOKEN = 't0k3n';

describe('RemoteJob.executeSync (built package)', () => {
  let cloud: TestCloudThread;
  let built: Awaited<ReturnType<typeof importBuiltPackage>>;
  let rpc: InstanceType<typeof built.RpcClient>;

  beforeAll(async () => {
    built = await importBuiltPackage();
    cloud = await startTestCloudThread({
      scripts: {
        slow: { startAfterMs: 20, runForMs: 200 },
        failing: { startAfterMs: 5, runForMs: 10, outcome: { status: 'error', message: 'out of photons' } },
      },
    });
    rpc = new built.RpcClient({ url: cloud.url, token: TOKEN });
  });

  afterAll(async () => {
    await rpc?.close();
    await cloud?.close();
  });

  const jobNamed = (name: string, rpcClient = rpc) =>
    new built.RemoteJob({
      link: { rpc: rpcClient, platform: 'sim:test', refreshIntervalMs: 20 },
      name,
      prepare: (_args, jobName) => ({
        ...jobRequest('sample_count', { maxSamples: 10_000 }),
        job_name: jobName,
      }),
    });

  it('blocks the calling thread until the results are in, calling progress listeners on it', async () => {
    const job = jobNamed('slow');
    const progress: number[] = [];
    job.onProgress((p) => progress.push(p));
    let timerFired = false;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    const started = Date.now();
    const { results } = job.executeSync() as SamplerResult;
    const blockedMs = Date.now() - started;
    // A zero-delay timer could not fire: the event loop never turned while the job ran (~220 ms).
    expect(timerFired).toBe(false);
    expect(blockedMs).toBeGreaterThanOrEqual(200);
    expect(results).toBeInstanceOf(BSCount);
    expect((results as BSCount).get('|1,0>')).toBe(4841);
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.isSuccess).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
    expect(job.status.startTime).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timerFired).toBe(true);
    expect((await cloud.jobs()).find((j) => j.id === job.id)?.status).toBe('completed');
  });

  it('calling the job is executeSync', () => {
    const job = jobNamed('plain');
    const { results } = job() as SamplerResult;
    expect((results as BSCount).total()).toBe(4841 + 4875);
  });

  it('throws JobError with the server message for a failed job', () => {
    const job = jobNamed('failing');
    expect(() => job.executeSync()).toThrow(new JobError('out of photons'));
    expect(job.status.status).toBe(RunningStatus.ERROR);
    expect(job.id).toBeDefined();
  });

  it('a refused creation (wrong token) ends the job ERROR; the JobError carries the AuthenticationError', async () => {
    const wrong = new built.RpcClient({ url: cloud.url, token: 'wrong' });
    const job = jobNamed('plain', wrong);
    let error: unknown;
    try {
      job.executeSync();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JobError);
    expect((error as JobError).cause).toBeInstanceOf(AuthenticationError);
    expect(((error as JobError).cause as AuthenticationError).status).toBe(401);
    expect(job.id).toBeUndefined();
    expect(job.status.stopMessage).toMatch(/^AuthenticationError: POST \/api\/job answered 401/);
    await wrong.close();
  });

  it('bad arguments fail the job before any request', () => {
    const job = new built.RemoteJob({
      link: { rpc, platform: 'sim:test' },
      prepare: (args) => {
        if (args.length > 0) throw new TypeError(`no arguments expected, got ${args.length}`);
        return jobRequest('probs');
      },
    });
    expect(() => job.executeSync(1)).toThrow(new JobError('TypeError: no arguments expected, got 1'));
  });
});
