// Seed snippet: "A job cancellation can be requested programmatically" — `cancel()` asks the job to stop and
// resolves once the request is accepted; the actual end may take some time, so `await job.wait()` follows it, and
// returns the partial results a canceled job holds (getResults() returns them too, once it has stopped).
import { fourierSampling } from './circuits.mjs';
import { closeProcessor, describeTarget, openProcessor, samplerFor, sleep } from './target.mjs';

// 20 photons in 40 modes: Clifford & Clifford draws a few hundred samples a second here, so a million
// samples would take hours.
const processor = await openProcessor({
  ...fourierSampling(20, 40),
  backend: 'CliffordClifford2017',
  platform: 'sim:clifford2017',
});
console.log(`Target: ${describeTarget(processor)}`);
const job = samplerFor(processor, { seed: 3 }).samples;

await job.executeAsync(1_000_000);
while (job.status.progress === 0 && !job.isComplete) await sleep(100); // let it draw some samples
console.log(`running: ${job.status.status}, progress ${job.status.progress.toFixed(4)}`);

await job.cancel(); // ask for job cancelation: accepted at once, the job is CANCEL_REQUESTED until it stops
console.log(`after cancel(): ${job.status.status}`);
const { results } = await job.wait(); // the actual end of the execution may take some time: wait for it

console.log(
  `ended: ${job.status.status} at progress ${job.status.progress.toFixed(4)} (${job.status.stopMessage ?? 'no message'})`,
);
console.log(`partial results: ${results.length} samples of the 1000000 asked for`);
console.log(`first sample: ${results.at(0)}`);
await closeProcessor(processor);
