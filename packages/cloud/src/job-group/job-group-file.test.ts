import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RunningStatus, ValidationError } from '@bosonic/core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RemoteJob, type RemoteJobLink } from '../remote-job.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { jobRequest } from '../testing/fixtures.js';
import {
  checkJobGroupName,
  deleteJobGroupFile,
  entryOfRecord,
  formatDate,
  type JobRecord,
  jobGroupFilePath,
  jobRecordOf,
  listJobGroupNames,
  readJobGroupFile,
  writeJobGroupFile,
} from './job-group-file.js';

describe('job group files', () => {
  let dataDir: string;
  let env: Record<string, string>;
  // A client that never connects: records are made and read without a cloud.
  const rpc = new RpcClient({ url: 'http://127.0.0.1:9/', token: 'file-test-token' });
  const link: RemoteJobLink = { rpc, platform: 'sim:test' };
  afterAll(() => rpc.close());

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bosonic-group-file-'));
    env = { BOSONIC_DATA_DIR: dataDir };
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lives at <data dir>/job_group/<name>.json; names are listed sorted and deleted', () => {
    expect(jobGroupFilePath('sweep', env)).toBe(join(dataDir, 'job_group', 'sweep.json'));
    expect(listJobGroupNames(env)).toEqual([]);
    writeJobGroupFile(jobGroupFilePath('b', env), '20260101_000000', []);
    writeJobGroupFile(jobGroupFilePath('a', env), '20260101_000000', []);
    writeFileSync(join(dataDir, 'job_group', '.hidden.json'), '{}');
    writeFileSync(join(dataDir, 'job_group', 'notes.txt'), '');
    expect(listJobGroupNames(env)).toEqual(['a', 'b']);
    expect(deleteJobGroupFile('a', env)).toBe(true);
    expect(deleteJobGroupFile('a', env)).toBe(false);
    expect(deleteJobGroupFile('.hidden', env)).toBe(false);
    expect(listJobGroupNames(env)).toEqual(['b']);
  });

  it('takes plain file names only', () => {
    expect(checkJobGroupName('sweep-1.v2_a')).toBe('sweep-1.v2_a');
    for (const name of ['../escape', '.hidden', 'a/b', '', 'sp ace', 3]) {
      expect(() => checkJobGroupName(name)).toThrow(expect.objectContaining({ field: 'name' }));
    }
  });

  it("dates a file with Perceval's %Y%m%d_%H%M%S, local time", () => {
    expect(formatDate(new Date(2026, 0, 2, 3, 4, 5))).toBe('20260102_030405');
    const path = jobGroupFilePath('dated', env);
    writeJobGroupFile(path, '20250101_120000', []);
    const document = JSON.parse(readFileSync(path, 'utf8'));
    expect(document.created_date).toBe('20250101_120000');
    expect(document.modified_date).toMatch(/^\d{8}_\d{6}$/);
  });

  it('reads back what it wrote, and nothing when there is no file', () => {
    const path = jobGroupFilePath('round-trip', env);
    expect(readJobGroupFile(path)).toBeUndefined();
    const record: JobRecord = {
      id: 'job-1',
      name: 'sample_count',
      status: RunningStatus.RUNNING,
      metadata: { platform: 'sim:test', url: 'http://127.0.0.1:9/' },
      idempotency_key: 'k-1',
    };
    writeJobGroupFile(path, '20250101_120000', [record]);
    expect(readJobGroupFile(path)).toMatchObject({
      created_date: '20250101_120000',
      job_group_data: [record],
    });
  });

  it('names the file and the record that are malformed', () => {
    const path = jobGroupFilePath('broken', env);
    mkdirSync(dirname(path), { recursive: true });
    const refusal = (text: string): string => {
      writeFileSync(path, text);
      try {
        readJobGroupFile(path);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toBe('jobGroupFile');
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    const good = {
      id: null,
      name: 'x',
      status: null,
      metadata: { platform: 'p', url: 'u' },
      request_data: {},
    };
    expect(refusal('{')).toBe(`The job group file ${path} is not valid JSON`);
    expect(refusal('[]')).toMatch(/is malformed: job_group_data must be an array$/);
    expect(refusal('{"job_group_data": [{"id": 3}]}')).toMatch(
      /broken\.json is malformed: job_group_data\[0\]\.id$/,
    );
    expect(refusal(JSON.stringify({ job_group_data: [good, { ...good, status: 'LOST' }] }))).toMatch(
      /job_group_data\[1\]\.status$/,
    );
    expect(refusal(JSON.stringify({ job_group_data: [{ ...good, metadata: { url: 'u' } }] }))).toMatch(
      /job_group_data\[0\]\.metadata\.platform$/,
    );
    const { request_data: _, ...unsendable } = good;
    expect(refusal(JSON.stringify({ job_group_data: [unsendable] }))).toMatch(
      /job_group_data\[0\] has no request_data$/,
    );
  });

  it("records a job's way back to its cloud and its request, and rebuilds the job from the record", () => {
    const job = new RemoteJob({
      link,
      name: 'sample_count',
      prepare: (args) => jobRequest('sample_count', { maxSamples: args[0] as number }),
      seed: 7,
    });
    job.prepare(500);
    const record = jobRecordOf({ job, status: null, stale: false });
    expect(record).toEqual({
      id: null,
      name: 'sample_count',
      status: null,
      metadata: { platform: 'sim:test', url: rpc.url },
      idempotency_key: job.idempotencyKey,
      seed: 7,
      request_data: job.request,
    });
    const entry = entryOfRecord(record, link);
    expect(entry.status).toBeNull();
    expect(entry.stale).toBe(false);
    expect(jobRecordOf(entry)).toEqual(record);
  });

  it('keeps a sent job by id, stale until refreshed, and drops the request of a successful one', () => {
    const sent: JobRecord = {
      id: 'job-9',
      name: 'probs',
      status: RunningStatus.SUCCESS,
      metadata: { platform: 'sim:test', url: rpc.url },
    };
    const entry = entryOfRecord(sent, link);
    expect(entry.job.id).toBe('job-9');
    expect(entry).toMatchObject({ status: RunningStatus.SUCCESS, stale: true });
    expect(jobRecordOf(entry)).toEqual(sent);
  });
});
