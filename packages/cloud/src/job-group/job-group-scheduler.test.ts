import { RunningStatus, ValidationError } from '@bosonic/core';
import type { CreateJobRequest } from '@bosonic/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RemoteJob, type RemoteJobLink } from '../remote-job.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { type JobScript, startTestCloud, type TestCloud } from '../testing/cloud-test-server.js';
import { jobRequest, resultsFor } from '../testing/fixtures.js';
import type { JobGroupEntry } from './job-group-entry.js';
import { freeSlots, JobGroupScheduler, type ScheduledJobGroup } from './job-group-scheduler.js';

const TOKEN = 'scheduler-token';
const OTHER_TOKEN = 'scheduler-other-token';

describe('JobGroupScheduler', () => {
  let cloud: TestCloud;
  let scriptOf: (request: CreateJobRequest) => JobScript;
  const clients: RpcClient[] = [];

  beforeEach(async () => {
    scriptOf = () => ({ startAfterMs: 5, runForMs: 10 });
    cloud = await startTestCloud({
      tokens: [TOKEN, OTHER_TOKEN],
      results: resultsFor,
      script: (request) => scriptOf(request),
      maxJobsInQueue: 3,
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await cloud.close();
  });

  const linkOf = (token = TOKEN, platform = 'sim:test'): RemoteJobLink => {
    const rpc = new RpcClient({ url: cloud.url, token });
    clients.push(rpc);
    return { rpc, platform, refreshIntervalMs: 10 };
  };

  const unsent = (link: RemoteJobLink, name: string): JobGroupEntry => ({
    job: new RemoteJob({ link, name, request: { ...jobRequest('probs'), job_name: name } }),
    status: null,
    stale: false,
  });

  /** A group held in memory, counting its saves. */
  const groupOf = (entries: JobGroupEntry[]): ScheduledJobGroup & { saves: number } => {
    const group = {
      name: 'scheduled',
      entries,
      saves: 0,
      save: () => {
        group.saves += 1;
      },
    };
    return group;
  };

  describe('freeSlots', () => {
    it("gives each account the cloud's free places, capped by concurrentJobCount", async () => {
      const link = linkOf();
      const entries = [unsent(link, 'a'), unsent(link, 'b')];
      expect([...(await freeSlots(entries, undefined)).values()]).toEqual([3]);
      expect([...(await freeSlots(entries, 2)).values()]).toEqual([2]);
    });

    it('shares one quota between clients of one token, and keeps another token apart', async () => {
      const mine = linkOf();
      const alsoMine = linkOf(TOKEN, 'sim:other');
      const theirs = linkOf(OTHER_TOKEN);
      const slots = await freeSlots(
        [unsent(mine, 'a'), unsent(alsoMine, 'b'), unsent(theirs, 'c')],
        undefined,
      );
      expect(slots.size).toBe(2);
      expect(slots.get(mine.rpc.account)).toBe(3);
      expect(slots.get(theirs.rpc.account)).toBe(3);
      expect(cloud.count('GET', /^\/api\/jobs\/availability$/)).toBe(2);
    });

    it('needs concurrentJobCount, a positive integer, when the cloud cannot tell its quota', async () => {
      const entries = [unsent(linkOf(), 'a')];
      await expect(freeSlots(entries, 0)).rejects.toMatchObject({ field: 'concurrentJobCount' });
      cloud.fault({ path: /^\/api\/jobs\/availability$/, status: 404, times: 1 });
      const refusal = await freeSlots(entries, undefined).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ValidationError);
      expect(refusal).toMatchObject({ field: 'concurrentJobCount' });
      cloud.fault({ path: /^\/api\/jobs\/availability$/, status: 404, times: 1 });
      expect([...(await freeSlots(entries, 2)).values()]).toEqual([2]);
    });
  });

  it('launches what the quota allows, saving the group after each job, and names the group in each', async () => {
    const link = linkOf();
    const group = groupOf(['a', 'b', 'c', 'd', 'e'].map((name) => unsent(link, name)));
    const scheduler = new JobGroupScheduler(group, 10);
    expect(await scheduler.launch('unsent', {})).toBe(3);
    expect(group.saves).toBe(3);
    expect(group.entries.map((entry) => entry.status === null)).toEqual([false, false, false, true, true]);
    expect(scheduler.targets('unsent').map((entry) => entry.job.name)).toEqual(['d', 'e']);
    for (const job of cloud.jobs.values()) expect(job.request.job_group_name).toBe('scheduled');
  });

  it('runs every target to its end, and reruns failures appended when asked, once per call', async () => {
    scriptOf = (request) =>
      request.job_name === 'broken'
        ? { runForMs: 5, outcome: { status: 'error', message: 'boom' } }
        : { startAfterMs: 5, runForMs: 10 };
    const link = linkOf();
    const group = groupOf([unsent(link, 'fine'), unsent(link, 'broken')]);
    const scheduler = new JobGroupScheduler(group, 10);
    await scheduler.run({ targets: 'unsent', delayMs: 0, sequential: false, options: {} });
    expect(group.entries.map((entry) => entry.status)).toEqual([RunningStatus.SUCCESS, RunningStatus.ERROR]);
    await scheduler.run({
      targets: 'failed',
      delayMs: 0,
      sequential: true,
      options: { replaceFailedJobs: false },
    });
    expect(group.entries.map((entry) => [entry.job.name, entry.status])).toEqual([
      ['fine', RunningStatus.SUCCESS],
      ['broken', RunningStatus.ERROR],
      ['broken', RunningStatus.ERROR],
    ]);
    expect(cloud.jobs.size).toBe(3);
  });

  it('stops a run at the signal, leaving the jobs it sent running', async () => {
    scriptOf = () => ({ startAfterMs: 5, outcome: { status: 'never' } });
    const link = linkOf();
    const group = groupOf([unsent(link, 'endless')]);
    const controller = new AbortController();
    const run = new JobGroupScheduler(group, 10).run({
      targets: 'unsent',
      delayMs: 0,
      sequential: false,
      options: { signal: controller.signal },
    });
    while (cloud.jobs.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('enough'));
    await expect(run).rejects.toThrow('enough');
    expect(group.entries[0]?.job.wasSent).toBe(true);
    expect([...cloud.jobs.values()][0]?.status).not.toBe('canceled');
  });
});
