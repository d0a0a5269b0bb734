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
//   node bench/hostile.mjs            (pnpm bench)
//   BENCH_HOSTILE_PHASE_S=8 BENCH_HOSTILE_CLIENTS=4 BENCH_HOSTILE_POLL_MS=10 node bench/hostile.mjs

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { BasicState, BS, Circuit, Experiment } from '@bosonic/core';
import { serialize } from '@bosonic/protocol';
import { Pool } from 'undici';
import { startProcess, stopProcess } from './processes.mjs';

const PHASE_S = Number(process.env.BENCH_HOSTILE_PHASE_S ?? 8);
const CLIENTS = Number(process.env.BENCH_HOSTILE_CLIENTS ?? 4);
const POLL_MS = Number(process.env.BENCH_HOSTILE_POLL_MS ?? 10);
const TOKEN = 'bench-token-0123456789';
const ATTACKER_TOKEN = 'bench-attacker-0123456789';

const INDEX = JSON.stringify(new URL('../dist/index.js', import.meta.url).href);

/**
 * The server, measuring its event loop and its RSS; on stdin, `RESET` starts a phase and `REPORT` prints
 * `PHASE <loop p99 ms> <loop max ms> <peak RSS bytes>` for the phase so far.
 */
const SCRIPT = `
  import { monitorEventLoopDelay } from 'node:perf_hooks';
  import { createInterface } from 'node:readline';
  import { startServer } from ${INDEX};
  const server = await startServer(JSON.parse(process.argv[1]));
  let loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let peakRss = process.memoryUsage.rss();
  setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 20).unref();
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'RESET') {
      loop.disable();
      loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      peakRss = process.memoryUsage.rss();
    } else if (line === 'REPORT') {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      process.stdout.write('PHASE ' + loop.percentile(99) / 1e6 + ' ' + loop.max / 1e6 + ' ' + peakRss + '\\n');
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

async function main() {
  const loadBefore = loadavg()[0];
  const dataDir = mkdtempSync(join(tmpdir(), 'bosonic-bench-hostile-'));
  const server = await startProcess(
    SCRIPT,
    { dataDir, tokens: [TOKEN, ATTACKER_TOKEN], workers: 2, threadsPerJob: 1, logger: false, fsync: false },
    [],
    { stdin: 'pipe' },
  );
  const pool = new Pool(server.url, { connections: CLIENTS + 2, pipelining: 1 });
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
        const match = /PHASE (\S+) (\S+) (\S+)/.exec(server.output().slice(seen));
        if (match === null) return;
        server.child.stdout.off('data', onData);
        resolve({ loopP99Ms: Number(match[1]), loopMaxMs: Number(match[2]), peakRssBytes: Number(match[3]) });
      };
      server.child.stdout.on('data', onData);
      server.child.stdin.write('REPORT\n');
    });

  const attacks = [
    ['baseline (no attack)', undefined],
    ['zip bomb: 100 M modes in 270 kB', createBody({ iterator: [{ input_state: zipBomb() }] })],
    ['10 M base64 characters', createBody({ experiment: `:PCVL:Experiment:${'A'.repeat(10_000_000)}` })],
    ['PostSelect nesting 20,000 parentheses', createBody({ experiment: deepPostSelect() })],
  ];
  const phases = [];
  for (const [name, body] of attacks) {
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
    });
  }
  await pool.close();
  const serverCpuS = await stopProcess(server);
  rmSync(dataDir, { recursive: true, force: true });

  const report = {
    machine: `${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
    loadAverageBefore: round(loadBefore, 2),
    loadAverageAfter: round(loadavg()[0], 2),
    phaseS: PHASE_S,
    clients: CLIENTS,
    pollMs: POLL_MS,
    serverCpuS: round(serverCpuS),
    phases,
  };
  console.log(JSON.stringify(report, null, 2));
  for (const phase of phases) {
    const ok = phase.loopDelayP99Ms < 20 ? 'meets' : 'MISSES';
    console.log(
      `${phase.phase}: event-loop p99 ${phase.loopDelayP99Ms} ms (${ok} the goal, < 20 ms), other clients p99 ` +
        `${phase.otherP99Ms} ms over ${phase.otherRequests} requests, peak RSS ${phase.peakRssMiB} MiB`,
    );
  }
  const failedOthers = phases.some((phase) =>
    Object.keys(phase.otherAnswers).some((status) => status !== '200'),
  );
  if (failedOthers) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
