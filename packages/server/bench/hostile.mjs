// Hostile-payload benchmark (issue 14, items 1, 3 and 4): what one attacker's requests cost the other clients.
//
// A server (the built dist/, in a child process) runs on 127.0.0.1. Phase by phase, for PHASE_S seconds each,
// CLIENTS well-behaved clients poll a job's status every POLL_MS ms while one attacker sends, one after the other,
// the same hostile create request: none (the baseline), a `:PCVL:zip:` BasicState inflating to 100 million modes
// (zip bomb, ~270 kB), a `:PCVL:Experiment:` of 10 million base64 characters (10 MB body), and a 0.5 kB zipped
// Experiment whose post-selection nests 20,000 parentheses. For each phase it reports how the attacks were answered,
// the other clients' status latency (p50, p99, max), the server's event-loop delay (p99, max: the issue's goal is a
// p99 under 20 ms) and its peak RSS during the phase. Timings are measured here, never asserted in tests.
//
// The whole measurement is repeated BENCH_HOSTILE_RUNS times (3 by default), each on a fresh server process, and
// every figure is reported as its spread over the runs (min–max, and each run's value).
//
//   node bench/hostile.mjs            (pnpm bench)
//   BENCH_HOSTILE_RUNS=3 BENCH_HOSTILE_PHASE_S=8 BENCH_HOSTILE_CLIENTS=4 BENCH_HOSTILE_POLL_MS=10 node bench/hostile.mjs
//   BENCH_HOSTILE_PHASES=baseline,10m BENCH_HOSTILE_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' node bench/hostile.mjs
//
// BENCH_HOSTILE_PHASES picks phases by key (baseline, zip, 10m, postselect); BENCH_HOSTILE_NODE_FLAGS are given to
// the server's node (profiling: `--cpu-prof`, `--trace-gc`).

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { BasicState, BS, Circuit, Experiment } from '@bosonic/core';
import { serialize } from '@bosonic/protocol';
import { Pool } from 'undici';
import { startProcess, stopProcess } from './processes.mjs';

const PHASE_S = Number(process.env.BENCH_HOSTILE_PHASE_S ?? 8);
const CLIENTS = Number(process.env.BENCH_HOSTILE_CLIENTS ?? 4);
const POLL_MS = Number(process.env.BENCH_HOSTILE_POLL_MS ?? 10);
const RUNS = Number(process.env.BENCH_HOSTILE_RUNS ?? 3);
const PHASE_KEYS = process.env.BENCH_HOSTILE_PHASES?.split(',');
const NODE_FLAGS = process.env.BENCH_HOSTILE_NODE_FLAGS?.split(' ').filter((flag) => flag !== '') ?? [];
const TOKEN = 'bench-token-0123456789';
const ATTACKER_TOKEN = 'bench-attacker-0123456789';

// BENCH_HOSTILE_DIST: another build of the server to measure (a folder, absolute or relative to packages/server, e.g.
// a copy of dist/ built from another commit), to compare two builds under the same load.
const PACKAGE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const INDEX = JSON.stringify(
  pathToFileURL(join(resolve(PACKAGE_DIR, process.env.BENCH_HOSTILE_DIST ?? 'dist'), 'index.js')).href,
);

/**
 * The server, measuring its event loop, its RSS and its CPU time; on stdin, `RESET` starts a phase and `REPORT`
 * prints `PHASE <loop p99 ms> <loop max ms> <peak RSS bytes> <event-loop thread CPU ms> <process CPU ms>` for the
 * phase so far. The event-loop thread's own CPU time (Linux: /proc/self/task/<pid>/stat, in 10 ms ticks; NaN
 * elsewhere) is what a request costs the other clients, whatever the load of the machine; the process's includes
 * the request checker's and the job workers' threads.
 */
const SCRIPT = `
  import { readFileSync, rmSync } from 'node:fs';
  import { monitorEventLoopDelay } from 'node:perf_hooks';
  import { createInterface } from 'node:readline';
  import { startServer } from ${INDEX};
  const options = JSON.parse(process.argv[1]);
  const server = await startServer(options);
  const loopThreadCpuMs = () => {
    try {
      const fields = readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return Number.NaN;
    }
  };
  const processCpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let peakRss = process.memoryUsage.rss();
  let loopCpuAtStart = loopThreadCpuMs();
  let cpuAtStart = processCpuMs();
  setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 20).unref();
  const commands = createInterface({ input: process.stdin });
  // The benchmark's end of the pipe closes when it dies (killed, or ^C): stop rather than outlive it, and remove the
  // temporary data directory it can no longer remove.
  commands.on('close', () =>
    server.close().then(() => {
      rmSync(options.dataDir, { recursive: true, force: true });
      process.exit(0);
    }),
  );
  commands.on('line', (line) => {
    if (line === 'RESET') {
      loop.disable();
      loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      peakRss = process.memoryUsage.rss();
      loopCpuAtStart = loopThreadCpuMs();
      cpuAtStart = processCpuMs();
    } else if (line === 'REPORT') {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      process.stdout.write(
        'PHASE ' + loop.percentile(99) / 1e6 + ' ' + loop.max / 1e6 + ' ' + peakRss + ' ' +
          (loopThreadCpuMs() - loopCpuAtStart) + ' ' + (processCpuMs() - cpuAtStart) + '\\n',
      );
    }
  });
  process.stdout.write('READY ' + server.url + '\\n');
  process.on('SIGTERM', () => {
    const { userCPUTime, systemCPUTime } = process.resourceUsage();
    process.stdout.write('CPU ' + (userCPUTime + systemCPUTime) / 1e6 + '\\n');
    server.close().then(() => process.exit(0));
  });
`;

/** A create-job body on sim:slos, with `payload` fields over a small probs job's. */
function createBody(payload) {
  const experiment = new Experiment(new Circuit(2).add(0, BS.H()), { name: 'sim:slos' }).withInput(
    new BasicState([1, 1]),
  );
  return JSON.stringify({
    pcvl_version: '1.1.1',
    process_id: 'bench',
    platform_name: 'sim:slos',
    payload: { command: 'probs', experiment: serialize(experiment), job_context: null, ...payload },
    job_name: 'hostile',
  });
}

/** `:PCVL:zip:` of `|0,0,…,0,1>` on 100 million modes (deflated as it is written: ~270 kB). */
function zipBomb() {
  const modes = 100_000_000;
  const block = Buffer.from('0,'.repeat(1 << 19));
  const parts = [Buffer.from(':PCVL:BasicState:|')];
  for (let written = 0; written + (1 << 19) < modes; written += 1 << 19) parts.push(block);
  parts.push(Buffer.from('1>'));
  return `:PCVL:zip:${deflateSync(Buffer.concat(parts), { level: 9 }).toString('base64')}`;
}

/** A 2-mode Experiment whose post-selection nests 20,000 parentheses, zipped (about 0.5 kB). */
function deepPostSelect() {
  const postSelect = Buffer.from(`:PCVL:PostSelect:${'('.repeat(20_000)}[0]==1${')'.repeat(20_000)}`);
  const varint = (value) => {
    const bytes = [];
    let rest = value;
    while (rest > 127) {
      bytes.push((rest & 127) | 128);
      rest >>>= 7;
    }
    bytes.push(rest);
    return Buffer.from(bytes);
  };
  // perceval.schema.Experiment: n_mode (field 8, varint) = 2, post_select (field 4, string).
  const message = Buffer.concat([Buffer.from([0x40, 0x02, 0x22]), varint(postSelect.length), postSelect]);
  const text = `:PCVL:Experiment:${message.toString('base64')}`;
  return `:PCVL:zip:${deflateSync(Buffer.from(text), { level: 9 }).toString('base64')}`;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value, digits = 1) => +value.toFixed(digits);

/** The hostile requests, by key: [key, name, body (undefined: no attack)]. */
function attacks() {
  const all = [
    ['baseline', 'baseline (no attack)', undefined],
    ['zip', 'zip bomb: 100 M modes in 270 kB', createBody({ iterator: [{ input_state: zipBomb() }] })],
    [
      '10m',
      '10 M base64 characters',
      createBody({ experiment: `:PCVL:Experiment:${'A'.repeat(10_000_000)}` }),
    ],
    ['postselect', 'PostSelect nesting 20,000 parentheses', createBody({ experiment: deepPostSelect() })],
  ];
  return PHASE_KEYS === undefined ? all : all.filter(([key]) => PHASE_KEYS.includes(key));
}

/** One run: a fresh server, every phase in turn; resolves with the phases' figures and the server's CPU seconds. */
async function runOnce(phaseList) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bosonic-bench-hostile-'));
  const server = await startProcess(
    SCRIPT,
    { dataDir, tokens: [TOKEN, ATTACKER_TOKEN], workers: 2, threadsPerJob: 1, logger: false, fsync: false },
    NODE_FLAGS,
    { stdin: 'pipe' },
  );
  const pool = new Pool(server.url, { connections: CLIENTS + 2, pipelining: 1 });
  try {
    const request = async (method, path, token, body) => {
      const started = performance.now();
      const answer = await pool.request({
        method,
        path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body }),
      });
      const text = await answer.body.text();
      return { status: answer.statusCode, text, ms: performance.now() - started };
    };
    // The job the clients poll.
    const created = await request('POST', '/api/job', TOKEN, createBody({}));
    if (created.status !== 200) throw new Error(`the clients' job was refused: ${created.text}`);
    const statusPath = `/api/job/status/${JSON.parse(created.text).job_id}`;

    /** Reads the server's figures of the phase: resolves at its next `PHASE` line. */
    const serverPhase = () =>
      new Promise((resolve) => {
        const seen = server.output().length;
        const onData = () => {
          const match = /PHASE (\S+) (\S+) (\S+) (\S+) (\S+)/.exec(server.output().slice(seen));
          if (match === null) return;
          server.child.stdout.off('data', onData);
          resolve({
            loopP99Ms: Number(match[1]),
            loopMaxMs: Number(match[2]),
            peakRssBytes: Number(match[3]),
            loopThreadCpuMs: Number(match[4]),
            processCpuMs: Number(match[5]),
          });
        };
        server.child.stdout.on('data', onData);
        server.child.stdin.write('REPORT\n');
      });

    const phases = [];
    for (const [, name, body] of phaseList) {
      server.child.stdin.write('RESET\n');
      const stopAt = performance.now() + PHASE_S * 1000;
      const latencies = [];
      const otherStatuses = {};
      const attackStatuses = {};
      const attackMs = [];
      const client = async () => {
        while (performance.now() < stopAt) {
          const answer = await request('GET', statusPath, TOKEN);
          latencies.push(answer.ms);
          otherStatuses[answer.status] = (otherStatuses[answer.status] ?? 0) + 1;
          await sleep(POLL_MS);
        }
      };
      const attacker = async () => {
        if (body === undefined) return;
        while (performance.now() < stopAt) {
          const answer = await request('POST', '/api/job', ATTACKER_TOKEN, body);
          attackMs.push(answer.ms);
          attackStatuses[answer.status] = (attackStatuses[answer.status] ?? 0) + 1;
          if (answer.status === 200) throw new Error(`${name}: the hostile request was accepted`);
        }
      };
      await Promise.all([...Array.from({ length: CLIENTS }, client), attacker()]);
      const figures = await serverPhase();
      latencies.sort((a, b) => a - b);
      attackMs.sort((a, b) => a - b);
      phases.push({
        phase: name,
        attackAnswers: attackStatuses,
        attackMsP50: attackMs.length === 0 ? null : round(percentile(attackMs, 50)),
        otherRequests: latencies.length,
        otherAnswers: otherStatuses,
        otherP50Ms: round(percentile(latencies, 50), 2),
        otherP99Ms: round(percentile(latencies, 99), 2),
        otherMaxMs: round(latencies[latencies.length - 1] ?? Number.NaN, 2),
        loopDelayP99Ms: round(figures.loopP99Ms, 2),
        loopDelayMaxMs: round(figures.loopMaxMs, 2),
        peakRssMiB: Math.round(figures.peakRssBytes / 2 ** 20),
        loopThreadCpuMs: figures.loopThreadCpuMs,
        processCpuMs: Math.round(figures.processCpuMs),
        // What one hostile request costs the event loop's thread, beside what the clients' polling costs it.
        loopThreadCpuMsPerAttack:
          attackMs.length === 0 ? null : round(figures.loopThreadCpuMs / attackMs.length, 2),
        processCpuMsPerAttack:
          attackMs.length === 0 ? null : round(figures.processCpuMs / attackMs.length, 1),
      });
    }
    const serverCpuS = round(await stopProcess(server));
    // What the profiling flags printed (`--trace-gc` writes to stdout), for the reader.
    if (NODE_FLAGS.length > 0) process.stderr.write(server.output());
    return { phases, serverCpuS };
  } finally {
    await pool.close();
    // Stopped here too when a run failed, so that no server outlives the benchmark.
    if (server.child.exitCode === null) server.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `[3.1, 5.2, 4]` → `3.1–5.2 (3.1 / 5.2 / 4)`. */
function spread(values) {
  if (values.some((value) => value === null)) return 'n/a';
  return `${Math.min(...values)}–${Math.max(...values)} (${values.join(' / ')})`;
}

async function main() {
  const phaseList = attacks();
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const loadBefore = round(loadavg()[0], 2);
    const { phases, serverCpuS } = await runOnce(phaseList);
    runs.push({
      loadAverageBefore: loadBefore,
      loadAverageAfter: round(loadavg()[0], 2),
      serverCpuS,
      phases,
    });
  }
  const report = {
    machine: `${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
    runs: RUNS,
    phaseS: PHASE_S,
    clients: CLIENTS,
    pollMs: POLL_MS,
    nodeFlags: NODE_FLAGS,
    results: runs,
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `${RUNS} runs; 1-minute load average before each: ${runs.map((run) => run.loadAverageBefore).join(' / ')}; ` +
      `server CPU seconds: ${runs.map((run) => run.serverCpuS).join(' / ')}`,
  );
  phaseList.forEach(([, name], index) => {
    const of = (field) => runs.map((run) => run.phases[index][field]);
    const worst = Math.max(...of('loopDelayP99Ms'));
    console.log(
      `${name}: event-loop p99 ${spread(of('loopDelayP99Ms'))} ms (${worst < 20 ? 'meets' : 'MISSES'} the goal, ` +
        `< 20 ms, in every run); max ${spread(of('loopDelayMaxMs'))} ms; other clients p99 ` +
        `${spread(of('otherP99Ms'))} ms; peak RSS ${spread(of('peakRssMiB'))} MiB; CPU ms of the event-loop ` +
        `thread ${spread(of('loopThreadCpuMs'))} (per attack ${spread(of('loopThreadCpuMsPerAttack'))}), of the ` +
        `process per attack ${spread(of('processCpuMsPerAttack'))}`,
    );
  });
  const failedOthers = runs.some((run) =>
    run.phases.some((phase) => Object.keys(phase.otherAnswers).some((status) => status !== '200')),
  );
  if (failedOthers) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
