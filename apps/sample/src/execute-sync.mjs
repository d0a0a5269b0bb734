// Seed snippet: "Execute a job synchronously" — `job.executeSync(...args)` blocks until the results are ready,
// and calling the job, `job(...args)`, does the same.

import { hongOuMandel } from './circuits.mjs';
import { closeProcessor, describeTarget, openProcessor, samplerFor } from './target.mjs';

const processor = await openProcessor(hongOuMandel());
console.log(`Target: ${describeTarget(processor)}`);
const sampler = samplerFor(processor, { seed: 42 });

const args = [10_000]; // for instance, the expected sample count
const job = sampler.sampleCount;
const results = job.executeSync(...args); // blocks the execution until results are ready
report('executeSync', results);

const again = sampler.sampleCount(...args); // a fresh job, called: same as executeSync
report('job(...args)', again);

await closeProcessor(processor);

function report(how, { results: counts, globalPerf }) {
  console.log(
    `${how}: ${counts.total()} samples, |2,0> ${counts.get('|2,0>')}, |0,2> ${counts.get('|0,2>')}, ` +
      `|1,1> ${counts.get('|1,1>')} (global perf ${globalPerf})`,
  );
}
