// Seed snippet: "Execute a job asynchronously" — `executeAsync` returns at once; the job's status tells how far
// it is (`status.progress`, 0 to 1) until `isComplete`; then `isFailed` says whether to read `stopMessage`, and
// `getResults()` returns the results.
import { fourierSampling } from './circuits.mjs';
import { closeProcessor, describeTarget, openProcessor, samplerFor, sleep } from './target.mjs';

const processor = await openProcessor({
  ...fourierSampling(12, 24),
  backend: 'CliffordClifford2017',
  platform: 'sim:clifford2017',
});
console.log(`Target: ${describeTarget(processor)}`);
const job = samplerFor(processor, { seed: 7 }).sampleCount;

await job.executeAsync(40_000); // non-blocking: the job is launched, its results are not there yet
console.log(`launched: ${job.status.status}`);
while (!job.isComplete) {
  // Check if the job has finished running
  console.log(`progress ${job.status.progress.toFixed(2)}`); // a value between 0 and 1
  await sleep(250);
}
if (job.isFailed) {
  console.log(`failed: ${job.status.stopMessage}`); // if so, print the reason
} else {
  const { results } = job.getResults(); // retrieve the results
  console.log(`complete: ${job.status.status}, progress ${job.status.progress}`);
  console.log(`${results.total()} samples over ${results.size} distinct output states`);
}
await closeProcessor(processor);
