// Seed snippet: "if job.is_failed: print(job.status.stop_message)" — a job that fails ends ERROR, and its stop
// message says why. Here: a Mach–Zehnder interferometer whose phase `phi` was never given a value. Locally the job
// starts and its run fails, as the unitary cannot be computed; a server checks that at creation and refuses the
// job (400), so the launch itself fails. Either way the job ends ERROR with the reason in its stop message.
import { BasicState, BS, Circuit, P, PS } from '@bosonic/core';
import { closeProcessor, describeTarget, openProcessor, samplerFor, sleep } from './target.mjs';

const processor = await openProcessor({
  circuit: new Circuit(2)
    .add(0, BS.H())
    .add(0, new PS(P('phi')))
    .add(0, BS.H()),
  input: new BasicState([1, 0]),
  minDetectedPhotons: 1,
});
console.log(`Target: ${describeTarget(processor)}`);
const job = samplerFor(processor).probs;

try {
  await job.executeAsync();
} catch (error) {
  console.log(`launch failed: ${error.name}`);
}
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
