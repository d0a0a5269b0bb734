// `pnpm bench`: the simulator's performance table against the goals in the package README. Each case runs in a fresh
// process (bench/case.mjs) so its peak memory is measured alone. Options:
//   --slos16        also run SLOS n = m = 16 (300M states, minutes and ~10 GB)
//   --only=<kinds>  comma-separated subset: permanent,slos,clifford,naiveApprox,polarization,timeDelay,mps,
//                   overhead,cancel,eventLoop
//   --quick         smaller sizes, for a smoke run
// The default run takes about three minutes on a 2-vCPU machine.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = new Set(process.argv.slice(2));
const only = [...args]
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const quick = args.has('--quick');
const caseScript = fileURLToPath(new URL('./case.mjs', import.meta.url));

const range = (from, to, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
/** The 1-minute load average as the case ends: timings taken beside other work are slower than on a quiet machine. */
const loadAverage = () => loadavg()[0].toFixed(1);
const gb = (bytes) => `${(bytes / 2 ** 30).toFixed(2)} GB`;
const time = (s) =>
  s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(1)} µs`;

/** Each row: what ran, how long, a throughput, the goal (if there is one) and whether it was met. */
const plan = [];
const permanentSizes = quick ? [20, 22] : range(20, 28);
for (const n of permanentSizes) {
  for (const threads of [1, 2]) {
    plan.push({
      kind: 'permanent',
      n,
      threads,
      label: `permanent n=${n}, ${threads} thread${threads > 1 ? 's' : ''}`,
      report: (r) => ({
        time: time(r.seconds),
        throughput: `${((n * 2 ** (n - 1)) / r.seconds / 1e9).toFixed(2)} G mult/s`,
        ...(n === 28 && threads === 2 ? { goal: '≤ 0.8 s', met: r.seconds <= 0.8 } : {}),
        ...(n === 28 && threads === 1 ? { goal: 'C++ Glynn 1 thread: 3.2 s', met: r.seconds <= 3.2 } : {}),
      }),
    });
  }
}
const slosSizes = quick ? [10, 12] : [...range(10, 14), ...(args.has('--slos16') ? [16] : [])];
for (const n of slosSizes) {
  plan.push({
    kind: 'slos',
    n,
    m: n,
    label: `SLOS probs n=m=${n}`,
    report: (r) => ({
      time: time(r.seconds),
      throughput: `CPU ${time(r.cpuSeconds)}; ${(r.states / r.seconds / 1e6).toFixed(2)} M states/s; ${r.states} states; peak ${gb(r.maxRssBytes)}; load ${loadAverage()}`,
      // Issue 12's goals, on a 2-vCPU machine.
      ...(n === 14
        ? { goal: '≤ 0.7 s, ≤ 0.6 GB', met: r.seconds <= 0.7 && r.maxRssBytes <= 0.6 * 2 ** 30 }
        : {}),
      ...(n === 16 ? { goal: '≤ 10 s', met: r.seconds <= 10 } : {}),
    }),
  });
}
const cliffordSizes = quick ? [16] : range(16, 24, 2);
for (const n of cliffordSizes) {
  plan.push({
    kind: 'clifford',
    n,
    m: 2 * n,
    seconds: quick ? 0.3 : 2,
    label: `C&C sample n=${n}, m=${2 * n}`,
    report: (r) => ({
      time: `${time(r.secondsPerSample)} / sample`,
      throughput: `${(1 / r.secondsPerSample).toFixed(1)} samples/s (${r.samples} drawn)`,
      ...(n === 20 ? { goal: '≤ 10 ms / sample', met: r.secondsPerSample <= 0.01 } : {}),
    }),
  });
}
for (const n of quick ? [40] : [40, 50, 60]) {
  const iterations = 10_000;
  plan.push({
    kind: 'naiveApprox',
    n,
    m: 2 * n,
    iterations,
    label: `NaiveApprox amplitude n=${n}, m=${2 * n}, ${iterations} draws`,
    report: (r) => ({
      time: time(r.seconds),
      throughput: `${((iterations * n * n) / r.seconds / 1e9).toFixed(2)} G adds/s; |a| ${r.modulus.toExponential(1)} ± ${r.errorBound.toExponential(1)}`,
      goal: 'seconds (issue 12)',
      met: r.seconds <= 10,
    }),
  });
}
for (const [n, m] of quick
  ? [[4, 4]]
  : [
      [4, 4],
      [6, 6],
      [8, 8],
    ]) {
  plan.push({
    kind: 'polarization',
    n,
    m,
    label: `polarized probs n=${n}, m=${m} (SLOS on ${2 * m} modes)`,
    report: (r) => ({
      time: time(r.seconds),
      throughput: `${r.states} merged states; peak ${gb(r.maxRssBytes)}`,
    }),
  });
}
for (const [n, m] of quick
  ? [[2, 4]]
  : [
      [2, 4],
      [3, 6],
      [4, 8],
    ]) {
  plan.push({
    kind: 'timeDelay',
    n,
    m,
    label: `TD(1) probs n=${n}, m=${m} (unrolled: ${2 * m + 1} modes, ${2 * n} photons)`,
    report: (r) => ({ time: time(r.seconds), throughput: `${r.states} states; peak ${gb(r.maxRssBytes)}` }),
  });
}
for (const cutoff of quick ? [31] : [31, 62, undefined]) {
  plan.push({
    kind: 'mps',
    n: 30,
    m: 60,
    layers: 2,
    cutoff,
    label: `MPS amplitude n=30, m=60, 2 layers of BS, ${cutoff === undefined ? "'auto' (exact bond dimension)" : `cutoff ${cutoff}`}`,
    report: (r) => ({
      time: time(r.seconds),
      throughput: `|a| ${r.modulus.toExponential(2)}; truncation ${r.truncationError.toExponential(1)}; peak ${gb(r.maxRssBytes)}`,
      goal: 'benchmark of issue 12',
    }),
  });
}
plan.push({
  kind: 'overhead',
  n: quick ? 10 : 13,
  m: quick ? 10 : 13,
  reps: quick ? 3 : 11,
  label: `progress + async overhead (SLOS n=m=${quick ? 10 : 13})`,
  report: (r) => {
    const overhead = r.watched / r.bare - 1;
    return {
      time: `${time(r.bare)} bare, ${time(r.watched)} watched`,
      throughput: `${(overhead * 100).toFixed(2)} % overhead, ${r.events} progress events`,
      goal: '< 2 %',
      met: overhead < 0.02,
    };
  },
});
plan.push({
  kind: 'cancel',
  n: 20,
  m: 40,
  label: 'cancel latency (C&C n=20 sampling job)',
  report: (r) => ({
    time: `${time(r.worst)} worst of ${r.latencies.length}`,
    throughput: r.latencies.map((s) => time(s)).join(', '),
    goal: '≤ 50 ms',
    met: r.worst <= 0.05,
  }),
});
plan.push({
  kind: 'eventLoop',
  n: 20,
  m: 40,
  seconds: quick ? 1 : 3,
  label: 'event loop during an async job (C&C n=20)',
  report: (r) => ({
    time: `p99 ${r.p99Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(2)} ms`,
    throughput: `${r.events} progress events`,
    goal: 'p99 < 20 ms',
    met: r.p99Ms < 20,
  }),
});

const rows = [];
const started = Date.now();
for (const entry of plan.filter((e) => !only || only.includes(e.kind))) {
  const { label, report, ...spec } = entry;
  process.stderr.write(`running ${label} … `);
  let row;
  try {
    const out = execFileSync(process.execPath, [caseScript, JSON.stringify(spec)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    row = { label, ...report(JSON.parse(out.trim().split('\n').at(-1))) };
  } catch (error) {
    row = { label, time: 'failed', throughput: String(error.message).split('\n')[0] };
  }
  process.stderr.write(`${row.time}\n`);
  rows.push(row);
}

const header = ['workload', 'time', 'throughput / detail', 'goal', 'met'];
const table = rows.map((r) => [
  r.label,
  r.time,
  r.throughput,
  r.goal ?? '—',
  r.met === undefined ? '' : r.met ? 'yes' : 'NO',
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(line(row));
console.log(`\n${rows.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`);
