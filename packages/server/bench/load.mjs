// Load benchmark of the self-hosted cloud: small jobs, many concurrent HTTP clients, loopback only.
//
// A server (the built dist/, in a child process so that the load generator does not share its event loop)
// runs on 127.0.0.1 with a fresh data directory; CLIENTS concurrent clients, each on the benchmark's own undici
// Pool, loop: create a small job (HOM, probs on sim:slos), poll its status every POLL_MS until it completes,
// fetch its results. After WARMUP_S, for DURATION_S, it counts jobs whose results arrived and times every
// status request. Goals: >= 300 jobs/s create->result with 50 clients, p99 status < 10 ms.
// Clients poll every 20 ms by default, 50 times as often as RemoteJob's 1 s: on a 2-core machine that also runs
// the 50 clients, much faster polling mostly measures how the OS shares the cores between the client and the server.
//
//   node bench/load.mjs            (pnpm bench)
//   BENCH_CLIENTS=50 BENCH_DURATION_S=15 BENCH_WARMUP_S=3 BENCH_POLL_MS=20 BENCH_WORKERS=2 node bench/load.mjs
//   BENCH_SERVER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' node bench/load.mjs   (profiles of the server)
//
// BENCH_TOPOLOGY picks the deployment: `embedded` (default: one process, SQLite, worker threads), or the distributed
// mode on a PostgreSQL and a Redis the benchmark starts itself — `1api-1worker`, `1api-2workers`, `2api-2workers`
// (API-only nodes and `bosonic worker` processes, each its own OS process; clients spread over the API nodes).
// The report gives the CPU seconds each process used.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicState, BS, Circuit, Experiment } from '@bosonic/core';
import { serialize } from '@bosonic/protocol';
import { Pool } from 'undici';
import { SERVER_SCRIPT, startProcess, stopProcess, WORKER_SCRIPT } from './processes.mjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 20);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const TOKEN = 'bench-token-0123456789';
const TOPOLOGY = process.env.BENCH_TOPOLOGY ?? 'embedded';
const TOPOLOGIES = {
  embedded: undefined,
  '1api-1worker': { apiNodes: 1, workers: 1 },
  '1api-2workers': { apiNodes: 1, workers: 2 },
  '2api-2workers': { apiNodes: 2, workers: 2 },
};
if (!(TOPOLOGY in TOPOLOGIES))
  throw new Error(`BENCH_TOPOLOGY must be one of ${Object.keys(TOPOLOGIES).join(', ')}`);

function startServerProcess(serverOptions, script = SERVER_SCRIPT) {
  const options = {
    tokens: [TOKEN],
    workers: WORKERS,
    threadsPerJob: 1,
    maxQueuedJobsPerToken: 10_000,
    logger: false,
    ...serverOptions,
  };
  const nodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  return startProcess(script, options, nodeFlags);
}

/**
 * The processes of the deployment under test: their URLs (API nodes), and a function stopping them all that
 * resolves with each one's CPU seconds and the first API node's event-loop figures.
 */
async function startDeployment() {
  const topology = TOPOLOGIES[TOPOLOGY];
  if (topology === undefined) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bosonic-bench-'));
    const server = await startServerProcess({ dataDir });
    return {
      urls: [server.url],
      processes: [{ name: 'server', ...server }],
      cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const { startPostgres, startRedis } = await import(
    new URL('../dist/bench-services.js', import.meta.url).href
  );
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const distributed = { databaseUrl: postgres.url, redisUrl: redis.url };
  const processes = [];
  for (let i = 0; i < topology.apiNodes; i++) {
    processes.push({ name: `api${i + 1}`, ...(await startServerProcess({ ...distributed, workers: 0 })) });
  }
  for (let i = 0; i < topology.workers; i++) {
    const worker = await startServerProcess(
      { ...distributed, concurrency: 2, threadsPerJob: 1 },
      WORKER_SCRIPT,
    );
    processes.push({ name: `worker${i + 1}`, ...worker });
  }
  return {
    urls: processes.filter((p) => p.name.startsWith('api')).map((p) => p.url),
    processes,
    cleanup: async () => {
      postgres.remove();
      await redis.remove();
    },
  };
}

/** The create-job body of a small job: Hong–Ou–Mandel, probabilities, as Perceval sends it. */
function smallJobBody() {
  const experiment = new Experiment(new Circuit(2).add(0, BS.H()), { name: 'sim:slos' })
    .withInput(new BasicState([1, 1]))
    .minDetectedPhotonsFilter(1);
  return JSON.stringify({
    pcvl_version: '1.1.1',
    process_id: 'bench',
    platform_name: 'sim:slos',
    payload: { command: 'probs', experiment: serialize(experiment), max_shots: 100_000, job_context: null },
    job_name: 'probs',
  });
}

/** CPU seconds the whole machine spent busy so far (Linux `/proc/stat`), or NaN elsewhere. */
function machineBusySeconds() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - idle) / 100;
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  // Other work on the machine skews every figure: the load average says how busy it was before the run.
  const loadBefore = loadavg()[0];
  const busyStart = machineBusySeconds();
  const deployment = await startDeployment();
  const clientCpuStart = process.cpuUsage();
  const pools = deployment.urls.map(
    (url) =>
      new Pool(url, {
        connections: Math.ceil(CLIENTS / deployment.urls.length),
        pipelining: 1,
        keepAliveTimeout: 10_000,
      }),
  );
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const body = smallJobBody();

  const call = async (pool, method, path, withBody) => {
    const started = performance.now();
    const answer = await pool.request({
      method,
      path,
      headers: withBody ? headers : { authorization: headers.authorization },
      ...(withBody ? { body } : {}),
    });
    const text = await answer.body.text();
    const elapsed = performance.now() - started;
    if (answer.statusCode !== 200)
      throw new Error(`${method} ${path} answered ${answer.statusCode}: ${text}`);
    return { json: JSON.parse(text), elapsed };
  };

  const start = performance.now();
  const measureFrom = start + WARMUP_S * 1000;
  const stopAt = measureFrom + DURATION_S * 1000;
  const statusLatencies = [];
  const createLatencies = [];
  const resultLatencies = [];
  const jobLatencies = [];
  let completed = 0;
  let failed = 0;

  const client = async (_, index) => {
    // Clients are spread over the API nodes; each reads its jobs through the node after the one that created them.
    const pool = pools[index % pools.length];
    const reader = pools[(index + 1) % pools.length];
    while (performance.now() < stopAt) {
      const jobStart = performance.now();
      const created = await call(pool, 'POST', '/api/job', true);
      const measured = jobStart >= measureFrom;
      if (measured) createLatencies.push(created.elapsed);
      const id = created.json.job_id;
      for (;;) {
        await sleep(POLL_MS);
        const status = await call(reader, 'GET', `/api/job/status/${id}`, false);
        if (performance.now() >= measureFrom && performance.now() < stopAt)
          statusLatencies.push(status.elapsed);
        if (status.json.status === 'completed') break;
        if (status.json.status === 'error' || status.json.status === 'canceled') {
          if (failed === 0) console.error('first failure:', JSON.stringify(status.json));
          failed++;
          break;
        }
      }
      const result = await call(reader, 'GET', `/api/job/result/${id}`, false);
      const done = performance.now();
      if (measured && done <= stopAt) {
        if (typeof JSON.parse(result.json.results).results !== 'string') throw new Error('results missing');
        resultLatencies.push(result.elapsed);
        jobLatencies.push(done - jobStart);
        completed++;
      }
    }
  };

  await Promise.all(Array.from({ length: CLIENTS }, client));
  await Promise.all(pools.map((pool) => pool.close()));
  const clientCpu = process.cpuUsage(clientCpuStart);
  const cpuByProcess = {};
  for (const node of deployment.processes) cpuByProcess[node.name] = +(await stopProcess(node)).toFixed(1);
  const output = deployment.processes[0].output;
  if (process.env.BENCH_SERVER_LOG)
    (await import('node:fs')).writeFileSync(process.env.BENCH_SERVER_LOG, output());
  const serverCpuS = Object.values(cpuByProcess).reduce((a, b) => a + b, 0);
  const machineCpuS = machineBusySeconds() - busyStart;
  const [, loopP99 = 'NaN', loopMax = 'NaN'] = /LOOP (\S+) (\S+)/.exec(output()) ?? [];
  await deployment.cleanup();

  for (const list of [statusLatencies, createLatencies, resultLatencies, jobLatencies])
    list.sort((a, b) => a - b);
  const jobsPerSecond = completed / DURATION_S;
  const report = {
    machine: `${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
    loadAverageBefore: +loadBefore.toFixed(2),
    topology: TOPOLOGY,
    clients: CLIENTS,
    workers: TOPOLOGIES[TOPOLOGY] === undefined ? WORKERS : undefined,
    pollMs: POLL_MS,
    durationS: DURATION_S,
    jobsCompleted: completed,
    jobsFailed: failed,
    jobsPerSecond: Math.round(jobsPerSecond),
    statusRequests: statusLatencies.length,
    statusP50Ms: +percentile(statusLatencies, 50).toFixed(2),
    statusP99Ms: +percentile(statusLatencies, 99).toFixed(2),
    createP50Ms: +percentile(createLatencies, 50).toFixed(2),
    createP99Ms: +percentile(createLatencies, 99).toFixed(2),
    resultP99Ms: +percentile(resultLatencies, 99).toFixed(2),
    jobP50Ms: +percentile(jobLatencies, 50).toFixed(1),
    jobP99Ms: +percentile(jobLatencies, 99).toFixed(1),
    // CPU seconds over the whole run (warm-up included): the load generator shares the machine's cores.
    serverCpuS: +serverCpuS.toFixed(1),
    // Each server process's CPU seconds (the API nodes and workers of a distributed deployment; PostgreSQL and Redis
    // are in otherCpuS).
    cpuByProcessS: cpuByProcess,
    clientCpuS: +((clientCpu.user + clientCpu.system) / 1e6).toFixed(1),
    // What the rest of the machine used meanwhile (other processes): the run shared the cores with it.
    otherCpuS: +(machineCpuS - serverCpuS - (clientCpu.user + clientCpu.system) / 1e6).toFixed(1),
    // How long the server's event loop was kept from turning (the delay any request may wait on top of its own).
    serverLoopDelayP99Ms: +Number(loopP99).toFixed(2),
    serverLoopDelayMaxMs: +Number(loopMax).toFixed(2),
  };
  console.log(JSON.stringify(report, null, 2));
  const ok = (value, goal) => (value ? `meets the goal (${goal})` : `MISSES the goal (${goal})`);
  console.log(
    `\nsmall jobs create→result: ${report.jobsPerSecond} jobs/s — ${ok(jobsPerSecond >= 300, '≥ 300')}`,
  );
  console.log(`status latency p99: ${report.statusP99Ms} ms — ${ok(report.statusP99Ms < 10, '< 10 ms')}`);
  if (failed > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
