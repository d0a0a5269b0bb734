/**
 * Jobs seen from another process, running the BUILT package: resume by id, and the liveness rule (a remote job
 * keeps its process alive only while someone waits).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RemoteJob } from './remote-job.js';
import { RpcClient } from './rpc/rpc-client.js';
import { BUILT_ENTRY, importBuiltPackage } from './testing/built-package.js';
import { startTestCloud, type TestCloud } from './testing/cloud-test-server.js';
import { jobRequest, resultsFor } from './testing/fixtures.js';

const TOKEN = 't0k3n';

/** The other process: connects with the built package, resumes the job, and does what MODE says. */
const CHILD = `
const { RemoteProcessor } = await import(process.env.CLOUD_ENTRY);
const rp = await RemoteProcessor.connect('sim:test', {
  url: process.env.CLOUD_URL, token: process.env.CLOUD_TOKEN, refreshIntervalMs: 20,
});
const job = await rp.resumeJob(process.env.JOB_ID);
const report = () => ({
  id: job.id,
  status: job.knownStatus.status,
  results: job.isComplete ? String(job.getResults().results) : null,
});
switch (process.env.MODE) {
  case 'resume':
    console.log(JSON.stringify(report()));
    await rp.close();
    break;
  case 'wait':
    await job.wait();
    // No close(): once the wait is over, nothing may hold the process.
    console.log(JSON.stringify(report()));
    break;
  case 'peek':
    // Status reads start background refreshes, but nobody waits: the process must exit on its own.
    for (let i = 0; i < 5; i++) { job.status; await new Promise((r) => setTimeout(r, 30)); }
    console.log(JSON.stringify(report()));
    break;
}
`;

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('a job from another process (built package)', () => {
  let cloud: TestCloud;
  let rpc: RpcClient;
  let dir: string;
  let script: string;

  beforeAll(async () => {
    await importBuiltPackage(); // fails clearly when the package is not built
    dir = mkdtempSync(join(tmpdir(), 'bosonic-child-'));
    script = join(dir, 'child.mjs');
    writeFileSync(script, CHILD);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async (context) => {
    cloud = await startTestCloud({
      results: resultsFor,
      script: (request) =>
        request.job_name === 'endless'
          ? { startAfterMs: 5, outcome: { status: 'never' } }
          : { startAfterMs: 20, runForMs: request.job_name === 'slow' ? 600 : 30 },
    });
    rpc = new RpcClient({ url: cloud.url, token: TOKEN });
    context.onTestFinished(async () => {
      await rpc.close();
      await cloud.close();
    });
  });

  const send = async (name: string): Promise<RemoteJob> => {
    const job = new RemoteJob({
      link: { rpc, platform: 'sim:test', refreshIntervalMs: 20 },
      name,
      prepare: () => ({ ...jobRequest('sample_count', { maxSamples: 10 }), job_name: name }),
    });
    await job.executeAsync();
    return job;
  };

  const runChild = (mode: string, jobId: string): Promise<ChildResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script], {
        env: {
          ...process.env,
          CLOUD_ENTRY: BUILT_ENTRY.href,
          CLOUD_URL: cloud.url,
          CLOUD_TOKEN: TOKEN,
          JOB_ID: jobId,
          MODE: mode,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      // A child still alive after a minute is held by something: killed, it exits with code null and fails.
      const killer = setTimeout(() => child.kill(), 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(killer);
        resolve({ code, stdout, stderr });
      });
    });

  it('resumes a completed job by id, with its status and results already fetched', async () => {
    const job = await send('quick');
    await job.wait();
    const child = await runChild('resume', job.id!);
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({
      id: job.id,
      status: 'SUCCESS',
      results: String((job.getResults() as { results: unknown }).results),
    });
  });

  it('resumes a running job and waits for it there: waiting keeps that process alive', async () => {
    const job = await send('slow');
    const child = await runChild('wait', job.id!);
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    const report = JSON.parse(child.stdout) as { status: string; results: string };
    expect(report.status).toBe('SUCCESS');
    expect(report.results).toContain('|1,0>: 4841');
  });

  it('a process that only reads the status of an unfinished job exits on its own', async () => {
    const job = await send('endless');
    const child = await runChild('peek', job.id!);
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    expect(JSON.parse(child.stdout).status).toBe('RUNNING');
    // It polled (the reads started refreshes) and still was not held by timers or sockets.
    expect(cloud.count('GET', /^\/api\/job\/status\//)).toBeGreaterThanOrEqual(2);
  });
});
