import {
  AuthenticationError,
  BSCount,
  BSDistribution,
  HttpError,
  JobAlreadyExecutedError,
  JobCanceledError,
  JobError,
  JobTimeoutError,
  RunningStatus,
  type SamplerIterationResults,
  type SamplerResult,
  ValidationError,
} from '@bosonic/core';
import type { CreateJobRequest } from '@bosonic/protocol';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_REFRESH_INTERVAL_MS, RemoteJob, type RemoteJobLink } from './remote-job.js';
import { RpcClient } from './rpc/rpc-client.js';
import { startTestCloud, type TestCloud, type TestCloudOptions } from './testing/cloud-test-server.js';
import { halfHalf, homCounts, jobRequest, resultsFor, resultsOf } from './testing/fixtures.js';

const TOKEN = 't0k3n';
/** The 1 s refresh floor, lowered for the tests (RemoteJobLink.refreshIntervalMs). */
const INTERVAL = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RemoteJob against a cloud on 127.0.0.1', () => {
  let cloud: TestCloud;
  let rpc: RpcClient;
  let link: RemoteJobLink;

  async function start(options: TestCloudOptions = {}): Promise<void> {
    cloud = await startTestCloud({ results: resultsFor, ...options });
    rpc = new RpcClient({
      url: cloud.url,
      token: TOKEN,
      retry: { maxRetries: 1, minDelayMs: 5, maxDelayMs: 10 },
    });
    link = { rpc, platform: 'sim:test', refreshIntervalMs: INTERVAL };
  }

  const jobFor = (request: CreateJobRequest, name = request.job_name): RemoteJob =>
    new RemoteJob({ link, ...(name === undefined ? {} : { name }), prepare: () => request });

  beforeEach(async () => {
    await start();
  });

  afterEach(async () => {
    await rpc.close();
    await cloud.close();
  });

  it('executeAsync resolves once the server accepted the job; wait() gets the decoded results', async () => {
    const job = jobFor(jobRequest('sample_count', { maxSamples: 10_000 }));
    expect(job.wasSent).toBe(false);
    expect(String(job)).toBe("RemoteJob 'sample_count' id:not sent [WAITING]");
    expect(await job.executeAsync()).toBe(job);
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(cloud.jobs.get(job.id!)?.request.payload.max_samples).toBe(10_000);
    expect(job.status.status).toBe(RunningStatus.WAITING);
    const { results, globalPerf } = (await job.wait()) as SamplerResult;
    expect(results).toBeInstanceOf(BSCount);
    expect((results as BSCount).get('|1,0>')).toBe(4841);
    expect(globalPerf).toBe(1);
    expect(job.isSuccess).toBe(true);
    expect(job.status.progress).toBe(1);
    expect(job.getResults()).toEqual({ results, globalPerf });
  });

  it('mirrors progress, message and the server times', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 10, runForMs: 150 }) });
    const job = jobFor(jobRequest('probs'));
    const seen: [number, string | undefined][] = [];
    job.onProgress((progress, message) => seen.push([progress, message]));
    await job.executeAsync();
    const { results, physicalPerf, logicalPerf } = (await job.wait()) as SamplerResult;
    expect(results).toBeInstanceOf(BSDistribution);
    expect([physicalPerf, logicalPerf]).toEqual([0.9, 1]);
    const progresses = seen.map(([p]) => p);
    expect(progresses.at(-1)).toBe(1);
    expect(progresses).toEqual([...progresses].sort((a, b) => a - b));
    expect(seen.some(([p, message]) => p > 0 && p < 1 && message === 'computing')).toBe(true);
    const server = cloud.jobs.get(job.id!)!;
    expect(job.status.creationTime.getTime()).toBe(Math.round(server.created * 1000));
    expect(job.status.startTime?.getTime()).toBe(Math.round(server.started! * 1000));
    expect(job.status.runningTime).toBe(Math.round(server.stopped! - server.started!));
  });

  it('reading status starts at most one refresh per interval, and returns the last known status at once', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 1000, outcome: { status: 'never' } }) });
    const job = new RemoteJob({
      link: { rpc, platform: 'sim:test', refreshIntervalMs: 200 },
      prepare: () => jobRequest('probs'),
    });
    await job.executeAsync();
    await sleep(210);
    // One interval has passed: the first read starts a refresh, and the reads after it (no await between them,
    // so none sees that refresh end) return the last known status without starting another.
    for (let i = 0; i < 50; i++) expect(job.status.status).toBe(RunningStatus.WAITING);
    // refresh() joins the refresh in flight instead of sending a second request...
    await job.refresh();
    expect(cloud.count('GET', /^\/api\/job\/status\//)).toBe(1);
    // ...and, once none is in flight, sends one at once, without waiting for the interval.
    await job.refresh();
    await job.refresh();
    expect(cloud.count('GET', /^\/api\/job\/status\//)).toBe(3);
  });

  it('converts results client-side as the echoed job context says (probs → sample count)', async () => {
    const context = {
      result_mapping: ['perceval.utils', 'probs_to_sample_count'] as [string, string],
      mapping_delta_parameters: { max_samples: 1000, max_shots: 500 },
    };
    const job = new RemoteJob({ link, seed: 7, prepare: () => jobRequest('probs', { context }) });
    await job.executeAsync();
    const { results } = (await job.wait()) as SamplerResult;
    expect(results).toBeInstanceOf(BSCount);
    // Perceval's _deduce_count: the smaller of max_samples and max_shots.
    expect((results as BSCount).total()).toBe(500);
    expect([...(results as BSCount)].map(([state]) => state.toString()).sort()).toEqual(['|0,1>', '|1,0>']);
  });

  it('decodes the results of an iterated job, each step converted with its own max_samples', async () => {
    const context = {
      result_mapping: ['perceval.utils', 'probs_to_sample_count'] as [string, string],
      mapping_delta_parameters: { max_samples: 100, max_shots: 1_000_000 },
    };
    const request = jobRequest('probs', { context });
    request.payload.iterator = [
      { circuit_params: { phi: 0.5 }, input_state: ':PCVL:BasicState:|1,0>' },
      { circuit_params: { phi: 1 }, max_samples: 40 },
    ];
    const job = jobFor(request);
    await job.executeAsync();
    const { resultsList } = (await job.wait()) as SamplerIterationResults;
    expect(resultsList).toHaveLength(2);
    expect((resultsList[0]!.results as BSCount).total()).toBe(100);
    expect((resultsList[1]!.results as BSCount).total()).toBe(40);
    expect(resultsList[0]!.iteration.circuitParams).toEqual({ phi: 0.5 });
    expect(resultsList[0]!.iteration.inputState?.toString()).toBe('|1,0>');
    expect(resultsList[1]!.iteration).toEqual({ circuitParams: { phi: 1 }, maxSamples: 40 });
  });

  it('ends ERROR with the server message; wait() and getResults() throw JobError', async () => {
    await cloud.close();
    await start({
      script: () => ({ runForMs: 20, outcome: { status: 'error', message: 'out of photons' } }),
    });
    const job = jobFor(jobRequest('probs'));
    await job.executeAsync();
    await expect(job.wait()).rejects.toThrow(new JobError('out of photons'));
    expect(job.isFailed).toBe(true);
    expect(job.status.stopMessage).toBe('out of photons');
    expect(() => job.getResults()).toThrow(JobError);
  });

  it('a job whose results cannot be decoded ends ERROR saying so', async () => {
    await cloud.close();
    await start({
      script: () => ({ outcome: { status: 'completed', results: { results: ':PCVL:BSCount:{|1,0>=x}' } } }),
    });
    const job = jobFor(jobRequest('sample_count'));
    await job.executeAsync();
    await expect(job.wait()).rejects.toThrow(/Could not decode the job results: ValidationError: .*BSCount/);
  });

  it('cancel() on a running job: CANCEL_REQUESTED, then CANCELED with the partial results', async () => {
    await cloud.close();
    await start({
      script: () => ({
        startAfterMs: 5,
        outcome: { status: 'never' },
        partialResults: resultsOf(homCounts()),
      }),
    });
    const job = jobFor(jobRequest('sample_count'));
    await job.executeAsync();
    await sleep(30);
    await job.cancel();
    expect(job.status.status).toBe(RunningStatus.CANCEL_REQUESTED);
    expect(cloud.count('POST', /^\/api\/job\/cancel\//)).toBe(1);
    await job.cancel(); // already requested: nothing more is sent
    expect(cloud.count('POST', /^\/api\/job\/cancel\//)).toBe(1);
    const { results } = (await job.wait()) as SamplerResult;
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(job.status.stopMessage).toBe('Canceled by the user');
    expect((results as BSCount).get('|0,1>')).toBe(4875);
  });

  it('a canceled job without partial results throws JobCanceledError', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 600_000, outcome: { status: 'never' } }) });
    const job = jobFor(jobRequest('sample_count'));
    await job.executeAsync();
    await job.cancel();
    await expect(job.wait()).rejects.toBeInstanceOf(JobCanceledError);
  });

  it('cancel() before sending ends the job at once; on a finished job it does nothing', async () => {
    const unsent = jobFor(jobRequest('probs'));
    await unsent.cancel();
    expect(unsent.status.status).toBe(RunningStatus.CANCELED);
    expect(() => unsent.executeAsync()).toThrow(JobAlreadyExecutedError);
    const done = jobFor(jobRequest('probs'));
    await done.executeAsync();
    await done.wait();
    await done.cancel();
    expect(done.isSuccess).toBe(true);
    expect(cloud.count('POST', /^\/api\/job\/cancel\//)).toBe(0);
  });

  it('cancel() during the creation request cancels the job once it exists', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 600_000, outcome: { status: 'never' } }) });
    cloud.fault({ method: 'POST', path: /^\/api\/job$/, delayMs: 50, times: 1 });
    const job = jobFor(jobRequest('probs'));
    const launched = job.executeAsync();
    await job.cancel();
    await launched;
    expect(cloud.jobs.get(job.id!)?.status).toBe('cancel_requested');
  });

  it('rerun() of a failed job makes a new job from the same request; other statuses are refused', async () => {
    await cloud.close();
    await start({ script: () => ({ runForMs: 5, outcome: { status: 'error', message: 'boom' } }) });
    const job = jobFor(jobRequest('sample_count', { maxSamples: 10 }), 'mine');
    await expect(job.rerun()).rejects.toMatchObject({ name: 'ValidationError', field: 'status' });
    await job.executeAsync();
    await job.wait().catch(() => undefined);
    const again = await job.rerun();
    expect(again).not.toBe(job);
    expect(again.id).not.toBe(job.id);
    expect(again.name).toBe('mine');
    expect(again.status.status).toBe(RunningStatus.WAITING);
    expect(cloud.jobs.get(again.id!)?.request).toEqual(cloud.jobs.get(job.id!)?.request);
    expect(job.status.status).toBe(RunningStatus.ERROR);
    expect(() => again.executeAsync()).toThrow(JobAlreadyExecutedError);
  });

  it('rerun() of a job whose creation failed sends it again with the same Idempotency-Key', async () => {
    cloud.fault({ method: 'POST', path: /^\/api\/job$/, status: 400, times: 1 });
    const job = jobFor(jobRequest('probs'));
    await expect(job.executeAsync()).rejects.toBeInstanceOf(JobError);
    expect(job.wasSent).toBe(false);
    const again = await job.rerun();
    expect(again.wasSent).toBe(true);
    const keys = cloud.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('a wrong token: the launch fails, the job ends ERROR, the rejection carries the AuthenticationError', async () => {
    const wrong = new RpcClient({ url: cloud.url, token: 'wrong' });
    const job = new RemoteJob({
      link: { rpc: wrong, platform: 'sim:test' },
      prepare: () => jobRequest('probs'),
    });
    const error = await job.executeAsync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobError);
    expect((error as JobError).cause).toBeInstanceOf(AuthenticationError);
    expect(job.status.status).toBe(RunningStatus.ERROR);
    expect(job.status.stopMessage).toMatch(/^AuthenticationError: POST \/api\/job answered 401/);
    await wrong.close();
  });

  it('ignoring a failed launch causes no unhandled rejection, and bad arguments fail the launch too', async () => {
    const job = new RemoteJob({
      link,
      prepare: () => {
        throw new ValidationError('maxSamples must be a positive integer', { field: 'maxSamples' });
      },
    });
    void job.executeAsync(-1);
    await sleep(10);
    expect(job.status.stopMessage).toBe('ValidationError: maxSamples must be a positive integer');
    expect(() => job.getResults()).toThrow(JobError);
  });

  it('tolerates four transient poll errors in a row', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 5, runForMs: 20 }) });
    const job = jobFor(jobRequest('probs'));
    await job.executeAsync();
    cloud.fault({ path: /^\/api\/job\/status\//, status: 429, times: 2 });
    cloud.fault({ path: /^\/api\/job\/status\//, drop: true, times: 1 });
    cloud.fault({ path: /^\/api\/job\/status\//, status: 423, times: 1 });
    await job.wait();
    expect(job.isSuccess).toBe(true);
  });

  it('raises the fifth transient error in a row to the waiters; the job keeps running and can be waited for again', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 5, runForMs: 300 }) });
    const job = jobFor(jobRequest('probs'));
    await job.executeAsync();
    cloud.fault({ path: /^\/api\/job\/status\//, status: 429, times: 5 });
    const error = await job.wait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(429);
    expect(cloud.count('GET', /^\/api\/job\/status\//)).toBe(5);
    expect(job.isComplete).toBe(false);
    await job.wait();
    expect(job.isSuccess).toBe(true);
  });

  it('raises a 401 while polling at once', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 600_000, outcome: { status: 'never' } }) });
    const job = jobFor(jobRequest('probs'));
    await job.executeAsync();
    cloud.fault({ path: /^\/api\/job\/status\//, status: 401, times: 1 });
    await expect(job.wait()).rejects.toBeInstanceOf(AuthenticationError);
    expect(cloud.count('GET', /^\/api\/job\/status\//)).toBe(1);
  });

  it('wait({ timeoutMs }) gives up with JobTimeoutError; the job keeps going', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 5, runForMs: 150 }) });
    const job = jobFor(jobRequest('probs'));
    await job.executeAsync();
    await expect(job.wait({ timeoutMs: 30 })).rejects.toBeInstanceOf(JobTimeoutError);
    await job.wait();
    expect(job.isSuccess).toBe(true);
  });

  it('resume(): a completed job comes back with its status and results already fetched', async () => {
    const job = jobFor(jobRequest('sample_count'));
    await job.executeAsync();
    await job.wait();
    const resumed = await RemoteJob.resume(link, job.id!);
    expect(resumed.name).toBe('resumed');
    expect(resumed.knownStatus.success).toBe(true);
    expect(((resumed.getResults() as SamplerResult).results as BSCount).get('|1,0>')).toBe(4841);
    expect(() => resumed.executeAsync()).toThrow(JobAlreadyExecutedError);
    await expect(RemoteJob.resume(link, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      status: 404,
    });
    await expect(RemoteJob.resume(link, 'a/b')).rejects.toMatchObject({ field: 'jobId' });
  });

  it('executing twice throws at once', async () => {
    const job = jobFor(jobRequest('probs'));
    await job.executeAsync();
    expect(() => job.executeAsync()).toThrow(JobAlreadyExecutedError);
  });

  it('stops polling once its client is closed', async () => {
    await cloud.close();
    await start({ script: () => ({ startAfterMs: 600_000, outcome: { status: 'never' } }) });
    const job = jobFor(jobRequest('probs'));
    await job.executeAsync();
    await rpc.close();
    await expect(job.wait()).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
  });
});

describe('RemoteJob error paths (undici MockAgent)', () => {
  const origin = 'http://cloud.test';
  let agent: MockAgent;
  let rpc: RpcClient;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    rpc = new RpcClient({ url: origin, token: TOKEN, dispatcher: agent, retry: { maxRetries: 0 } });
  });

  afterEach(async () => {
    await agent.close();
  });

  it('a canceled job whose results answer 404 ends CANCELED without results', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/api/job/status/j1', method: 'GET' }).reply(200, { status: 'canceled' });
    pool.intercept({ path: '/api/job/result/j1', method: 'GET' }).reply(404, { error: 'none' });
    const job = await RemoteJob.resume({ rpc, platform: 'sim:test' }, 'j1');
    expect(job.knownStatus.status).toBe(RunningStatus.CANCELED);
    expect(() => job.getResults()).toThrow(JobCanceledError);
  });

  it('a completed job whose results fail transiently is not reported complete until they arrive', async () => {
    const pool = agent.get(origin);
    pool
      .intercept({ path: '/api/job/status/j2', method: 'GET' })
      .reply(200, { status: 'running', progress: 0.5 });
    pool
      .intercept({ path: '/api/job/status/j2', method: 'GET' })
      .reply(200, { status: 'completed' })
      .times(2);
    pool.intercept({ path: '/api/job/result/j2', method: 'GET' }).reply(503, 'busy');
    pool
      .intercept({ path: '/api/job/result/j2', method: 'GET' })
      .reply(200, { results: JSON.stringify(resultsOf(halfHalf())) });
    const job = await RemoteJob.resume({ rpc, platform: 'sim:test', refreshIntervalMs: 0 }, 'j2');
    expect(job.knownStatus.progress).toBe(0.5);
    await job.refresh();
    expect(job.isComplete).toBe(false);
    await job.refresh();
    expect(job.isSuccess).toBe(true);
    agent.assertNoPendingInterceptors();
  });

  it('a canceled job keeps the progress it reached, resumed afterwards or watched while it ran', async () => {
    const pool = agent.get(origin);
    const stopped = { status: 'canceled', progress: 0.14, status_message: 'Canceled by the user' };
    pool.intercept({ path: '/api/job/status/j4', method: 'GET' }).reply(200, stopped);
    pool.intercept({ path: '/api/job/result/j4', method: 'GET' }).reply(404, { error: 'none' });
    const resumed = await RemoteJob.resume({ rpc, platform: 'sim:test' }, 'j4');
    expect(resumed.knownStatus.canceled).toBe(true);
    expect(resumed.knownStatus.progress).toBe(0.14);

    // Watched: 5 % seen while running, canceled once the server had reached 14 %.
    pool
      .intercept({ path: '/api/job/status/j5', method: 'GET' })
      .reply(200, { status: 'running', progress: 0.05 });
    pool.intercept({ path: '/api/job/cancel/j5', method: 'POST' }).reply(200, {});
    pool.intercept({ path: '/api/job/status/j5', method: 'GET' }).reply(200, stopped);
    pool.intercept({ path: '/api/job/result/j5', method: 'GET' }).reply(404, { error: 'none' });
    const watched = await RemoteJob.resume({ rpc, platform: 'sim:test', refreshIntervalMs: 0 }, 'j5');
    expect(watched.knownStatus.progress).toBe(0.05);
    await watched.cancel();
    await expect(watched.wait()).rejects.toBeInstanceOf(JobCanceledError);
    expect(watched.knownStatus.progress).toBe(0.14);
    agent.assertNoPendingInterceptors();
  });

  it('a job that completed without results ends ERROR saying so', async () => {
    const pool = agent.get(origin);
    pool
      .intercept({ path: '/api/job/status/j3', method: 'GET' })
      .reply(200, { status: 'completed', duration: 3 });
    pool.intercept({ path: '/api/job/result/j3', method: 'GET' }).reply(200, { results: null });
    const job = await RemoteJob.resume({ rpc, platform: 'sim:test' }, 'j3');
    expect(job.knownStatus.stopMessage).toBe('The job completed but the cloud returned no results');
  });

  it('executeSync needs a client that opens its own connections', () => {
    const job = new RemoteJob({ link: { rpc, platform: 'sim:test' }, prepare: () => jobRequest('probs') });
    expect(() => job.executeSync()).toThrow(expect.objectContaining({ code: 'ERR_SYNC_UNSUPPORTED' }));
    // The job was not consumed.
    expect(job.status.status).toBe(RunningStatus.WAITING);
  });
});

describe('RemoteJob default refresh interval', () => {
  let cloud: TestCloud;
  let rpc: RpcClient;

  beforeEach(async () => {
    // The job stays waiting, so every status read could ask the cloud again.
    cloud = await startTestCloud({
      results: resultsFor,
      script: () => ({ startAfterMs: 600_000, outcome: { status: 'never' } }),
    });
    rpc = new RpcClient({ url: cloud.url, token: TOKEN });
  });

  afterEach(async () => {
    vi.useRealTimers();
    await rpc.close();
    await cloud.close();
  });

  /** Waits (real time, bounded) until the cloud has answered `count` status requests. */
  async function statusRequests(count: number): Promise<void> {
    const deadline = performance.now() + 150_000; // under the test timeout, for a clearer message
    while (cloud.count('GET', /^\/api\/job\/status\//) < count) {
      if (performance.now() > deadline) throw new Error(`${count} status request(s) never arrived`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("is Perceval's STATUS_REFRESH_DELAY: status reads ask the cloud at most once a second", async () => {
    expect(DEFAULT_REFRESH_INTERVAL_MS).toBe(1000);
    // Only the clock is fake: the job reads Date.now(), the HTTP exchanges run for real.
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-01-01T00:00:00Z').getTime();
    vi.setSystemTime(start);
    const job = new RemoteJob({ link: { rpc, platform: 'sim:test' }, prepare: () => jobRequest('probs') });
    await job.executeAsync();

    const statusCount = () => cloud.count('GET', /^\/api\/job\/status\//);
    /** Reads the status 20 times at `at` ms after the creation, then lets any request they started arrive. */
    const readAt = async (at: number): Promise<void> => {
      vi.setSystemTime(start + at);
      for (let i = 0; i < 20; i++) expect(job.status.status).toBe(RunningStatus.WAITING);
      await new Promise((resolve) => setTimeout(resolve, 100));
    };

    await readAt(DEFAULT_REFRESH_INTERVAL_MS - 1);
    expect(statusCount()).toBe(0);
    // A second after the creation, a read asks the cloud (once: the other reads join it).
    await readAt(DEFAULT_REFRESH_INTERVAL_MS);
    await statusRequests(1);
    // Once that answer is in, the next second of reads asks nothing; its end asks again.
    await job.refresh();
    const answered = statusCount();
    await readAt(2 * DEFAULT_REFRESH_INTERVAL_MS - 1);
    expect(statusCount()).toBe(answered);
    await readAt(2 * DEFAULT_REFRESH_INTERVAL_MS);
    await statusRequests(answered + 1);
  });
});
