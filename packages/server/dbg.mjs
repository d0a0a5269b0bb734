import { BasicState, BS, Circuit, Experiment, Sampler } from '@bosonic/core';
import { Processor } from '@bosonic/simulator';

const e = new Experiment(new Circuit(2).add(0, BS.H()))
  .withInput(new BasicState([1, 1]))
  .minDetectedPhotonsFilter(1);
const p = new Processor('SLOS', e, { threads: 1, memoryLimitBytes: 1e9 });
const s = new Sampler(p);
for (let i = 0; i < 300; i++) s.probs();
const N = +process.argv[2] || 3000;
const t = performance.now();
for (let i = 0; i < N; i++) s.probs();
console.log('sync probs ms', (performance.now() - t) / N);
