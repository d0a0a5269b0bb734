import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobGroup, type JobGroupOptions, RemoteJob, RemoteProcessor } from '@bosonic/cloud';
import {
  BasicState,
  type BSCount,
  type BSDistribution,
  RunningStatus,
  Sampler,
  type SamplerResult,
} from '@bosonic/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { homExperiment, mziCircuit } from '../testing/fixtures.js';
import { startTestServer, TOKEN_A } from '../testing/test-server.js';

/**
 * A JobGroup (Perceval's) against bosonic's real server: jobs of reference experiments sent within the token's
 * quota, their results fetched, a failed job rerun, and the group reloaded from its file.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let dataDir: string;
let options: JobGroupOptions;
const processors: RemoteProcessor[] = [];
const groups: JobGroup[] = [];

async function connect(): Promise<RemoteProcessor> {
  const rp = await RemoteProcessor.connect('sim:slos', {
    url: server.url,
    token: TOKEN_A,
    refreshIntervalMs: 20,
    retry: { maxRetries: 0 },
  });
  processors.push(rp);
  return rp;
}

/** Reference #1, Hong–Ou–Mandel: BS.H() on |1,1> gives |2,0> and |0,2> at 0.5 each, never |1,1>. */
async function hom(): Promise<RemoteProcessor> {
  const rp = await connect();
  rp.setCircuit(homExperiment().circuit!)
    .withInput(new BasicState([1, 1]))
    .minDetectedPhotonsFilter(1);
  return rp;
}

/** A Mach–Zehnder whose phase `phi` is never given: the server refuses it at creation (400). */
async function unboundPhase(): Promise<Sampler> {
  const rp = await connect();
  rp.setCircuit(mziCircuit())
    .withInput(new BasicState([1, 0]))
    .minDetectedPhotonsFilter(1);
  return new Sampler(rp, { maxShotsPerCall: 100_000 });
}

/** A sampler's job on a remote processor: a RemoteJob, which a group holds. */
function remote(job: unknown): RemoteJob {
  expect(job).toBeInstanceOf(RemoteJob);
  return job as RemoteJob;
}

function open(name: string): JobGroup {
  const group = new JobGroup(name, options);
  groups.push(group);
  return group;
}

beforeAll(async () => {
  server = await startTestServer({ maxQueuedJobsPerToken: 2 });
  dataDir = mkdtempSync(join(tmpdir(), 'bosonic-job-group-'));
  options = {
    env: {
      BOSONIC_DATA_DIR: dataDir,
      BOSONIC_CONFIG_DIR: join(dataDir, 'config'),
      BOSONIC_CLOUD_TOKEN: TOKEN_A,
    },
    pollIntervalMs: 20,
    connection: { refreshIntervalMs: 20, retry: { maxRetries: 0 } },
  };
});

afterEach(async () => {
  await Promise.all(groups.splice(0).map((group) => group.close()));
  await Promise.all(processors.splice(0).map((rp) => rp.close()));
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('JobGroup against the real server', () => {
  it('runs more jobs than the quota allows in parallel, and fetches each result', async () => {
    // Two processors, so two clients of one token: they share its quota of 2 queued jobs.
    const rp = await hom();
    const group = open('hom-sweep');
    for (const seed of [1, 2, 3])
      group.add(remote(new Sampler(rp, { maxShotsPerCall: 100_000, seed }).sampleCount), 1_000);
    group.add(remote(new Sampler(await hom(), { maxShotsPerCall: 100_000 }).probs));
    expect(group.listUnsentJobs()).toHaveLength(4);
    expect((await group.progress()).unfinished).toEqual({ count: 4, sent: 0, notSent: 4 });

    await group.runParallel();

    expect(group.listSuccessfulJobs()).toHaveLength(4);
    expect(group.listUnsentJobs()).toHaveLength(0);
    expect(await group.progress()).toEqual({
      total: 4,
      finished: { count: 4, successful: 4, unsuccessful: 0 },
      unfinished: { count: 0, sent: 0, notSent: 0 },
    });
    const results = await group.getResults();
    expect(results).toHaveLength(4);
    for (const result of results.slice(0, 3)) {
      const counts = (result as SamplerResult<BSCount>).results;
      expect(counts.total()).toBe(1_000);
      expect(counts.get('|1,1>')).toBe(0);
      expect(counts.get('|2,0>') + counts.get('|0,2>')).toBe(1_000);
    }
    const probs = (results[3] as SamplerResult<BSDistribution>).results;
    expect(probs.get('|2,0>')).toBeCloseTo(0.5, 12);
    expect(probs.get('|0,2>')).toBeCloseTo(0.5, 12);
    expect(probs.get('|1,1>')).toBeCloseTo(0, 12);
  });

  it('lists a failed job, relaunches it, and is reloaded from its file with the same jobs', async () => {
    const group = open('with-failure');
    group.add(remote(new Sampler(await hom(), { maxShotsPerCall: 100_000, seed: 4 }).sampleCount), 500);
    group.add(remote((await unboundPhase()).probs));
    // A launch the server refuses is saved in the group's file, then raised; the jobs sent before it run on.
    await expect(group.runParallel()).rejects.toThrow(/answered 400: Parameter 'phi'/);
    await group.at(0)!.wait();
    expect((await group.progress()).finished).toEqual({ count: 2, successful: 1, unsuccessful: 1 });
    expect(group.listSuccessfulJobs()).toEqual([group.at(0)]);
    expect(group.listUnsuccessfulJobs()).toEqual([group.at(1)]);
    // Refused at creation: the job has no id, and its stop message is the server's reason.
    expect(group.at(1)?.id).toBeUndefined();
    expect(group.at(1)?.status.stopMessage).toMatch(/answered 400: Parameter 'phi'/);

    // Relaunched, it is sent again, and refused again for the same reason.
    await expect(group.relaunchAsyncFailedJobs()).rejects.toThrow(/answered 400: Parameter 'phi'/);
    expect(group.size).toBe(2);
    expect(group.listUnsuccessfulJobs()).toEqual([group.at(1)]);

    const reloaded = open('with-failure');
    expect(reloaded.size).toBe(2);
    expect(reloaded.jobs.map((job) => job.id)).toEqual(group.jobs.map((job) => job.id));
    const [counts] = await reloaded.getResults();
    expect((counts as SamplerResult<BSCount>).results.total()).toBe(500);
    expect((counts as SamplerResult<BSCount>).results.get('|1,1>')).toBe(0);
    expect(reloaded.listSuccessfulJobs().map((job) => job.id)).toEqual([group.at(0)?.id]);
    expect(reloaded.at(0)?.knownStatus.status).toBe(RunningStatus.SUCCESS);
  });

  it('deleteAll removes every saved group and says how many', () => {
    open('to-delete-1');
    open('to-delete-2');
    const saved = JobGroup.listLocallySaved(options.env);
    expect(saved).toEqual(expect.arrayContaining(['to-delete-1', 'to-delete-2']));
    expect(JobGroup.deleteAll(options.env)).toBe(saved.length);
    expect(JobGroup.listLocallySaved(options.env)).toEqual([]);
    expect(JobGroup.deleteAll(options.env)).toBe(0);
  });
});
