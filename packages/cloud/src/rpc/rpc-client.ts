import { createHash, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { AuthenticationError, BosonicError, HttpError, NetworkError, ValidationError } from '@bosonic/core';
import {
  AVAILABILITY_PATH,
  type AvailabilityResponse,
  CREATE_JOB_PATH,
  type CreateJobRequest,
  cancelJobPath,
  JOBS_PATH,
  type JobListResponse,
  type JobResultResponse,
  type JobStatusResponse,
  jobPath,
  jobResultPath,
  jobStatusPath,
  jobTagsPath,
  legacyPlatformPath,
  type PlatformDetails,
  platformProcessorPath,
  QUANDELA_CLOUD_URL,
  rerunJobPath,
  USAGE_PATH,
  type UsageResponse,
  validateAvailabilityResponse,
  validateJobIdResponse,
  validateJobListResponse,
  validateJobResultResponse,
  validateJobStatusResponse,
  validateJobTags,
  validatePlatformDetails,
  validateUsageResponse,
} from '@bosonic/protocol';
import { Agent, type Dispatcher, ProxyAgent, request } from 'undici';
import { backoffDelay, type RetryOptions, type RetryPolicy, retryPolicyOf, sleep } from './retry-policy.js';

/** Options of an {@link RpcClient}. */
export interface RpcClientOptions {
  /** Base URL of the cloud (default `https://api.cloud.quandela.com`); a path prefix is kept. */
  url?: string;
  /** The API token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Proxy URL (`http://user:password@host:port`); the client then connects through an undici `ProxyAgent`. */
  proxy?: string;
  /**
   * An undici dispatcher to send requests through instead of the client's own `Agent` (e.g. a `MockAgent` in
   * tests). The client does not close a dispatcher it was given. A job whose client has one cannot `executeSync`
   * (the worker thread that blocks for it opens its own connections).
   */
  dispatcher?: Dispatcher;
  /** Per-request timeout in ms, for the connection, the answer's headers and each gap in its body (default 10 000, as Perceval). */
  timeoutMs?: number;
  /** Retry policy of `GET`s and of job creation. */
  retry?: RetryOptions;
}

/** Options of each call. */
export interface CallOptions {
  /** Aborts the call (and any retry wait); it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Whether the call's retry waits keep the process alive (default true). Background status refreshes pass
   * false, so that an unwatched job does not hold the process.
   */
  keepAlive?: boolean;
}

/** Options of {@link RpcClient.createJob}. */
export interface CreateJobOptions extends CallOptions {
  /** The `Idempotency-Key` header (a fresh UUID by default); retries of the same creation reuse it. */
  idempotencyKey?: string;
}

/**
 * The query of {@link RpcClient.listJobs} (`GET /api/jobs` of bosonic's server): every filter given must hold.
 * Times are seconds since the epoch or ISO 8601 text, as the server reads them.
 */
export interface JobListQuery {
  /** One of these statuses (wire names: `waiting`, `running`, `completed`, …). */
  status?: readonly string[];
  platform?: string;
  /** Text contained in the job's name. */
  name?: string;
  /** Tags the job carries, every one. */
  tags?: readonly string[];
  createdAfter?: number | string;
  createdBefore?: number | string;
  /** Jobs per page (the server's default when absent). */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
}

/**
 * What a worker thread needs to rebuild an equivalent client (everything but a dispatcher, which cannot cross
 * threads). Holds the token: never persist it.
 * @internal
 */
export interface RpcConnectionSettings {
  url: string;
  token: string;
  proxy?: string;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** Which failures a call retries. */
interface RetryRule {
  /** Retry on these answers. */
  status(status: number): boolean;
  /** Retry on network failures. */
  network: boolean;
}

const GET_RETRY: RetryRule = { status: (status) => status >= 500, network: false };
const CREATE_RETRY: RetryRule = {
  status: (status) => status >= 500 || status === 408 || status === 429,
  network: true,
};
const NO_RETRY: RetryRule = { status: () => false, network: false };

const DEFAULT_TIMEOUT_MS = 10_000;

/** Codes undici gives its timeouts. */
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The cloud's REST API (docs/wire-protocol.md) over undici `request()`: one connection pool per client
 * ({@link close} releases it), Bearer token, a timeout on every request, an `AbortSignal` on every call, and
 * every answer body read to the end (an unread body would hold its connection).
 *
 * Failures: 401/403 → `AuthenticationError`; other error statuses → `HttpError` (status and body); no answer →
 * {@link NetworkError}; a malformed answer → `ValidationError` naming the field. `GET`s are retried on 5xx with
 * exponential backoff (honouring `Retry-After`); job creation carries an `Idempotency-Key` and is retried with
 * the same key on 5xx, 408, 429 and network failures; cancel and rerun are never retried. Polling's own
 * tolerance (Perceval's five-in-a-row rule) is {@link PollErrorBudget}'s job, above this client.
 */
export class RpcClient {
  readonly #base: string;
  readonly #token: string;
  readonly #proxy: string | undefined;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #dispatcher: Dispatcher;
  /** The client's own Agent/ProxyAgent; undefined when the caller gave a dispatcher. */
  readonly #owned: Agent | ProxyAgent | undefined;
  readonly #closing = closingController();

  /**
   * @throws AuthenticationError when `token` is missing or empty; ValidationError naming the field for a bad
   *   `url`, `proxy`, `timeoutMs`, `retry` or token characters.
   */
  constructor(options: RpcClientOptions) {
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('RpcClient options must be an object', { field: 'options' });
    }
    this.#base = normalizeBaseUrl(options.url ?? QUANDELA_CLOUD_URL, 'url');
    this.#token = checkToken(options.token);
    this.#timeoutMs = checkTimeout(options.timeoutMs);
    this.#retry = retryPolicyOf(options.retry);
    this.#proxy = options.proxy === undefined ? undefined : normalizeBaseUrl(options.proxy, 'proxy');
    if (options.dispatcher !== undefined) {
      if (typeof options.dispatcher?.dispatch !== 'function') {
        throw new ValidationError('dispatcher must be an undici Dispatcher', { field: 'dispatcher' });
      }
      this.#dispatcher = options.dispatcher;
      this.#owned = undefined;
    } else {
      const agentOptions = { connect: { timeout: this.#timeoutMs } };
      this.#owned =
        this.#proxy === undefined
          ? new Agent(agentOptions)
          : new ProxyAgent({ uri: this.#proxy, ...agentOptions });
      this.#dispatcher = this.#owned;
    }
  }

  /** The base URL requests go to (without a trailing slash). */
  get url(): string {
    return this.#base;
  }

  /**
   * Whose queue quota this client's jobs count against: the cloud's URL and a digest of the token (never the
   * token itself). Two clients with the same account share one quota.
   */
  get account(): string {
    return `${this.#base} ${createHash('sha256').update(this.#token).digest('hex')}`;
  }

  /** The proxy URL, if any. */
  get proxy(): string | undefined {
    return this.#proxy;
  }

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  /**
   * What a worker thread needs to open an equivalent client; undefined when this client sends through a
   * dispatcher it was given.
   * @internal
   */
  connectionSettings(): RpcConnectionSettings | undefined {
    if (this.#owned === undefined) return undefined;
    return {
      url: this.#base,
      token: this.#token,
      ...(this.#proxy === undefined ? {} : { proxy: this.#proxy }),
      timeoutMs: this.#timeoutMs,
      retry: { ...this.#retry },
    };
  }

  /**
   * `POST /api/job`: submits a job. Sends an `Idempotency-Key` and retries with the same key, so a retry after
   * a lost answer cannot create the job twice on a server that honours the key.
   * @returns the new job's id.
   */
  async createJob(body: CreateJobRequest, options: CreateJobOptions = {}): Promise<string> {
    const key = options.idempotencyKey ?? randomUUID();
    const answer = await this.#call('POST', CREATE_JOB_PATH, options, CREATE_RETRY, {
      body: JSON.stringify(body),
      idempotencyKey: key,
    });
    return validateJobIdResponse(answer).job_id;
  }

  /** `GET /api/job/status/{id}`. */
  async getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatusResponse> {
    return validateJobStatusResponse(await this.#call('GET', jobStatusPath(jobId), options, GET_RETRY));
  }

  /** `GET /api/job/result/{id}`: `results` is JSON text (see `parseJobResultsText`). */
  async getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResultResponse> {
    return validateJobResultResponse(await this.#call('GET', jobResultPath(jobId), options, GET_RETRY));
  }

  /** `POST /api/job/cancel/{id}`: resolves once the server accepted the request. Not retried. */
  async cancelJob(jobId: string, options: CallOptions = {}): Promise<void> {
    await this.#call('POST', cancelJobPath(jobId), options, NO_RETRY);
  }

  /** `POST /api/job/rerun/{id}`: starts a copy of a failed or canceled job. Not retried. @returns the new id. */
  async rerunJob(jobId: string, options: CallOptions = {}): Promise<string> {
    return validateJobIdResponse(await this.#call('POST', rerunJobPath(jobId), options, NO_RETRY)).job_id;
  }

  /** `GET /api/jobs` (bosonic's server): one page of the token's jobs, newest first. */
  async listJobs(query: JobListQuery = {}, options: CallOptions = {}): Promise<JobListResponse> {
    const params = new URLSearchParams();
    for (const status of query.status ?? []) params.append('status', status);
    if (query.platform !== undefined) params.set('platform', query.platform);
    if (query.name !== undefined) params.set('name', query.name);
    for (const tag of query.tags ?? []) params.append('tag', tag);
    if (query.createdAfter !== undefined) params.set('created_after', String(query.createdAfter));
    if (query.createdBefore !== undefined) params.set('created_before', String(query.createdBefore));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor !== undefined) params.set('cursor', query.cursor);
    const search = params.size === 0 ? '' : `?${params}`;
    return validateJobListResponse(await this.#call('GET', `${JOBS_PATH}${search}`, options, GET_RETRY));
  }

  /**
   * `PUT /api/job/{id}/tags` (bosonic's server): replaces the job's tags. Retried like a GET (it is idempotent).
   * @returns the tags as stored (each once).
   * @throws ValidationError (field `tags`) before sending tags the server would refuse.
   */
  async setJobTags(jobId: string, tags: readonly string[], options: CallOptions = {}): Promise<string[]> {
    const checked = validateJobTags(tags);
    const answer = await this.#call('PUT', jobTagsPath(jobId), options, GET_RETRY, {
      body: JSON.stringify({ tags: checked }),
    });
    return validateJobTags((answer as { tags?: unknown } | undefined)?.tags, 'tags');
  }

  /** `DELETE /api/job/{id}` (bosonic's server): removes a finished job and its results. Not retried. */
  async deleteJob(jobId: string, options: CallOptions = {}): Promise<void> {
    await this.#call('DELETE', jobPath(jobId), options, NO_RETRY);
  }

  /** `GET /api/usage` (bosonic's server): the token's usage per platform over `[since, until)`. */
  async getUsage(
    range: { since?: number | string; until?: number | string } = {},
    options: CallOptions = {},
  ): Promise<UsageResponse> {
    const params = new URLSearchParams();
    if (range.since !== undefined) params.set('since', String(range.since));
    if (range.until !== undefined) params.set('until', String(range.until));
    const search = params.size === 0 ? '' : `?${params}`;
    return validateUsageResponse(await this.#call('GET', `${USAGE_PATH}${search}`, options, GET_RETRY));
  }

  /** `GET /api/jobs/availability`: the token's queue quota. */
  async getAvailability(options: CallOptions = {}): Promise<AvailabilityResponse> {
    return validateAvailabilityResponse(await this.#call('GET', AVAILABILITY_PATH, options, GET_RETRY));
  }

  /**
   * The platform's details and specs: `GET /api/platforms/{name}/processor`, falling back to the older
   * `GET /api/platform/{name}` when that fails with an HTTP error (other than 401/403) or its specs have no
   * `architecture` (Perceval 1.1's rule). A network failure is not a reason to try the other path.
   */
  async getPlatformDetails(platform: string, options: CallOptions = {}): Promise<PlatformDetails> {
    if (typeof platform !== 'string' || platform === '') {
      throw new ValidationError('The platform name must be a non-empty string', { field: 'platform' });
    }
    let current: PlatformDetails | undefined;
    try {
      current = validatePlatformDetails(
        await this.#call('GET', platformProcessorPath(platform), options, GET_RETRY),
      );
      if (current.specs.architecture !== undefined) return current;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
    }
    try {
      return validatePlatformDetails(
        await this.#call('GET', legacyPlatformPath(platform), options, GET_RETRY),
      );
    } catch (error) {
      // The current path answered (without an architecture): better than nothing.
      if (current !== undefined && error instanceof HttpError) return current;
      throw error;
    }
  }

  /**
   * Releases the connection pool (when the client owns it) and aborts calls in flight, which reject with a
   * `BosonicError` coded `ERR_CLIENT_CLOSED`. Later calls reject the same way. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.#closing.abort(new BosonicError('The cloud client was closed', 'ERR_CLIENT_CLOSED'));
    await this.#owned?.close();
  }

  /** One call with its retries; resolves with the parsed JSON body (undefined when empty). */
  async #call(
    method: HttpMethod,
    path: string,
    options: CallOptions,
    rule: RetryRule,
    extra: { body?: string; idempotencyKey?: string } = {},
  ): Promise<unknown> {
    checkCallOptions(options);
    const signal =
      options.signal === undefined
        ? this.#closing.signal
        : AbortSignal.any([this.#closing.signal, options.signal]);
    for (let retry = 0; ; retry++) {
      const last = retry >= this.#retry.maxRetries;
      let answer: RawAnswer;
      try {
        answer = await this.#send(method, path, signal, extra);
      } catch (error) {
        if (error instanceof NetworkError && rule.network && !last) {
          await sleep(backoffDelay(retry, this.#retry), { signal, keepAlive: options.keepAlive });
          continue;
        }
        throw error;
      }
      if (answer.status >= 200 && answer.status < 300) return parseJson(answer, method, path);
      if (rule.status(answer.status) && !last) {
        await sleep(backoffDelay(retry, this.#retry, answer.retryAfter), {
          signal,
          keepAlive: options.keepAlive,
        });
        continue;
      }
      throw errorForAnswer(method, path, answer);
    }
  }

  /** Sends one request and reads its whole body. */
  async #send(
    method: HttpMethod,
    path: string,
    signal: AbortSignal,
    extra: { body?: string; idempotencyKey?: string },
  ): Promise<RawAnswer> {
    if (signal.aborted) throw signal.reason;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#token}`,
      accept: 'application/json',
    };
    if (extra.body !== undefined) headers['content-type'] = 'application/json';
    if (extra.idempotencyKey !== undefined) headers['idempotency-key'] = extra.idempotencyKey;
    try {
      const response = await request(`${this.#base}${path}`, {
        method,
        headers,
        ...(extra.body === undefined ? {} : { body: extra.body }),
        dispatcher: this.#dispatcher,
        signal,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      const text = await response.body.text();
      const retryAfter = response.headers['retry-after'];
      return {
        status: response.statusCode,
        text,
        ...(retryAfter === undefined ? {} : { retryAfter }),
      };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw networkError(method, path, error);
    }
  }
}

/** Methods of the API. */
type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** An answer, body read. */
interface RawAnswer {
  status: number;
  text: string;
  retryAfter?: string | string[];
}

function parseJson(answer: RawAnswer, method: string, path: string): unknown {
  if (answer.text.trim() === '') return undefined;
  try {
    return JSON.parse(answer.text);
  } catch (error) {
    throw new ValidationError(
      `${method} ${readablePath(path)} answered ${answer.status} with a body that is not JSON`,
      {
        field: 'body',
        cause: error,
      },
    );
  }
}

/** A request path as a person reads it: `sim:slos`, not the `sim%3Aslos` sent on the wire. */
function readablePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The error an error status stands for, with the server's own message when its body has one. */
function errorForAnswer(method: string, path: string, answer: RawAnswer): AuthenticationError | HttpError {
  const said = serverMessage(answer.text);
  const message = `${method} ${readablePath(path)} answered ${answer.status}${said ? `: ${said}` : ''}`;
  if (answer.status === 401 || answer.status === 403) {
    const hint = answer.status === 401 ? ' (check the token)' : ' (the token may not grant access to this)';
    return new AuthenticationError(`${message}${hint}`, { status: answer.status });
  }
  return new HttpError(message, { status: answer.status, body: answer.text });
}

/** `{"error": …}` (bosonic), `{"message": …}` or `{"detail": …}`; else the start of the body. */
function serverMessage(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    const body: unknown = JSON.parse(trimmed);
    if (body !== null && typeof body === 'object') {
      for (const key of ['error', 'message', 'detail']) {
        const value = (body as Record<string, unknown>)[key];
        if (typeof value === 'string' && value !== '') return value;
      }
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
}

function networkError(method: string, path: string, error: unknown): NetworkError {
  const code = (error as { code?: unknown } | null)?.code;
  const timedOut = typeof code === 'string' && TIMEOUT_CODES.has(code);
  const detail = error instanceof Error ? error.message : String(error);
  return new NetworkError(
    `${method} ${path} got no answer: ${timedOut ? 'timed out' : 'connection failed'} (${typeof code === 'string' ? `${code}: ` : ''}${detail})`,
    { failure: timedOut ? 'timeout' : 'connection', cause: error },
  );
}

/** Checks an http(s) URL and drops trailing slashes (Perceval's endpoint join strips them too). */
function normalizeBaseUrl(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} must be a non-empty http(s) URL`, { field });
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch (error) {
    throw new ValidationError(`${field} is not a valid URL: ${value}`, { field, cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`${field} must use http or https, got ${url.protocol}`, { field });
  }
  return value.trim().replace(/\/+$/, '');
}

function checkToken(token: unknown): string {
  if (token === undefined || token === null || token === '') {
    throw new AuthenticationError(
      'No token found: pass one, set BOSONIC_CLOUD_TOKEN (or PCVL_CLOUD_TOKEN), or save one with `bosonic login`',
    );
  }
  if (typeof token !== 'string' || /[\r\n\s]/.test(token)) {
    throw new ValidationError('token must be a string without spaces or line breaks', { field: 'token' });
  }
  return token;
}

function checkTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`timeoutMs must be a positive number of milliseconds, got ${String(value)}`, {
      field: 'timeoutMs',
    });
  }
  return value;
}

function checkCallOptions(options: CallOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('call options must be an object', { field: 'options' });
  }
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new ValidationError('signal must be an AbortSignal', { field: 'signal' });
  }
}

/**
 * The controller whose signal aborts every call of a client on `close()`. Each call in flight listens to it, so
 * many concurrent calls are normal: lift Node's listener-leak warning (10) for this one signal.
 */
function closingController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
