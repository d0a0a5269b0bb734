import { availableParallelism, totalmem } from 'node:os';
import { ValidationError } from '@bosonic/core';
import { checkIntegerInRange } from '@bosonic/core/internal';
import type { Logger } from 'pino';
import { checkConfiguredToken } from './auth/token.js';
import { readTokenFile } from './auth/token-sources.js';
import {
  type DistributedOptions,
  type ResolvedDistributedOptions,
  resolveDistributedOptions,
} from './distributed-options.js';
import { DEFAULT_SHARD_SAMPLES } from './jobs/sample-shards.js';

/** Options of {@link startServer}. */
export interface ServerOptions extends Partial<DistributedOptions> {
  /** Interface to listen on (default `'127.0.0.1'`: loopback only). */
  host?: string;
  /** TCP port (default 0: a free port, see `url`). */
  port?: number;
  /**
   * Directory of the job database (`jobs.sqlite`); created if missing. Required in the embedded mode; unused with
   * `databaseUrl` and `redisUrl` (the distributed mode: jobs in PostgreSQL, dispatched through BullMQ on Redis).
   */
  dataDir?: string;
  /**
   * Accepted API tokens (stored hashed). When tokens are configured (here or in `tokenFile`), they are the only
   * ones accepted: digests stored by earlier starts that are not among them are deleted. Without any, the tokens
   * stored by earlier starts are accepted; on the very first start one is created and returned once as
   * `createdToken`.
   */
  tokens?: readonly string[];
  /**
   * A file of tokens, one per line (`#` starts a comment), added to `tokens`: keeps them out of the command line,
   * which other users of the machine can read with `ps`. It should be readable by the server's user only (a
   * warning is logged otherwise).
   */
  tokenFile?: string;
  /**
   * Worker threads running jobs, one job each at a time (default 2). In the distributed mode: jobs this node runs
   * at once besides serving the API (0: an API-only node; `bosonic worker` processes run the jobs).
   */
  workers?: number;
  /** Unfinished jobs one token may have (default 100); more answer 429. */
  maxQueuedJobsPerToken?: number;
  /**
   * Bytes one token's jobs may store — names, tags, requests and results — before creations answer 413 (default
   * 1 GiB); deleting finished jobs (or retention) makes room again.
   */
  maxStoredBytesPerToken?: number;
  /**
   * Memory one job may use, in bytes; it also sets the platforms' published limits (default 70 % of the machine's
   * memory shared between the workers).
   */
  memoryLimitBytes?: number;
  /** A pino logger, or `false` for none (default: pino at level `info` on stdout). */
  logger?: Logger | false;
  /** Largest request body, in bytes (default 16 MiB). */
  bodyLimitBytes?: number;
  /**
   * Time a client has to send a whole request, headers and body, in ms (default 60 000); a slower one is
   * answered 408 and disconnected, so that trickling bodies cannot hold connections open.
   */
  requestTimeoutMs?: number;
  /** Time a client has to send a request's headers, in ms (default 10 000). */
  headersTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open between requests, in ms (default 5 000). */
  keepAliveTimeoutMs?: number;
  /**
   * Requests with a missing or wrong token one client (IP address) may send per minute (default 30); beyond
   * that they answer 429 with `Retry-After` until the minute is over. Requests with a valid token are not
   * counted nor limited.
   */
  maxFailedAuthPerMinute?: number;
  /** Fsync each batch of accepted jobs before answering (default true); false still survives `kill -9`. */
  fsync?: boolean;
  /**
   * Start even when the job database's write-ahead log, left by a stop that was not clean, is damaged
   * (`--accept-wal-loss`; default false: the start is refused with `ERR_STORE_CORRUPT`). The jobs committed before
   * the damage are kept, the later ones are lost. Give it for one start, after deciding not to restore a backup.
   */
  acceptWalLoss?: boolean;
  /** Least time between two progress writes of a running job, in ms (default 100). */
  progressIntervalMs?: number;
  /** Runs of a job that a crash may interrupt before it is failed instead of run again (default 3). */
  maxAttempts?: number;
  /** Native threads per job (default: the cores shared between the workers, at least 1). */
  threadsPerJob?: number;
  /**
   * A `samples` / `sample_count` job on `sim:clifford2017` above this many samples is split into shards that
   * several workers run at once (default 10 000). Give every node and worker of a deployment the same value: the
   * samples of a seed depend on it.
   */
  shardSamples?: number;
  /**
   * Longest run of any job, in seconds (`--max-job-seconds`): caps the `max_execution_time` a job asks for, and
   * applies to jobs that ask for none. Default: no cap.
   */
  maxJobSeconds?: number;
  /**
   * Finished jobs (and their results) are purged this many days after they stop (`--retention-days`; fractions
   * allowed), in the background in small batches. Default: kept until deleted.
   */
  retentionDays?: number;
}

/** {@link ServerOptions} with every default applied and checked. */
export interface ResolvedServerOptions {
  host: string;
  port: number;
  dataDir: string;
  /** The distributed mode's options; undefined in the embedded mode. */
  distributed: ResolvedDistributedOptions | undefined;
  /** The configured tokens: `tokens` and those of `tokenFile`, without duplicates. */
  tokens: readonly string[];
  /** Problems of the configuration worth a warning in the log (e.g. a token file others can read). */
  warnings: readonly string[];
  workers: number;
  maxQueuedJobsPerToken: number;
  maxStoredBytesPerToken: number;
  memoryLimitBytes: number;
  logger: Logger | false | undefined;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxFailedAuthPerMinute: number;
  fsync: boolean;
  acceptWalLoss: boolean;
  progressIntervalMs: number;
  maxAttempts: number;
  threadsPerJob: number;
  shardSamples: number;
  maxJobSeconds: number | null;
  retentionDays: number | null;
}

/**
 * Applies the defaults and checks every option.
 * @throws ValidationError naming the option.
 */
export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('startServer needs an options object with at least dataDir', {
      field: 'options',
    });
  }
  const distributed = resolveDistributedOptions(options);
  if (distributed === undefined && (typeof options.dataDir !== 'string' || options.dataDir.trim() === '')) {
    throw new ValidationError('dataDir must name the directory of the job database', { field: 'dataDir' });
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') {
    throw new ValidationError('host must be a non-empty string', { field: 'host' });
  }
  const workers = integer(options.workers, 'workers', 2, distributed === undefined ? 1 : 0, 256);
  const tokens = options.tokens ?? [];
  if (!Array.isArray(tokens))
    throw new ValidationError('tokens must be an array of strings', { field: 'tokens' });
  tokens.forEach((token, i) => {
    checkConfiguredToken(token, `tokens[${i}]`);
  });
  const warnings: string[] = [];
  const configured = new Set(tokens);
  if (options.tokenFile !== undefined) {
    if (typeof options.tokenFile !== 'string' || options.tokenFile === '') {
      throw new ValidationError('tokenFile must be the path of a file of tokens', { field: 'tokenFile' });
    }
    const file = readTokenFile(options.tokenFile);
    for (const token of file.tokens) configured.add(token);
    if (file.readableByOthers) {
      warnings.push(`The token file ${options.tokenFile} is readable by other users: chmod 600 it`);
    }
  }
  const requestTimeoutMs = integer(options.requestTimeoutMs, 'requestTimeoutMs', 60_000, 100, 3_600_000);
  return {
    host,
    port: integer(options.port, 'port', 0, 0, 65_535),
    dataDir: options.dataDir ?? '',
    distributed,
    tokens: [...configured],
    warnings,
    workers,
    maxQueuedJobsPerToken: integer(options.maxQueuedJobsPerToken, 'maxQueuedJobsPerToken', 100, 1, 1_000_000),
    maxStoredBytesPerToken: integer(
      options.maxStoredBytesPerToken,
      'maxStoredBytesPerToken',
      2 ** 30,
      1024,
      Number.MAX_SAFE_INTEGER,
    ),
    memoryLimitBytes: integer(
      options.memoryLimitBytes,
      'memoryLimitBytes',
      Math.floor((0.7 * totalmem()) / Math.max(1, workers)),
      1 << 20,
      Number.MAX_SAFE_INTEGER,
    ),
    logger:
      options.logger === false || isLogger(options.logger) ? options.logger : checkLogger(options.logger),
    bodyLimitBytes: integer(options.bodyLimitBytes, 'bodyLimitBytes', 16 << 20, 1024, 1 << 30),
    requestTimeoutMs,
    // Node requires the headers' deadline to be no later than the whole request's.
    headersTimeoutMs: Math.min(
      requestTimeoutMs,
      integer(options.headersTimeoutMs, 'headersTimeoutMs', 10_000, 100, 3_600_000),
    ),
    keepAliveTimeoutMs: integer(options.keepAliveTimeoutMs, 'keepAliveTimeoutMs', 5_000, 100, 3_600_000),
    maxFailedAuthPerMinute: integer(
      options.maxFailedAuthPerMinute,
      'maxFailedAuthPerMinute',
      30,
      1,
      1_000_000,
    ),
    fsync: boolean(options.fsync, 'fsync', true),
    acceptWalLoss: boolean(options.acceptWalLoss, 'acceptWalLoss', false),
    progressIntervalMs: integer(options.progressIntervalMs, 'progressIntervalMs', 100, 0, 60_000),
    maxAttempts: integer(options.maxAttempts, 'maxAttempts', 3, 1, 100),
    shardSamples: integer(
      options.shardSamples,
      'shardSamples',
      DEFAULT_SHARD_SAMPLES,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    threadsPerJob: integer(
      options.threadsPerJob,
      'threadsPerJob',
      Math.max(1, Math.floor(availableParallelism() / Math.max(1, workers))),
      1,
      1024,
    ),
    maxJobSeconds: positiveSeconds(options.maxJobSeconds, 'maxJobSeconds'),
    retentionDays: retentionDays(options.retentionDays),
  };
}

/** A positive number of days (up to 100 years), or null when not given. */
function retentionDays(value: unknown): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 36_500) {
    throw new ValidationError(
      `retentionDays must be a number of days above 0 and at most 36500 (got ${String(value)})`,
      { field: 'retentionDays' },
    );
  }
  return value;
}

/** A number of seconds of at least 1 (up to 10 years), or null when not given. */
function positiveSeconds(value: unknown, field: string): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > 315_360_000) {
    throw new ValidationError(
      `${field} must be a number of seconds from 1 to 315360000 (got ${String(value)})`,
      {
        field,
      },
    );
  }
  return value;
}

/**
 * An integer option: `fallback` when it is not given, else core's integer check (one rule, one message).
 * @throws ValidationError naming `field` when it is not an integer from `min` to `max`.
 */
export function integer(value: unknown, field: string, fallback: number, min: number, max: number): number {
  return value === undefined ? fallback : checkIntegerInRange(value, field, min, max);
}

function boolean(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ValidationError(`${field} must be a boolean (got ${String(value)})`, { field });
  }
  return value;
}

export function isLogger(value: unknown): value is Logger {
  return (
    typeof value === 'object' &&
    value !== null &&
    ['info', 'error', 'warn', 'debug', 'child'].every(
      (m) => typeof (value as Record<string, unknown>)[m] === 'function',
    )
  );
}

export function checkLogger(value: unknown): undefined {
  if (value !== undefined) {
    throw new ValidationError('logger must be a pino logger or false', { field: 'logger' });
  }
  return undefined;
}
