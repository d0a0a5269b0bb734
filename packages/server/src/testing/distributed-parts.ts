import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openRedis, QUEUE_NAME, type QueuedJobData } from '../queue/bullmq/redis-connection.js';
import { PostgresJobStore } from '../store/postgres/postgres-job-store.js';
import { type PostgresService, startPostgres } from './services/postgres-service.js';
import { type RedisService, startRedis } from './services/redis-service.js';

/** What a test of one part of the distributed backend works with: a fresh database and a fresh Redis database. */
export interface DistributedParts {
  databaseUrl: string;
  redisUrl: string;
  /** A job store on the fresh database (leases of 1 s unless asked otherwise). */
  store: PostgresJobStore;
  /** Another store on the same database: another node. */
  openStore(options?: { leaseSeconds?: number }): Promise<PostgresJobStore>;
  /** A Redis connection; `blocking` for a BullMQ Worker. */
  redis(blocking: boolean): Redis;
  /** The deployment's BullMQ queue, to look into (job states, counts). */
  queue: Queue<QueuedJobData>;
  /** Empties the test's Redis database: what a Redis restarted without persistence holds. */
  flushRedis(): Promise<void>;
  /** Runs one SQL statement on the test's database (to read what the store's interface does not show). */
  sql<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Runs `cleanup` after the test, before what was opened earlier is closed. */
  defer(cleanup: () => Promise<unknown> | unknown): void;
}

/**
 * Starts PostgreSQL and Redis for a test file (real servers, see services/) and gives each test {@link DistributedParts}
 * of its own through `parts()`; what a test opened is closed after it. Call once at the top level of a describe.
 */
export function distributedParts(): {
  parts(options?: { leaseSeconds?: number }): Promise<DistributedParts>;
  services(): { postgres: PostgresService; redis: RedisService };
} {
  let postgres: PostgresService;
  let redis: RedisService;
  let redisDatabase = 0;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    postgres?.remove();
    await redis?.remove();
  });
  return {
    services: () => ({ postgres, redis }),
    async parts(options = {}) {
      const databaseUrl = await postgres.createDatabase();
      redisDatabase = (redisDatabase + 1) % 16;
      const redisUrl = `${redis.url}/${redisDatabase}`;
      const defer = (cleanup: () => Promise<unknown> | unknown): void => {
        cleanups.push(cleanup);
      };
      const openStore = async (more: { leaseSeconds?: number } = {}): Promise<PostgresJobStore> => {
        const store = await PostgresJobStore.open({
          connectionString: databaseUrl,
          leaseSeconds: more.leaseSeconds ?? options.leaseSeconds ?? 1,
          poolSize: 4,
        });
        defer(() => store.close());
        return store;
      };
      const connect = (blocking: boolean): Redis => {
        const connection = openRedis(redisUrl, { blocking, onError: () => {} });
        defer(() => connection.disconnect());
        return connection;
      };
      const plain = connect(false);
      const queue = new Queue<QueuedJobData>(QUEUE_NAME, { connection: plain });
      queue.on('error', () => {});
      defer(() => queue.close());
      const flushRedis = async (): Promise<void> => {
        await plain.flushdb();
      };
      // A Redis database of an earlier test of this file (16 of them, reused) starts empty.
      await flushRedis();
      const sql = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          return (await client.query<R>(text, values)).rows;
        } finally {
          await client.end();
        }
      };
      return {
        databaseUrl,
        redisUrl,
        store: await openStore(),
        openStore,
        redis: connect,
        queue,
        flushRedis,
        sql,
        defer,
      };
    },
  };
}

/** Polls `read` until `done` holds; the bound keeps a broken run from hanging the suite (not a timing assertion). */
export async function eventually<T>(
  what: string,
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
): Promise<T> {
  const bound = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > bound) throw new Error(`still waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
