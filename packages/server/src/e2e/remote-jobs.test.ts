import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type RemoteJob, RemoteProcessor } from '@bosonic/cloud';
import {
  AuthenticationError,
  BasicState,
  type BSCount,
  type BSDistribution,
  type BSSamples,
  Experiment,
  HttpError,
  RunningStatus,
  Sampler,
  type SamplerIterationResults,
  type SamplerResult,
} from '@bosonic/core';
import { Processor } from '@bosonic/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  longSamplingExperiment,
  meshCircuit,
  mziCircuit,
  referenceFiveCircuit,
} from '../testing/fixtures.js';
import { rawCall } from '../testing/raw-http.js';
import { spawnServer } from '../testing/server-process.js';
import { startTestServer, TOKEN_A, TOKEN_B, temporaryDataDir } from '../testing/test-server.js';

const run = promisify(execFile);

let server: Awaited<ReturnType<typeof startTestServer>>;
const processors: RemoteProcessor[] = [];

async function connect(platform: string, token = TOKEN_A): Promise<RemoteProcessor> {
  const rp = await RemoteProcessor.connect(platform, {
    url: server.url,
    token,
    refreshIntervalMs: 50,
    retry: { maxRetries: 0 },
  });
  processors.push(rp);
  return rp;
}

/** A remote processor running reference #5: `Circuit(3)//BS.H()//(1,PS(π/4))//(1,BS.H())` on |0,1,1>. */
async function referenceFive(platform = 'sim:slos'): Promise<RemoteProcessor> {
  const rp = await connect(platform);
  rp.setCircuit(referenceFiveCircuit())
    .withInput(new BasicState([0, 1, 1]))
    .minDetectedPhotonsFilter(1);
  return rp;
}

/** A remote processor set up with the long Clifford & Clifford sampling experiment. */
async function longSampling(token = TOKEN_A): Promise<RemoteProcessor> {
  const rp = await connect('sim:clifford2017', token);
  const experiment = longSamplingExperiment();
  rp.setCircuit(experiment.circuit!)
    .withInput(experiment.input as BasicState)
    .minDetectedPhotonsFilter(1);
  return rp;
}

/** Polls `condition` until it holds; the test's timeout bounds the wait (a loaded machine may take long). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 25));
}

beforeAll(async () => {
  server = await startTestServer({ maxQueuedJobsPerToken: 4 });
});

afterEach(async () => {
  await Promise.all(processors.splice(0).map((rp) => rp.close()));
});

afterAll(async () => {
  await server.stop();
});

describe('a self-hosted cloud driven by @bosonic/cloud', () => {
  it('publishes honest platform specs', async () => {
    const slos = await connect('sim:slos');
    expect(slos.availableCommands).toEqual(['probs']);
    expect(slos.type).toBe('simulator');
    expect(slos.constraints).toMatchObject({
      max_mode_count: 24,
      min_photon_count: 1,
      support_multi_photon: true,
    });
    expect(slos.specs.architecture).toMatch(/^:PCVL:/);
    const clifford = await connect('sim:clifford2017');
    expect(clifford.availableCommands).toEqual(['samples']);
    expect(clifford.constraints.max_photon_count).toBe(24);
    await expect(connect('sim:unknown')).rejects.toSatisfy(
      (error) => error instanceof HttpError && error.status === 404,
    );
  });

  it('runs an async probs job to the reference distribution (reference #5)', async () => {
    const job = new Sampler(await referenceFive(), { maxShotsPerCall: 100_000 }).probs;
    await job.executeAsync();
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    const { results, globalPerf } = (await job.wait({ timeoutMs: 20_000 })) as SamplerResult<BSDistribution>;
    for (const state of ['|1,1,0>', '|1,0,1>', '|0,2,0>', '|0,0,2>'])
      expect(results.get(state)).toBeCloseTo(0.25, 9);
    expect(results.get('|0,1,1>')).toBeCloseTo(0, 9);
    expect(globalPerf).toBeCloseTo(1, 12);
    expect(job.status.status).toBe(RunningStatus.SUCCESS);
    expect(job.status.progress).toBe(1);
  });

  it('derives sample counts from probabilities on a probs-only platform (job context echoed)', async () => {
    const job = new Sampler(await referenceFive(), { maxShotsPerCall: 100_000, seed: 7 }).sampleCount;
    await job.executeAsync(2_000);
    const { results } = (await job.wait({ timeoutMs: 20_000 })) as SamplerResult<BSCount>;
    let total = 0;
    for (const [, count] of results) total += count;
    expect(total).toBe(2_000);
    expect(results.get('|0,1,1>')).toBe(0);
  });

  it('reports progress of a running job, cancels it, and returns the samples drawn so far', async () => {
    const job = new Sampler(await longSampling(), { maxShotsPerCall: 10_000_000 }).samples;
    const seen: number[] = [];
    job.onProgress((progress) => seen.push(progress));
    await job.executeAsync(200_000);
    await until(() => seen.some((p) => p > 0 && p < 1));
    await job.cancel();
    const { results } = (await job.wait({ timeoutMs: 60_000 })) as SamplerResult<BSSamples>;
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThan(200_000);
    // Progress never went backwards.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    // A canceled job can run again, as a new job.
    const again = await job.rerun();
    expect(again.id).not.toBe(job.id);
    await again.cancel();
    await again.wait({ timeoutMs: 20_000 }).catch(() => undefined);
    expect(again.status.status).toBe(RunningStatus.CANCELED);
  });

  it('cancels a job that has not started yet at once, without results', async () => {
    // Two long jobs keep both workers busy, so a third one of that size waits (tiny jobs would pass it).
    const sampler = new Sampler(await longSampling(), { maxShotsPerCall: 10_000_000 });
    const jobs = [sampler.samples, sampler.samples, sampler.samples];
    try {
      for (const job of jobs) await job.executeAsync(200_000);
      const queued = jobs[2]!;
      await queued.refresh();
      expect(queued.status.status).toBe(RunningStatus.WAITING);
      await queued.cancel();
      await expect(queued.wait({ timeoutMs: 20_000 })).rejects.toThrow(/cancel/i);
      expect(queued.status.status).toBe(RunningStatus.CANCELED);
      expect(queued.status.stopMessage).toMatch(/before it started/);
    } finally {
      for (const job of jobs) await job.cancel();
      for (const job of jobs) await job.wait({ timeoutMs: 20_000 }).catch(() => undefined);
    }
  });

  it("ends ERROR with the server's reason when the server refuses the job at creation", async () => {
    const rp = await connect('sim:slos');
    // The phase has no value: the server computes the unitary at creation and refuses the job (400).
    rp.setCircuit(mziCircuit())
      .withInput(new BasicState([1, 0]))
      .minDetectedPhotonsFilter(1);
    const job = new Sampler(rp, { maxShotsPerCall: 1000 }).probs;
    await expect(job.executeAsync()).rejects.toThrow(/answered 400: Parameter 'phi'/);
    expect(job.status.status).toBe(RunningStatus.ERROR);
    expect(job.status.stopMessage).toMatch(/answered 400: Parameter 'phi' .*has no value/);
    expect(job.id).toBeUndefined();
  });

  it('runs a parameter sweep, one result per iteration', async () => {
    const rp = await connect('sim:slos');
    rp.setCircuit(mziCircuit())
      .withInput(new BasicState([1, 0]))
      .minDetectedPhotonsFilter(1);
    const sampler = new Sampler(rp, { maxShotsPerCall: 1000 });
    for (const phi of [0, Math.PI / 3, Math.PI]) sampler.addIteration({ circuitParams: { phi } });
    const job = sampler.probs;
    await job.executeAsync();
    const { resultsList } = (await job.wait({
      timeoutMs: 20_000,
    })) as SamplerIterationResults<BSDistribution>;
    expect(resultsList.map((entry) => entry.iteration.circuitParams?.phi)).toEqual([0, Math.PI / 3, Math.PI]);
    // H·PS(φ)·H on |1,0>: P(|1,0>) = cos²(φ/2).
    expect(resultsList.map((entry) => entry.results.get('|1,0>'))).toEqual([
      expect.closeTo(1, 9),
      expect.closeTo(0.75, 9),
      expect.closeTo(0, 9),
    ]);
  });

  it('samples on Clifford & Clifford, counting samples client-side', async () => {
    const rp = await connect('sim:clifford2017');
    rp.setCircuit(meshCircuit(4, 4))
      .withInput(new BasicState([1, 1, 0, 0]))
      .minDetectedPhotonsFilter(1);
    const job = new Sampler(rp, { maxShotsPerCall: 100_000 }).sampleCount;
    await job.executeAsync(500);
    const { results } = (await job.wait({ timeoutMs: 20_000 })) as SamplerResult<BSCount>;
    let total = 0;
    for (const [state, count] of results) {
      expect(state.n).toBe(2);
      total += count;
    }
    expect(total).toBe(500);
  });

  it('shows a job only to the token that created it', async () => {
    const job = new Sampler(await referenceFive(), { maxShotsPerCall: 1000 }).probs;
    await job.executeAsync();
    await job.wait({ timeoutMs: 20_000 });
    const other = await connect('sim:slos', TOKEN_B);
    await expect(other.resumeJob(job.id!)).rejects.toSatisfy(
      (error) => error instanceof HttpError && error.status === 404,
    );
    for (const path of [`/api/job/result/${job.id}`, `/api/job/status/${job.id}`]) {
      expect((await rawCall(server.url, 'GET', path, { token: TOKEN_B })).status).toBe(404);
    }
    for (const path of [`/api/job/cancel/${job.id}`, `/api/job/rerun/${job.id}`]) {
      expect((await rawCall(server.url, 'POST', path, { token: TOKEN_B })).status).toBe(404);
    }
    const mine = await (await connect('sim:slos')).resumeJob(job.id!);
    expect(mine.isSuccess).toBe(true);
    await expect(
      RemoteProcessor.connect('sim:slos', { url: server.url, token: 'not-a-token-of-this-server' }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('holds each token to its queue quota and reports it as availability', async () => {
    const rp = await longSampling(TOKEN_B);
    const sampler = new Sampler(rp, { maxShotsPerCall: 10_000_000 });
    const jobs: RemoteJob[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const job = sampler.samples;
        jobs.push(job);
        await job.executeAsync(200_000);
      }
      const availability = await rawCall(server.url, 'GET', '/api/jobs/availability', { token: TOKEN_B });
      expect(availability.json).toEqual({ max_jobs_in_queue: 4, num_jobs_in_queue: 4 });
      const refused = sampler.samples;
      await expect(refused.executeAsync(10)).rejects.toThrow(
        /answered 429: Queue quota reached: 4 unfinished jobs/,
      );
      expect(refused.status.status).toBe(RunningStatus.ERROR);
      // Another token is not affected.
      expect(
        (await rawCall(server.url, 'GET', '/api/jobs/availability', { token: TOKEN_A })).json,
      ).toMatchObject({
        num_jobs_in_queue: 0,
      });
    } finally {
      for (const job of jobs) await job.cancel();
      for (const job of jobs) await job.wait({ timeoutMs: 20_000 }).catch(() => undefined);
    }
    expect(
      (await rawCall(server.url, 'GET', '/api/jobs/availability', { token: TOKEN_B })).json,
    ).toMatchObject({
      num_jobs_in_queue: 0,
    });
  });

  it('lets another process resume a job by its id', async () => {
    const job = new Sampler(await referenceFive(), { maxShotsPerCall: 1000 }).probs;
    await job.executeAsync();
    const script = `
      import { RemoteProcessor } from '@bosonic/cloud';
      const rp = await RemoteProcessor.connect('sim:slos', { url: process.argv[1], token: process.argv[2], refreshIntervalMs: 50 });
      const job = await rp.resumeJob(process.argv[3]);
      const { results } = await job.wait({ timeoutMs: 20000 });
      console.log(JSON.stringify({ status: job.status.status, p: results.get('|0,2,0>') }));
      await rp.close();`;
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', script, server.url, TOKEN_A, job.id!],
      {
        cwd: new URL('../..', import.meta.url).pathname,
      },
    );
    expect(JSON.parse(stdout)).toEqual({ status: 'SUCCESS', p: expect.closeTo(0.25, 9) });
  });
  it('runs an experiment with a herald, its mode removed from the results', async () => {
    const rp = await connect('sim:slos');
    const experiment = new Experiment(meshCircuit(4, 3)).addHerald(3, 0).withInput(new BasicState([1, 1, 0]));
    rp.setCircuit(experiment.circuit!)
      .addHerald(3, 0)
      .withInput(new BasicState([1, 1, 0]))
      .minDetectedPhotonsFilter(2);
    const job = new Sampler(rp, { maxShotsPerCall: 1000 }).probs;
    await job.executeAsync();
    const { results, logicalPerf } = (await job.wait({ timeoutMs: 20_000 })) as SamplerResult<BSDistribution>;
    // The same experiment on the local simulator gives the heralded distribution the server must return.
    const local = new Sampler(
      new Processor('SLOS', experiment.circuit!)
        .addHerald(3, 0)
        .withInput(new BasicState([1, 1, 0]))
        .minDetectedPhotonsFilter(2),
    ).probs() as SamplerResult<BSDistribution>;
    expect(local.results.size).toBeGreaterThan(1);
    expect(results.size).toBe(local.results.size);
    for (const [state, p] of local.results) {
      expect(state.m).toBe(3);
      expect(results.get(state), state.toString()).toBeCloseTo(p, 9);
    }
    // The herald rejects the outputs with a photon in mode 3: the accepted share is below 1.
    expect(logicalPerf).toBeCloseTo(local.logicalPerf!, 9);
    expect(local.logicalPerf!).toBeLessThan(1);
  });
});

describe('a self-hosted cloud in its own process', () => {
  it('serves a blocking executeSync client', async () => {
    const { dataDir, remove } = temporaryDataDir();
    const child = await spawnServer({ dataDir, tokens: [TOKEN_A], workers: 1, fsync: false });
    try {
      const rp = await RemoteProcessor.connect('sim:slos', {
        url: child.url,
        token: TOKEN_A,
        refreshIntervalMs: 50,
      });
      processors.push(rp);
      rp.setCircuit(referenceFiveCircuit())
        .withInput(new BasicState([0, 1, 1]))
        .minDetectedPhotonsFilter(1);
      const { results } = new Sampler(rp, { maxShotsPerCall: 1000 }).probs() as SamplerResult<BSDistribution>;
      expect(results.get('|1,1,0>')).toBeCloseTo(0.25, 9);
    } finally {
      await child.kill('SIGTERM');
      remove();
    }
  });
});
