// Seed snippet: "At any time, the user can retrieve a JobStatus to retrieve several job metadata" — before,
// during and after a run.
import { fourierSampling } from './circuits.mjs';
import { closeProcessor, describeTarget, openProcessor, samplerFor, sleep } from './target.mjs';

const processor = await openProcessor({
  ...fourierSampling(12, 24),
  backend: 'CliffordClifford2017',
  platform: 'sim:clifford2017',
});
console.log(`Target: ${describeTarget(processor)}`);
const job = samplerFor(processor, { seed: 11 }).sampleCount;

show('before', job.status);
await job.executeAsync(30_000);
await sleep(300);
show('during', job.status);
await job.wait();
show('after', job.status);
await closeProcessor(processor);

function show(when, jobStatus) {
  const iso = (date) => (date === undefined ? '-' : date.toISOString());
  console.log(`${when}: status=${jobStatus.status} progress=${jobStatus.progress.toFixed(2)}`);
  console.log(
    `  progressMessage=${jobStatus.progressMessage ?? '-'} stopMessage=${jobStatus.stopMessage ?? '-'}`,
  );
  console.log(
    `  creationTime=${iso(jobStatus.creationTime)} startTime=${iso(jobStatus.startTime)} stopTime=${iso(jobStatus.stopTime)}`,
  );
  console.log(`  runningTime=${jobStatus.runningTime.toFixed(3)}s`);
  const flags = [
    'waiting',
    'running',
    'completed',
    'success',
    'failed',
    'canceled',
    'maybeCompleted',
    'unknown',
  ];
  console.log(`  ${flags.map((flag) => `${flag}=${jobStatus[flag]}`).join(' ')}`);
}
