// The main job of the quick start: a Hong-Ou-Mandel experiment run on the local native simulator,
// first synchronously (the job blocks and returns), then asynchronously (progress, then wait()).
import { BasicState, BS, Circuit, Sampler } from '@bosonic/core';
import { Processor } from '@bosonic/simulator';

const circuit = new Circuit(2).add(0, BS.H());
const processor = new Processor('SLOS', circuit, { seed: 42 });
processor.withInput(new BasicState([1, 1]));

const sampler = new Sampler(processor);

// Synchronous: calling the job is executeSync.
const { results: probs } = sampler.probs();
console.log('Output distribution of |1,1> through a balanced beam splitter (HOM):');
console.log(probs.toString());

// Asynchronous: launch, watch progress, collect.
const job = sampler.sampleCount;
job.onProgress((progress, message) =>
  console.log(`  progress ${(progress * 100).toFixed(0)}%${message ? ` (${message})` : ''}`),
);
await job.executeAsync(10_000);
const { results: counts, globalPerf } = await job.wait();
console.log(`10 000 shots (global perf ${globalPerf}):`);
console.log(counts.toString());
