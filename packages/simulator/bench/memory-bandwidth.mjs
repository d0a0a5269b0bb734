// The machine's plain copy bandwidth, the yardstick for the share of memory bandwidth a kernel reaches (package
// README, "SLOS n = m = 14: profile"): copies a 512 MiB buffer into another (both already faulted in) five times
// and prints the best rate as bytes read + written per second of CPU time, as one JSON line.
import { loadavg } from 'node:os';

const bytes = 512 * 2 ** 20;
const source = Buffer.alloc(bytes, 1);
const target = Buffer.alloc(bytes);
let best = 0;
for (let run = 0; run < 5; run++) {
  const cpu = process.cpuUsage();
  source.copy(target);
  const used = process.cpuUsage(cpu);
  best = Math.max(best, (2 * bytes) / ((used.user + used.system) / 1e6));
}
console.log(JSON.stringify({ copyGBPerCpuSecond: best / 1e9, loadAverage: loadavg()[0] }));
