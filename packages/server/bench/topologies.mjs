// The load benchmark (load.mjs) on each deployment of the distributed mode, one after the other, each with a
// PostgreSQL and a Redis of its own: 1 API + 1 worker, 1 API + 2 workers, 2 API nodes + 2 workers. Skipped, with one
// line, on a machine without PostgreSQL or Redis (Debian: apt-get install postgresql redis-server).
//
//   node bench/topologies.mjs           (part of pnpm bench; the embedded figures come from load.mjs)

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const { hasRedisServer, postgresBinDir } = await import(
  new URL('../dist/bench-services.js', import.meta.url).href
);
if (postgresBinDir() === undefined || !hasRedisServer()) {
  console.log(
    'distributed benchmark skipped: PostgreSQL or Redis not installed (apt-get install postgresql redis-server)',
  );
  process.exit(0);
}
let failed = false;
for (const topology of ['1api-1worker', '1api-2workers', '2api-2workers']) {
  console.log(`\n=== ${topology}`);
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('./load.mjs', import.meta.url))], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_TOPOLOGY: topology },
  });
  if (run.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
