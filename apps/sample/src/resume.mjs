// Seed snippet: "A remote job can be resumed" — `remoteProcessor.resumeJob(id)` gives back a job sent earlier, from
// its id, in another process. This program sends a job, then starts itself again as a new process with
// `--resume <id>`, which resumes the job, waits for it and prints its results.
//
// Remote jobs need a cloud: with BOSONIC_SAMPLE_TARGET=remote it is BOSONIC_CLOUD_URL; otherwise this program
// serves one itself on 127.0.0.1 (bosonic's self-hosted server, with a temporary job store).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteProcessor } from '@bosonic/cloud';
import { Sampler } from '@bosonic/core';
import { fourierSampling } from './circuits.mjs';
import { isRemote } from './target.mjs';

const resumeAt = process.argv.indexOf('--resume');
if (resumeAt >= 0) {
  // The new process: only the job id crosses over.
  const id = process.argv[resumeAt + 1];
  const remoteProcessor = await RemoteProcessor.connect('sim:clifford2017');
  const job = await remoteProcessor.resumeJob(id);
  console.log(`[pid ${process.pid}] resumed job ${job.id}: ${job.status.status}`); // the id is on every remote job
  const { results } = await job.wait();
  console.log(`[pid ${process.pid}] ${job.status.status}: ${results.total()} samples`);
  await remoteProcessor.close();
} else {
  let server;
  const env = { ...process.env, BOSONIC_SAMPLE_TARGET: 'remote' };
  if (!isRemote) {
    const { startServer } = await import('@bosonic/server');
    const token = 'sample-resume-token';
    server = await startServer({
      dataDir: mkdtempSync(join(tmpdir(), 'bosonic-sample-')),
      tokens: [token],
      logger: false,
    });
    env.BOSONIC_CLOUD_URL = server.url;
    env.BOSONIC_CLOUD_TOKEN = token;
    console.log(`Serving a cloud of our own at ${server.url}`);
  }
  const remoteProcessor = await RemoteProcessor.connect('sim:clifford2017', {
    url: env.BOSONIC_CLOUD_URL,
    token: env.BOSONIC_CLOUD_TOKEN,
  });
  const { circuit, input } = fourierSampling(12, 24);
  remoteProcessor.setCircuit(circuit).withInput(input).minDetectedPhotonsFilter(12);
  const job = new Sampler(remoteProcessor, { maxShotsPerCall: 1_000_000 }).sampleCount;
  await job.executeAsync(20_000);
  console.log(`[pid ${process.pid}] sent job ${job.id}`);
  await remoteProcessor.close(); // this process forgets the job; the cloud keeps it

  const child = spawn(process.execPath, [process.argv[1], '--resume', job.id], { env, stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('close', resolve));
  await server?.close();
  process.exitCode = code ?? 1;
}
