// One SLOS run of n = m = 14 (or n = m = the first argument) through the public API (`new Sampler(processor).probs()`),
// printing its wall time, the CPU time it used (user and system), its peak memory and the load average, as one JSON
// line. Run under `perf` to see where the CPU
// time goes, from the package directory after `pnpm build`:
//   perf stat -e task-clock,page-faults node bench/slos-profile.mjs
//   perf record -e cpu-clock -F 2000 node bench/slos-profile.mjs && perf report --no-children --sort symbol
// (a virtual machine may expose no hardware counters: cpu-clock and task-clock are software events).
import { loadavg } from 'node:os';
import { BasicState, Circuit, ComplexMatrix, Sampler, Unitary } from '@bosonic/core';
import { Processor } from '../dist/index.js';

const m = Number(process.argv[2] ?? 14);
const circuit = new Circuit(m).add(0, new Unitary(ComplexMatrix.randomUnitary(m, 7)));
const processor = new Processor('SLOS', circuit).withInput(new BasicState(new Array(m).fill(1)));
const start = performance.now();
const cpu = process.cpuUsage();
const { results } = new Sampler(processor).probs();
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    wallSeconds: (performance.now() - start) / 1000,
    userSeconds: used.user / 1e6,
    systemSeconds: used.system / 1e6,
    states: results.size,
    peakGB: process.resourceUsage().maxRSS / 2 ** 20,
    // Wall times mean little when other processes share the CPUs: the 1-minute load average says how many did.
    loadAverage: loadavg()[0],
  }),
);
