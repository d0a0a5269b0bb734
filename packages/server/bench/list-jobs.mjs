// Listing benchmark: a page of 100 out of 1,000,000 stored jobs (GET /api/jobs), embedded SQLite store.
//
// Fills a fresh data directory with JOBS finished jobs of one token (written straight into the database in
// transactions of 10,000: creating them through the API would take the benchmark's whole budget), plus 1,000 of a
// second token; one job in ten carries the tag `calibration`, platforms and statuses alternate. Then starts the
// built server (dist/) on 127.0.0.1 and times REQUESTS sequential requests per query over one keep-alive connection:
// the first page, a page deep in the list (through the cursor of the page before it), and the filters (status,
// platform, tag, name, creation time). Reports p50, p99 and max per query; goal: a page in < 50 ms.
//
//   node bench/list-jobs.mjs          (part of pnpm bench)
//   BENCH_JOBS=1000000 BENCH_REQUESTS=200 node bench/list-jobs.mjs
//   BENCH_DATA_DIR=/tmp/list-bench node bench/list-jobs.mjs   (keeps the filled directory: later runs skip the fill)

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'undici';
import { DATABASE_FILE, hashToken, SqliteJobStore, startServer } from '../dist/index.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const TOKEN = 'bench-token-0123456789abcdef';
const OTHER = 'bench-other-0123456789abcdef';
const PLATFORMS = ['sim:slos', 'sim:naive', 'sim:clifford2017'];
const STATUSES = ['completed', 'completed', 'completed', 'error', 'canceled'];
const T0 = 1_760_000_000;

const keptDir = process.env.BENCH_DATA_DIR;
const dataDir = keptDir ?? mkdtempSync(join(tmpdir(), 'bosonic-list-bench-'));
try {
  const file = join(dataDir, DATABASE_FILE);
  if (keptDir === undefined || !existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // The store creates the schema (and its triggers); the rows are then written directly.
    await SqliteJobStore.open({ file, fsync: false }).close();
    const filled = fill(file);
    console.log(
      `stored ${JOBS.toLocaleString('en')} jobs (+1,000 of another token) in ${filled.toFixed(1)} s`,
    );
  }

  const server = await startServer({
    dataDir,
    tokens: [TOKEN, OTHER],
    logger: false,
    workers: 1,
    fsync: false,
  });
  const pool = new Pool(server.url, { connections: 1 });
  try {
    const get = async (path) => {
      const answer = await pool.request({
        method: 'GET',
        path,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const body = await answer.body.json();
      if (answer.statusCode !== 200) throw new Error(`${path}: ${answer.statusCode} ${JSON.stringify(body)}`);
      return body;
    };
    // A cursor deep in the list: the page before the one at the middle (found by one large step of created_before,
    // then its own cursor).
    const middle = await get(`/api/jobs?limit=100&created_before=${T0 + JOBS / 2}`);
    const deepCursor = middle.next_cursor;
    const queries = {
      'first page': '/api/jobs?limit=100',
      'page at the middle (cursor)': `/api/jobs?limit=100&cursor=${deepCursor}`,
      'status=error': '/api/jobs?limit=100&status=error',
      'platform=sim:naive': '/api/jobs?limit=100&platform=sim:naive',
      'tag=calibration': '/api/jobs?limit=100&tag=calibration',
      'name contains "job-99"': '/api/jobs?limit=100&name=job-99',
      'created_after (last hour)': `/api/jobs?limit=100&created_after=${T0 + JOBS - 3600}`,
      'created_before (middle)': `/api/jobs?limit=100&created_before=${T0 + JOBS / 2}`,
      'status + platform + tag': '/api/jobs?limit=100&status=completed&platform=sim:slos&tag=calibration',
    };
    // Every query once before timing any: the database's pages are read from the disk and the statements prepared.
    for (const path of Object.values(queries)) await get(path);
    console.log(
      `\n${REQUESTS} sequential requests per query, page of 100, ${JOBS.toLocaleString('en')} jobs:`,
    );
    console.log('query                              jobs  p50 ms  p99 ms  max ms');
    for (const [label, path] of Object.entries(queries)) {
      const times = [];
      let count = 0;
      for (let i = 0; i < REQUESTS + 5; i++) {
        const start = performance.now();
        const page = await get(path);
        const elapsed = performance.now() - start;
        count = page.jobs.length;
        if (i >= 5) times.push(elapsed);
      }
      times.sort((a, b) => a - b);
      const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
      console.log(
        `${label.padEnd(33)} ${String(count).padStart(5)} ${at(0.5).padStart(7)} ${at(0.99).padStart(7)} ${times[times.length - 1].toFixed(2).padStart(7)}`,
      );
    }
  } finally {
    await pool.close();
    await server.close();
  }
} finally {
  if (keptDir === undefined) rmSync(dataDir, { recursive: true, force: true });
}

/** Writes the jobs straight into the database; returns the seconds it took. */
function fill(file) {
  const start = performance.now();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO jobs (id, owner, platform, name, request, status, progress, created_at, started_at, stopped_at,
       results, attempt, tags, run_seconds, samples)
     VALUES (?, ?, ?, ?, '{}', ?, 1, ?, ?, ?, NULL, 1, ?, 0.5, 100)`,
  );
  const tag = db.prepare('INSERT INTO job_tags (owner, tag, seq) VALUES (?, ?, ?)');
  const owner = hashToken(TOKEN);
  const other = hashToken(OTHER);
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const mine = i < JOBS;
      const tagged = i % 10 === 0;
      const who = mine ? owner : other;
      const created = T0 + i;
      const { lastInsertRowid } = insert.run(
        `job-${i}`,
        who,
        PLATFORMS[i % 3],
        `job-${i}`,
        STATUSES[i % 5],
        created,
        created + 0.1,
        created + 0.6,
        tagged ? '["calibration"]' : '[]',
      );
      if (tagged) tag.run(who, 'calibration', lastInsertRowid);
    }
  });
  const total = JOBS + 1000;
  for (let from = 0; from < total; from += 10_000) batch(from, Math.min(total, from + 10_000));
  db.close();
  return (performance.now() - start) / 1000;
}
