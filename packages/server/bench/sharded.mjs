// Sharded boson sampling in the distributed mode: one Clifford & Clifford job (default n = 20 photons in m = 40
// modes, 20,000 samples, as the scale-out issue asks) run on 1 worker, then on 2 workers (each one job at a time, one
// native thread), against a PostgreSQL and a Redis the benchmark starts. Reports the wall time from creation to
// completion on each, the speed-up, whether the samples (hence the counts) are identical (they must be: same seed,
// same shards), the CPU seconds of each process, and the load average before each run (the machine may be shared:
// CPU seconds move far less with other work than wall times do).
//
//   node bench/sharded.mjs
//   BENCH_SHARD_N=14 BENCH_SHARD_M=28 BENCH_SHARD_SAMPLES=6000 BENCH_SHARD_SIZE=500 node bench/sharded.mjs   (quicker)

import { loadavg } from 'node:os';
import { BasicState, BS, Circuit, Experiment } from '@bosonic/core';
import { serialize } from '@bosonic/protocol';
import { SERVER_SCRIPT, startProcess, stopProcess, WORKER_SCRIPT } from './processes.mjs';

const N = Number(process.env.BENCH_SHARD_N ?? 20);
const M = Number(process.env.BENCH_SHARD_M ?? 40);
const SAMPLES = Number(process.env.BENCH_SHARD_SAMPLES ?? 20_000);
const SHARD_SIZE = Number(process.env.BENCH_SHARD_SIZE ?? 1000);
const TOKEN = 'bench-token-0123456789';
const dist = (file) => new URL(`../dist/${file}`, import.meta.url).href;

const { hasRedisServer, postgresBinDir, startPostgres, startRedis } = await import(dist('bench-services.js'));
if (postgresBinDir() === undefined || !hasRedisServer()) {
  console.log(
    'sharded benchmark skipped: PostgreSQL or Redis not installed (apt-get install postgresql redis-server)',
  );
  process.exit(0);
}

/** A mesh of balanced beam splitters, n photons in the even modes of m. */
function body() {
  const circuit = new Circuit(M);
  for (let layer = 0; layer < M / 2; layer++) {
    for (let mode = layer % 2; mode + 1 < M; mode += 2) circuit.add(mode, BS.H());
  }
  const input = Array.from({ length: M }, (_, mode) => (mode % 2 === 0 && mode / 2 < N ? 1 : 0));
  const experiment = new Experiment(circuit, { name: 'sim:clifford2017' }).withInput(new BasicState(input));
  return JSON.stringify({
    pcvl_version: '1.1.1',
    process_id: 'bench',
    platform_name: 'sim:clifford2017',
    job_name: 'sharded-bench',
    payload: {
      command: 'samples',
      experiment: serialize(experiment),
      max_samples: SAMPLES,
      parameters: { seed: 2026 },
      job_context: null,
    },
  });
}

async function call(url, method, path, payload) {
  const answer = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload ? { body: payload } : {}),
  });
  const json = await answer.json();
  if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(json)}`);
  return json;
}

async function runOn(workers, postgres, redis, database) {
  const distributed = {
    databaseUrl: postgres.url.replace(/\/postgres$/, `/${database}`),
    redisUrl: `${redis.url}/${workers}`,
    shardSamples: SHARD_SIZE,
    logger: false,
  };
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const api = await startProcess(SERVER_SCRIPT, { ...distributed, tokens: [TOKEN], workers: 0 });
  const nodes = [api];
  for (let i = 0; i < workers; i++) {
    nodes.push(await startProcess(WORKER_SCRIPT, { ...distributed, concurrency: 1, threadsPerJob: 1 }));
  }
  try {
    const loadBefore = +loadavg()[0].toFixed(2);
    const started = performance.now();
    const { job_id: id } = await call(api.url, 'POST', '/api/job', body());
    for (;;) {
      const status = await call(api.url, 'GET', `/api/job/status/${id}`);
      if (status.status === 'completed') break;
      if (status.status !== 'waiting' && status.status !== 'running') throw new Error(JSON.stringify(status));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const { results } = await call(api.url, 'GET', `/api/job/result/${id}`);
    // CPU seconds of each worker: the shards were shared when both worked.
    const workerCpuS = [];
    for (const node of nodes.slice(1)) workerCpuS.push(+(await stopProcess(node)).toFixed(1));
    const apiCpuS = +(await stopProcess(api)).toFixed(1);
    return { seconds, samples: JSON.parse(results).results, workerCpuS, apiCpuS, loadBefore };
  } finally {
    for (const node of nodes) node.child.kill('SIGKILL');
  }
}

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
try {
  const one = await runOn(1, postgres, redis, 'bench_one');
  const two = await runOn(2, postgres, redis, 'bench_two');
  const report = {
    job: `Clifford & Clifford, n = ${N}, m = ${M}, ${SAMPLES} samples, shards of ${SHARD_SIZE}`,
    oneWorkerSeconds: +one.seconds.toFixed(2),
    twoWorkersSeconds: +two.seconds.toFixed(2),
    speedUp: +(one.seconds / two.seconds).toFixed(2),
    workerCpuS: { oneWorker: one.workerCpuS, twoWorkers: two.workerCpuS },
    apiCpuS: { oneWorker: one.apiCpuS, twoWorkers: two.apiCpuS },
    loadAverageBefore: { oneWorker: one.loadBefore, twoWorkers: two.loadBefore },
    identicalSamples: one.samples === two.samples,
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `\nspeed-up on 2 workers: ${report.speedUp}× (goal ≥ 1.7× on 2 cores); identical samples: ${report.identicalSamples}`,
  );
  if (!report.identicalSamples) process.exitCode = 1;
} finally {
  postgres.remove();
  await redis.remove();
}
