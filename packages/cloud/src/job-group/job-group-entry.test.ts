import { RunningStatus } from '@bosonic/core';
import { afterAll, describe, expect, it } from 'vitest';
import { RemoteJob, type RemoteJobLink } from '../remote-job.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { jobRequest } from '../testing/fixtures.js';
import { ACTIVE_STATUSES, isFailed, isFinal, type JobGroupEntry, syncEntry } from './job-group-entry.js';

describe('job group entries', () => {
  // A client that never connects: entries are compared with what their jobs know, without a cloud.
  const rpc = new RpcClient({ url: 'http://127.0.0.1:9/', token: 'entry-test-token' });
  const link: RemoteJobLink = { rpc, platform: 'sim:test' };
  afterAll(() => rpc.close());

  it('sorts statuses: ended, failed (to rerun) and active (to cancel)', () => {
    const ended = [RunningStatus.SUCCESS, RunningStatus.ERROR, RunningStatus.CANCELED];
    for (const status of Object.values(RunningStatus)) {
      expect(isFinal(status), status).toBe(ended.includes(status));
      expect(isFailed(status), status).toBe(
        status === RunningStatus.ERROR || status === RunningStatus.CANCELED,
      );
    }
    expect(isFinal(null)).toBe(false);
    expect(isFailed(null)).toBe(false);
    expect([...ACTIVE_STATUSES].sort()).toEqual(
      [RunningStatus.WAITING, RunningStatus.RUNNING, RunningStatus.CANCEL_REQUESTED].sort(),
    );
  });

  it('an unsent job stays unsent (null)', () => {
    const job = new RemoteJob({ link, name: 'probs', request: jobRequest('probs') });
    const entry: JobGroupEntry = { job, status: null, stale: false };
    expect(syncEntry(entry)).toBe(false);
    expect(entry.status).toBeNull();
  });

  it('a reloaded job keeps its recorded status while it only knows WAITING, and takes its own once fresh', () => {
    const job = new RemoteJob({ link, name: 'probs', id: 'job-1' });
    expect(job.knownStatus.status).toBe(RunningStatus.WAITING);
    const reloaded: JobGroupEntry = { job, status: RunningStatus.RUNNING, stale: true };
    expect(syncEntry(reloaded)).toBe(false);
    expect(reloaded).toMatchObject({ status: RunningStatus.RUNNING, stale: true });
    const fresh: JobGroupEntry = { job, status: RunningStatus.RUNNING, stale: false };
    expect(syncEntry(fresh)).toBe(true);
    expect(fresh.status).toBe(RunningStatus.WAITING);
  });
});
