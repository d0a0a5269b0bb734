// Seed snippet: "if job.is_failed: print(job.status.stop_message)" — a job that fails ends ERROR, and its stop
// message says why. Here: ten partly distinguishable photons in 24 modes, whose exact distribution needs more
// memory than the simulator may use, so the memory guard stops the job before it allocates anything.
import { BasicState, NoiseModel } from '@bosonic/core';
import { beamSplitterRow } from './circuits.mjs';
import { closeProcessor, describeTarget, openProcessor, samplerFor, sleep } from './target.mjs';

const processor = await openProcessor({
  circuit: beamSplitterRow(24),
  input: new BasicState(Array.from({ length: 24 }, (_, mode) => (mode < 10 ? 1 : 0))),
  noise: new NoiseModel({ indistinguishability: 0.5, g2: 0.1 }),
  minDetectedPhotons: 1,
  memoryLimitBytes: 2 ** 30, // local: 1 GiB; a server applies its own limit
});
console.log(`Target: ${describeTarget(processor)}`);
const job = samplerFor(processor).probs;

await job.executeAsync();
while (!job.isComplete) await sleep(100);
if (job.isFailed) {
  console.log(`failed: ${job.status.status}`);
  console.log(`stop message: ${job.status.stopMessage}`);
}
try {
  job.getResults();
} catch (error) {
  console.log(`getResults() threw ${error.name}: ${error.message}`);
}
await closeProcessor(processor);
