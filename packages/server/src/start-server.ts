import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BosonicError } from '@bosonic/core';
import type { PlatformDetails } from '@bosonic/protocol';
import { type Logger, pino } from 'pino';
import { generateToken, hashToken } from './auth/token.js';
import { openDistributedBackend } from './backends/distributed-backend.js';
import type { JobBackend } from './backends/job-backend.js';
import { RequestChecker } from './execution/request-checker.js';
import { createHttpApp } from './http/create-app.js';
import type { ServerContext } from './http/server-context.js';
import type { ExecutionLimits } from './jobs/sampler-job-plan.js';
import { startRetention } from './maintenance/retention.js';
import { platformDetails, type SimulatorPlatform, simulatorPlatforms } from './platforms/platforms.js';
import { WorkerPool } from './queue/in-process/worker-pool.js';
import { type ResolvedServerOptions, resolveServerOptions, type ServerOptions } from './server-options.js';
import { SqliteJobStore } from './store/sqlite/sqlite-job-store.js';

/**
 * Creates the data directory readable by the server's user only (0700), or takes group and other permissions
 * away from an existing one (it holds every job and the token digests).
 * @throws BosonicError `ERR_DATA_DIR` when it cannot be created or restricted.
 */
function prepareDataDir(dataDir: string, logger: Logger): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const mode = statSync(dataDir).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      chmodSync(dataDir, mode & 0o700);
      logger.warn(`The data directory ${dataDir} was ${mode.toString(8)}: restricted to its owner (0700)`);
    }
  } catch (error) {
    throw new BosonicError(
      `Cannot create or restrict the data directory ${dataDir}: ${(error as Error).message}`,
      'ERR_DATA_DIR',
      { cause: error },
    );
  }
}

/** File name of the job database inside `dataDir`. */
export const DATABASE_FILE = 'jobs.sqlite';

/** A started server. */
export interface RunningServer {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234` (what clients take as their cloud URL). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * The token created on the first start of a `dataDir` when none was configured: shown once, never stored
   * (only its hash is). Undefined on every other start.
   */
  readonly createdToken?: string;
  /**
   * Stops: no new requests (in-flight ones finish), running jobs are stopped and put back in the queue, the
   * database is closed. Jobs left waiting or interrupted run at the next start on the same `dataDir`.
   */
  close(): Promise<void>;
}

/**
 * Starts a self-hosted cloud speaking the Quandela Cloud protocol (docs/wire-protocol.md), backed by the native
 * simulator: platforms `sim:slos`, `sim:naive` and `sim:clifford2017`; jobs stored in SQLite in `dataDir` before
 * their id is returned, run by a pool of worker threads, resumed after a restart.
 *
 * @example
 * ```ts
 * const server = await startServer({ dataDir: './data', tokens: ['t0k3n-secret'] });
 * const rp = await RemoteProcessor.connect('sim:slos', { url: server.url, token: 't0k3n-secret' });
 * // …
 * await server.close();
 * ```
 * @throws ValidationError naming a bad option; BosonicError `ERR_STORE_LOCKED` when another server uses
 *   `dataDir`; the listen error (e.g. `EADDRINUSE`) when the port is taken.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const resolved = resolveServerOptions(options);
  const logger =
    resolved.logger === false ? pino({ level: 'silent' }) : (resolved.logger ?? pino({ level: 'info' }));
  for (const warning of resolved.warnings) logger.warn(warning);
  const platforms = simulatorPlatforms(resolved.memoryLimitBytes);
  const limits = {
    memoryLimitBytes: resolved.memoryLimitBytes,
    threads: resolved.threadsPerJob,
    shardSamples: resolved.shardSamples,
  };
  const backend =
    resolved.distributed === undefined
      ? openEmbeddedBackend(resolved, { platforms, limits, logger })
      : await openDistributedBackend({
          distributed: resolved.distributed,
          concurrency: resolved.workers,
          platforms,
          limits,
          progressIntervalMs: resolved.progressIntervalMs,
          maxAttempts: resolved.maxAttempts,
          logger,
        });
  const { store, queue } = backend;
  try {
    // Tokens: the configured ones (authoritative); else those stored by earlier starts; else a new one, shown once.
    let createdToken: string | undefined;
    let digests: string[];
    if (resolved.tokens.length > 0) {
      digests = resolved.tokens.map(hashToken);
      const revoked = await store.replaceTokenDigests(digests, 'configured');
      logger.info(
        { configured: digests.length, revoked },
        'only the configured tokens are accepted' +
          (revoked > 0 ? `: ${revoked} stored token(s) not in the configuration were revoked` : ''),
      );
    } else {
      // With none stored, one is created once the server listens (below): a start that fails, say on a port in
      // use, must not leave behind a token that nobody was shown.
      digests = await store.tokenDigests();
    }

    const recovery = await store.recoverInterrupted({ maxAttempts: resolved.maxAttempts });
    if (recovery.requeued.length + recovery.canceled.length + recovery.failed.length > 0) {
      logger.warn(recovery, 'recovered jobs interrupted by the previous stop');
    }

    const checker = new RequestChecker(limits);
    // Read by the authenticator on every request: the token created after listening is added to it.
    const tokenDigests = new Set(digests);
    const details = new Map<string, PlatformDetails>(
      [...platforms.values()].map((platform) => [platform.name, platformDetails(platform)]),
    );
    const ctx: ServerContext = {
      store,
      queue,
      ready: () => backend.ready(),
      platforms,
      platformDetails: details,
      limits,
      checker,
      maxQueuedJobsPerToken: resolved.maxQueuedJobsPerToken,
      maxStoredBytesPerToken: resolved.maxStoredBytesPerToken,
      maxJobSeconds: resolved.maxJobSeconds,
      tokenDigests,
      now: () => Date.now() / 1000,
    };
    const app = createHttpApp(ctx, {
      logger,
      bodyLimitBytes: resolved.bodyLimitBytes,
      requestTimeoutMs: resolved.requestTimeoutMs,
      headersTimeoutMs: resolved.headersTimeoutMs,
      keepAliveTimeoutMs: resolved.keepAliveTimeoutMs,
      maxFailedAuthPerMinute: resolved.maxFailedAuthPerMinute,
    });
    queue.start();
    checker.start();
    const retention =
      resolved.retentionDays === null
        ? undefined
        : startRetention({ store, retentionDays: resolved.retentionDays, logger });
    try {
      await app.listen({ host: resolved.host, port: resolved.port });
      if (digests.length === 0) {
        createdToken = generateToken();
        const digest = hashToken(createdToken);
        await store.addTokenDigests([digest], 'generated');
        tokenDigests.add(digest);
      }
    } catch (error) {
      await app.close();
      await retention?.close();
      await checker.close();
      throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : resolved.port;
    const url = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;
    logger.info(
      {
        url,
        workers: resolved.workers,
        mode: resolved.distributed === undefined ? 'embedded' : 'distributed',
        platforms: [...platforms.keys()],
      },
      'bosonic server listening',
    );

    let closing: Promise<void> | undefined;
    return {
      url,
      host: resolved.host,
      port,
      ...(createdToken === undefined ? {} : { createdToken }),
      close(): Promise<void> {
        closing ??= (async () => {
          await app.close();
          await retention?.close();
          await checker.close();
          await backend.close();
          logger.info('bosonic server stopped');
        })();
        return closing;
      },
    };
  } catch (error) {
    await backend.close();
    throw error;
  }
}

/**
 * The embedded backend: SQLite in `dataDir` (private to its owner, see `prepareDataDir`) and the in-process worker
 * pool.
 * @throws BosonicError `ERR_DATA_DIR` when the directory cannot be created, `ERR_STORE_LOCKED` when another server
 *   uses it.
 */
function openEmbeddedBackend(
  resolved: ResolvedServerOptions,
  run: { platforms: ReadonlyMap<string, SimulatorPlatform>; limits: ExecutionLimits; logger: Logger },
): JobBackend {
  prepareDataDir(resolved.dataDir, run.logger);
  const store = SqliteJobStore.open({
    file: join(resolved.dataDir, DATABASE_FILE),
    fsync: resolved.fsync,
    acceptWalLoss: resolved.acceptWalLoss,
  });
  const pool = new WorkerPool({
    store,
    size: resolved.workers,
    platforms: run.platforms,
    limits: run.limits,
    progressIntervalMs: resolved.progressIntervalMs,
    logger: run.logger,
  });
  return {
    store,
    queue: pool,
    // The process itself holds the store and runs the jobs: ready as long as it runs.
    ready: async () => {},
    async close() {
      await pool.close();
      await store.close();
    },
  };
}
