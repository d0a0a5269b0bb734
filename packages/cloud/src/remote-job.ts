import { randomUUID } from 'node:crypto';
import {
  BosonicError,
  Job,
  JobAlreadyExecutedError,
  JobError,
  type JobStatus,
  type ProgressListener,
  RunningStatus,
  type SamplerResults,
  ValidationError,
  type WaitOptions,
} from '@bosonic/core';
import { checkMilliseconds, stopMessageOf } from '@bosonic/core/internal';
import {
  type CreateJobRequest,
  type JobResultResponse,
  type JobStatusResponse,
  type JobSummary,
  validateJobTags,
} from '@bosonic/protocol';
import { fetchCompletedResults } from './job/fetch-results.js';
import { type RemoteStatusReading, readRemoteStatus } from './job/status-from-wire.js';
import { decodeJobResults } from './results/decode-results.js';
import { PollErrorBudget } from './rpc/poll-error-budget.js';
import type { RpcClient } from './rpc/rpc-client.js';
import { runBlocking } from './sync/run-blocking.js';

/** Perceval's `STATUS_REFRESH_DELAY`: at most one status request a second. */
export const DEFAULT_REFRESH_INTERVAL_MS = 1000;

/** Where a remote job lives: the client that reaches the cloud, and the platform. */
export interface RemoteJobLink {
  /** The client of the job's cloud; shared with its processor (closing it ends polling). */
  readonly rpc: RpcClient;
  /** The platform's name, e.g. `'sim:slos'`. */
  readonly platform: string;
  /**
   * Minimum time between two status requests, in ms: {@link DEFAULT_REFRESH_INTERVAL_MS} (1000, Perceval's
   * floor) unless lowered — which only makes sense against a local test server.
   */
  readonly refreshIntervalMs?: number;
}

/** How a {@link RemoteJob} is made (by `RemoteProcessor`, `JobGroup`, `rerun` and `resume`). */
export interface RemoteJobInit {
  link: RemoteJobLink;
  /** The job's name, sent as `job_name` (default `'Job'`). */
  name?: string;
  /** Builds the create-job body from the arguments given to `executeSync` / `executeAsync` / `prepare`. */
  prepare?: (args: readonly unknown[], name: string) => CreateJobRequest;
  /** A body already built (a job reloaded from a JobGroup file, or a rerun). */
  request?: CreateJobRequest;
  /** The server's id of a job already sent (resumed, rerun, reloaded). */
  id?: string;
  /** The `Idempotency-Key` of the creation (a fresh UUID by default). */
  idempotencyKey?: string;
  /** Seed of the client-side result conversion (e.g. probabilities → counts); random when omitted. */
  seed?: number;
  /** Tags to send with the creation (bosonic's server; at most 20 of at most 64 characters). */
  tags?: readonly string[];
}

/** What a job remembers of a completed status until its results are in hand. */
type PendingCompletion = RemoteStatusReading & { status: RunningStatus.SUCCESS | RunningStatus.CANCELED };

const ignore = (): void => {};

/**
 * A job run by a cloud that speaks the Quandela Cloud protocol (Perceval's `RemoteJob`), behind the same
 * {@link Job} interface as a local one.
 *
 * - {@link executeAsync} resolves once the server accepted the job ({@link id} is then set). A refused or failed
 *   creation ends the job `ERROR` and rejects with a `JobError` whose `cause` is the typed error
 *   (`AuthenticationError`, `HttpError`, `NetworkError`, `ValidationError`).
 * - {@link executeSync} truly blocks the calling thread: a worker thread creates and polls the job while this
 *   one waits in `Atomics.wait`; progress listeners are still called on this thread as updates arrive. It needs
 *   a client that opens its own connections (not one given a custom `dispatcher`).
 * - Reading {@link status} of a sent, unfinished job starts a refresh in the background (at most one request a
 *   second) and returns the last known status at once. When the job completes, it fetches its results itself
 *   and reports complete only once they are in hand, so {@link getResults} stays synchronous.
 * - Liveness: polling timers keep the process alive only while someone {@link wait}s (or `executeSync` runs);
 *   otherwise they are unref'd (progress listeners alone keep an unref'd poll going).
 * - Polling tolerates transient failures (408/409/421/423/429, 5xx after retries, network errors) four times in a
 *   row and raises the fifth (Perceval's rule), rejecting pending `wait()`s; the job itself keeps its last known
 *   status, since it is still running on the server.
 * - Results are decoded from `:PCVL:` strings, and converted client-side when the job context asks for it
 *   (`job_context.result_mapping`, e.g. probabilities → counts on a platform that only computes probabilities).
 */
export class RemoteJob extends Job<SamplerResults> {
  readonly #link: RemoteJobLink;
  readonly #interval: number;
  readonly #prepare: ((args: readonly unknown[], name: string) => CreateJobRequest) | undefined;
  readonly #seed: number | undefined;
  #request: CreateJobRequest | undefined;
  #idempotencyKey: string;
  #tags: string[];
  /** The last status answer, as the server sent it. */
  #remoteStatus: JobStatusResponse | undefined;
  #id: string | undefined;
  /** The creation request in flight (`executeAsync`). */
  #creation: Promise<void> | undefined;
  #inflight: Promise<JobStatus> | undefined;
  #lastRefresh = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #waiters = 0;
  #listeners = 0;
  /** Set after a fatal poll error, so that listeners alone do not keep hammering a failing server. */
  #halted = false;
  #syncRunning = false;
  #pending: PendingCompletion | undefined;
  readonly #budget = new PollErrorBudget();
  readonly #fatalWaiters = new Set<(error: unknown) => void>();

  /** Jobs are made by `RemoteProcessor.createJob` (through a `Sampler`), `resumeJob`, `rerun` and `JobGroup`. */
  constructor(init: RemoteJobInit) {
    if (init === null || typeof init !== 'object' || init.link === null || typeof init.link !== 'object') {
      throw new ValidationError('A RemoteJob needs { link: { rpc, platform } }', { field: 'link' });
    }
    super(init.name === undefined ? {} : { name: init.name });
    this.#link = init.link;
    this.#interval = checkInterval(init.link.refreshIntervalMs);
    this.#prepare = init.prepare;
    this.#request = init.request;
    this.#seed = init.seed;
    this.#idempotencyKey = init.idempotencyKey ?? randomUUID();
    this.#tags = validateJobTags(init.tags ?? init.request?.tags ?? []);
    if (init.id !== undefined) {
      if (typeof init.id !== 'string' || init.id === '') {
        throw new ValidationError('A job id must be a non-empty string', { field: 'id' });
      }
      this.#id = init.id;
      this.#lastRefresh = Date.now();
    }
    if (this.#prepare === undefined && this.#request === undefined && this.#id === undefined) {
      throw new ValidationError('A RemoteJob needs a request, a way to prepare one, or an id', {
        field: 'init',
      });
    }
  }

  /**
   * Resumes a job from its id (Perceval's `RemoteJob.from_id`): fetches its status at once, and its results
   * if it is complete already. The job takes the name the server reports (bosonic's server keeps the name it was
   * created with), else `name`.
   * @throws ValidationError (field `jobId`) for a malformed id; the typed HTTP errors as they come (e.g.
   *   `HttpError` 404 for an id the server does not know, `AuthenticationError` for a token that may not see it).
   */
  static async resume(link: RemoteJobLink, jobId: string, name = 'resumed'): Promise<RemoteJob> {
    if (link === null || typeof link !== 'object' || link.rpc === null || typeof link.rpc !== 'object') {
      throw new ValidationError('A RemoteJob needs { link: { rpc, platform } }', { field: 'link' });
    }
    const first = await link.rpc.getJobStatus(jobId, { keepAlive: true });
    const job = new RemoteJob({ link, id: jobId, name: typeof first.name === 'string' ? first.name : name });
    await job.#poll({ keepAlive: true, strict: true }, first);
    return job;
  }

  /**
   * A job of a listing (`GET /api/jobs`), from its summary: no request is made until its status is read or it is
   * waited for (a completed job fetches its results then).
   * @internal
   */
  static fromSummary(link: RemoteJobLink, summary: JobSummary): RemoteJob {
    const job = new RemoteJob({ link, id: summary.id, name: summary.name ?? 'unnamed' });
    job.#applyStatus(summary);
    // Due at once: the summary may be old, and a completed job still has to fetch its results.
    job.#lastRefresh = 0;
    return job;
  }

  /** The server's id of the job; undefined until the server accepted it. */
  get id(): string | undefined {
    return this.#id;
  }

  /** True once the server accepted the job (Perceval's `was_sent`). */
  get wasSent(): boolean {
    return this.#id !== undefined;
  }

  /** The platform the job runs on. */
  get platform(): string {
    return this.#link.platform;
  }

  /** The job's tags: those it was created with, then as the server last reported them. */
  get tags(): readonly string[] {
    return this.#tags;
  }

  /** The last status answer of the server, as sent (undefined before the first). */
  get remoteStatus(): JobStatusResponse | undefined {
    return this.#remoteStatus;
  }

  /**
   * Replaces the job's tags. On a sent job, `PUT /api/job/{id}/tags` (bosonic's server) and resolves once stored;
   * on a job not sent yet, they go with its creation.
   * @throws ValidationError (field `tags`) for more than 20 tags, an empty or a longer than 64 characters one;
   *   the typed HTTP error when the server refuses.
   */
  async setTags(tags: readonly string[]): Promise<void> {
    const checked = validateJobTags(tags);
    if (this.#id === undefined && this.#creation !== undefined) await this.#creation;
    if (this.#id === undefined) {
      this.#tags = checked;
      if (this.#request !== undefined) this.#request = { ...this.#request, tags: checked };
      return;
    }
    this.#tags = await this.#rpc.setJobTags(this.#id, checked);
  }

  /**
   * Deletes the job and its results from the server (`DELETE /api/job/{id}`, bosonic's server). Only a finished
   * job can be deleted: cancel a running one first. This object keeps what it knew (its results included).
   * @throws BosonicError coded `ERR_JOB_NOT_SENT` for a job never sent; `HttpError` 409 for an unfinished job,
   *   404 for one already deleted.
   */
  async delete(): Promise<void> {
    if (this.#id === undefined && this.#creation !== undefined) await this.#creation;
    if (this.#id === undefined) {
      throw new BosonicError('This job was never sent: there is nothing to delete', 'ERR_JOB_NOT_SENT');
    }
    await this.#rpc.deleteJob(this.#id);
    this.#clearTimer();
  }

  /** The job's cloud link (shared with its processor). @internal */
  get link(): RemoteJobLink {
    return this.#link;
  }

  /** The `Idempotency-Key` its creation uses. @internal */
  get idempotencyKey(): string {
    return this.#idempotencyKey;
  }

  /** The create-job body, once built (by {@link prepare}, an execution, or given); undefined before. */
  get request(): CreateJobRequest | undefined {
    return this.#request;
  }

  /** Seed of the client-side result conversion, if one was set. @internal */
  get seed(): number | undefined {
    return this.#seed;
  }

  /**
   * The status. For a sent, unfinished job, reading it starts a background refresh when the last one is at
   * least a refresh interval old, and returns the last known status at once.
   */
  override get status(): JobStatus {
    this.#refreshIfDue();
    return this.rawStatus;
  }

  /** The last known status, without starting a refresh (unlike {@link status}). */
  get knownStatus(): JobStatus {
    return this.rawStatus;
  }

  /**
   * Marks the job as part of a JobGroup: its create-job body gets `job_group_name` (Perceval's
   * `set_job_group_name`). Only for a prepared job that was not sent yet.
   * @internal
   */
  setJobGroupName(groupName: string): void {
    if (this.#request === undefined || this.#id !== undefined || this.executionBegun) return;
    this.#request = { ...this.#request, job_group_name: groupName };
  }

  /**
   * Builds the create-job body from `args` (as `executeAsync(...args)` would) without sending it, so that the
   * job can be saved (a JobGroup does this) and later executed without arguments. Idempotent for the same job;
   * the body is built once.
   * @throws ValidationError for bad arguments, or when the job was already prepared or sent.
   */
  prepare(...args: unknown[]): CreateJobRequest {
    if (this.#id !== undefined || this.executionBegun) {
      throw new ValidationError('This job was already executed; it cannot be prepared again', {
        field: 'args',
      });
    }
    if (this.#request !== undefined) {
      if (args.length === 0) return this.#request;
      throw new ValidationError(
        'This job was already prepared with its arguments; execute it without arguments',
        {
          field: 'args',
        },
      );
    }
    if (this.#prepare === undefined) {
      throw new ValidationError('This job has no request to prepare', { field: 'request' });
    }
    this.#request = this.#prepare(args, this.name);
    return this.#request;
  }

  /**
   * Sends the job; resolves with the job once the server accepted it (its {@link id} is then set).
   * Arguments are the sampler command's: `(maxSamples?, maxShots?)` for `sample_count` and `samples`, none for
   * `probs`.
   * @throws JobAlreadyExecutedError synchronously when the job was already executed or sent.
   */
  executeAsync(...args: unknown[]): Promise<this> {
    this.#claimExecution();
    let body: CreateJobRequest;
    try {
      body = this.#bodyFor(args);
    } catch (error) {
      return this.#launchFailed(error);
    }
    const creation = this.#rpc.createJob(body, { idempotencyKey: this.#idempotencyKey }).then(
      (id) => this.#accepted(id),
      (error: unknown) => {
        this.settleError(stopMessageOf(error), error);
        throw new JobError(this.rawStatus.stopMessage ?? stopMessageOf(error), { cause: error });
      },
    );
    this.#creation = creation.catch(ignore);
    const launched = creation.then(() => this);
    launched.catch(ignore);
    return launched;
  }

  /**
   * Sends the job and blocks the calling thread until it completes (a worker thread does the HTTP work while
   * this thread waits in `Atomics.wait`; progress listeners are called on this thread meanwhile).
   * @returns the results (the partial ones of a canceled job).
   * @throws JobError (job failed, or its creation was refused: `cause` holds the typed error), JobCanceledError
   *   (canceled with nothing to return), the typed HTTP error when polling fails for good (the job then keeps
   *   running on the server: {@link id} is set), JobAlreadyExecutedError, and a BosonicError coded
   *   `ERR_SYNC_UNSUPPORTED` when the job's client uses a custom dispatcher (use `executeAsync` and `wait`).
   */
  executeSync(...args: unknown[]): SamplerResults {
    const settings = this.#rpc.connectionSettings();
    if (settings === undefined) {
      throw new BosonicError(
        'executeSync needs a client that opens its own connections (not a custom dispatcher): its HTTP work runs ' +
          'in a worker thread. Use executeAsync() and wait() instead.',
        'ERR_SYNC_UNSUPPORTED',
      );
    }
    this.#claimExecution();
    let body: CreateJobRequest;
    try {
      body = this.#bodyFor(args);
    } catch (error) {
      this.settleError(stopMessageOf(error), error);
      return this.getResults();
    }
    this.#syncRunning = true;
    try {
      runBlocking(
        { settings, body, idempotencyKey: this.#idempotencyKey, refreshIntervalMs: this.#interval },
        {
          created: (id) => this.#accepted(id),
          status: (response) => this.#applyStatus(response),
          results: (response) => this.#applyResults(response),
        },
      );
    } catch (error) {
      if (this.#id === undefined) {
        this.settleError(stopMessageOf(error), error);
        return this.getResults();
      }
      throw error;
    } finally {
      this.#syncRunning = false;
    }
    return this.getResults();
  }

  /**
   * Resolves with the results once the job completes (see {@link Job.wait}). While it waits, the job polls the
   * server (once per refresh interval) and its timer keeps the process alive. Rejects with the typed error when
   * polling fails for good (the job keeps running on the server and can be waited for again).
   */
  override wait(options: WaitOptions = {}): Promise<SamplerResults> {
    if (this.#link.rpc.closed && this.#id !== undefined && !this.rawStatus.completed) {
      return Promise.reject(
        new BosonicError(
          'The cloud client of this job was closed: it can no longer poll',
          'ERR_CLIENT_CLOSED',
        ),
      );
    }
    let rejectFatal: (error: unknown) => void = ignore;
    const fatal = new Promise<never>((_, reject) => {
      rejectFatal = reject;
    });
    fatal.catch(ignore);
    this.#fatalWaiters.add(rejectFatal);
    this.#waiters += 1;
    this.#halted = false;
    this.#schedule();
    return Promise.race([super.wait(options), fatal]).finally(() => {
      this.#waiters -= 1;
      this.#fatalWaiters.delete(rejectFatal);
      this.#schedule();
    });
  }

  /**
   * Subscribes to progress (see {@link Job.onProgress}). While listeners are subscribed, a sent job polls in the
   * background (without keeping the process alive).
   */
  override onProgress(listener: ProgressListener): () => void {
    const unsubscribe = super.onProgress(listener);
    this.#listeners += 1;
    this.#schedule();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      unsubscribe();
      this.#listeners -= 1;
      this.#schedule();
    };
  }

  /**
   * Fetches the status now (ignoring the refresh interval; joining a refresh already in flight), and the
   * results if the job completed. Resolves with the status: after a transient failure, the last known one.
   * @throws the typed error of a failure that is not transient, or of the fifth transient one in a row.
   */
  refresh(): Promise<JobStatus> {
    if (this.#id === undefined || this.rawStatus.completed) return Promise.resolve(this.rawStatus);
    return this.#refresh({ keepAlive: true, strict: false });
  }

  /**
   * Asks the server to cancel the job (`POST /api/job/cancel/{id}`); resolves once it accepted, the job then
   * being `CANCEL_REQUESTED` until the server reports `CANCELED` (with partial results, if any). A job not sent
   * yet ends `CANCELED` at once; one whose creation is in flight is canceled once created; on a completed job,
   * or one already `CANCEL_REQUESTED`, this does nothing.
   * @throws the typed HTTP error when the server refuses (e.g. `HttpError` 400 for a job it considers finished).
   */
  async cancel(): Promise<void> {
    if (this.rawStatus.completed) return;
    if (this.#id === undefined && this.#creation === undefined) {
      this.settleCanceled({ message: 'The job was canceled before it was sent' });
      return;
    }
    if (this.#id === undefined) await this.#creation;
    const id = this.#id;
    if (id === undefined || this.rawStatus.completed) return;
    if (this.rawStatus.status === RunningStatus.CANCEL_REQUESTED) return;
    await this.#rpc.cancelJob(id);
    this.markCancelRequested();
    this.#schedule();
  }

  /**
   * Runs a failed or canceled job again (Perceval's `rerun`): `POST /api/job/rerun/{id}` makes a copy on the
   * server; a job whose creation failed is sent again with the same body and `Idempotency-Key`. Resolves with the NEW job (sent,
   * `WAITING`); this one is unchanged.
   * @throws ValidationError (field `status`) unless this job is `ERROR` or `CANCELED`; the typed HTTP error when
   *   the server refuses.
   */
  async rerun(): Promise<RemoteJob> {
    const status = this.rawStatus;
    if (!status.failed) {
      throw new ValidationError(
        `Cannot rerun this job: its status is ${status.status} (it should be CANCELED or ERROR)`,
        { field: 'status' },
      );
    }
    const copy = {
      link: this.#link,
      name: this.name,
      tags: this.#tags,
      ...(this.#request === undefined ? {} : { request: this.#request }),
      ...(this.#seed === undefined ? {} : { seed: this.#seed }),
    };
    if (this.#id !== undefined) {
      return new RemoteJob({ ...copy, id: await this.#rpc.rerunJob(this.#id) });
    }
    if (this.#request === undefined) {
      throw new ValidationError('This job failed before its request was built; create a new job instead', {
        field: 'request',
      });
    }
    // The same Idempotency-Key: if the server did accept the first attempt, this finds that job instead of
    // creating a duplicate.
    const fresh = new RemoteJob({ ...copy, request: this.#request, idempotencyKey: this.#idempotencyKey });
    await fresh.executeAsync();
    return fresh;
  }

  /** E.g. `RemoteJob 'sample_count' id:1b2c… [RUNNING 42%]`, or `… id:not sent …`. */
  override toString(): string {
    return super.toString().replace(/^(\S+ '[^']*')/, `$1 id:${this.#id ?? 'not sent'}`);
  }

  // ---- internals ----

  get #rpc(): RpcClient {
    return this.#link.rpc;
  }

  #claimExecution(): void {
    if (this.#id !== undefined) {
      throw new JobAlreadyExecutedError(
        `This job was already sent (id ${this.#id}); use rerun() to run it again, or wait() for it`,
      );
    }
    this.beginExecution();
  }

  #bodyFor(args: readonly unknown[]): CreateJobRequest {
    if (this.#request !== undefined) {
      if (args.length > 0) {
        throw new ValidationError(
          'This job was prepared with its arguments already; execute it without arguments',
          {
            field: 'args',
          },
        );
      }
      return this.#withTags({ ...this.#request, job_name: this.name });
    }
    if (this.#prepare === undefined)
      throw new ValidationError('This job has no request to send', { field: 'request' });
    this.#request = this.#withTags(this.#prepare(args, this.name));
    return this.#request;
  }

  /** The body with this job's tags (none: the body as it is, as Perceval sends it). */
  #withTags(body: CreateJobRequest): CreateJobRequest {
    return this.#tags.length === 0 ? body : { ...body, tags: [...this.#tags] };
  }

  #launchFailed(error: unknown): Promise<this> {
    this.settleError(stopMessageOf(error), error);
    const rejected = Promise.reject(
      new JobError(this.rawStatus.stopMessage ?? stopMessageOf(error), { cause: error }),
    );
    rejected.catch(ignore);
    return rejected;
  }

  #accepted(id: string): void {
    this.#id = id;
    this.#lastRefresh = Date.now();
    this.#schedule();
  }

  /** A background refresh when one is due (status reads). */
  #refreshIfDue(): void {
    if (!this.#pollable || this.#inflight !== undefined) return;
    if (Date.now() - this.#lastRefresh < this.#interval) return;
    this.#refresh({ keepAlive: this.#waiters > 0, strict: false }).catch(ignore);
  }

  get #pollable(): boolean {
    return (
      this.#id !== undefined && !this.rawStatus.completed && !this.#syncRunning && !this.#link.rpc.closed
    );
  }

  #refresh(options: { keepAlive: boolean; strict: boolean }): Promise<JobStatus> {
    if (this.#inflight !== undefined) return this.#inflight;
    this.#clearTimer();
    this.#lastRefresh = Date.now();
    const refresh = this.#poll(options).finally(() => {
      this.#inflight = undefined;
      this.#schedule();
    });
    this.#inflight = refresh;
    return refresh;
  }

  /** One status request (unless `known` is one just made), then the results of a completed job. */
  async #poll(
    options: { keepAlive: boolean; strict: boolean },
    known?: JobStatusResponse,
  ): Promise<JobStatus> {
    const id = this.#id!;
    const call = { keepAlive: options.keepAlive };
    try {
      this.#applyStatus(known ?? (await this.#rpc.getJobStatus(id, call)));
      const pending = this.#pending;
      if (pending !== undefined) {
        this.#applyResults(await fetchCompletedResults(this.#rpc, id, pending.status, call));
      }
      this.#budget.succeeded();
    } catch (error) {
      if (options.strict) throw error;
      try {
        this.#budget.absorb(error);
      } catch (fatal) {
        this.#halted = true;
        for (const reject of [...this.#fatalWaiters]) reject(fatal);
        throw fatal;
      }
    }
    return this.rawStatus;
  }

  /** Mirrors a status answer; a completion waits for its results (see {@link applyResults}), except ERROR. */
  #applyStatus(response: JobStatusResponse): void {
    this.#remoteStatus = response;
    if (Array.isArray(response.tags)) this.#tags = [...response.tags];
    if (this.rawStatus.completed) return;
    const reading = readRemoteStatus(response);
    switch (reading.status) {
      case RunningStatus.ERROR:
        this.applyRemoteStatus(reading.update);
        this.settleError(reading.statusMessage ?? 'The job failed on the cloud (no message given)');
        this.#stampTimes(reading);
        return;
      case RunningStatus.SUCCESS:
      case RunningStatus.CANCELED:
        this.applyRemoteStatus(reading.update);
        this.#pending = reading as PendingCompletion;
        return;
      default:
        this.#pending = undefined;
        this.applyRemoteStatus({ status: reading.status, ...reading.update });
    }
  }

  /** Completes the job from its result answer (null: a canceled job without results). */
  #applyResults(response: JobResultResponse | null): void {
    const pending = this.#pending;
    if (pending === undefined || this.rawStatus.completed) return;
    this.#pending = undefined;
    const text = response?.results;
    const fallback = this.#request?.payload.job_context ?? null;
    if (pending.status === RunningStatus.SUCCESS) {
      if (typeof text !== 'string') {
        this.settleError('The job completed but the cloud returned no results');
      } else {
        try {
          this.settleSuccess(
            decodeJobResults(text, { fallbackContext: fallback, seed: this.#seed, jobId: this.id }),
          );
        } catch (error) {
          this.settleError(`Could not decode the job results: ${stopMessageOf(error)}`, error);
        }
      }
    } else {
      let partial: SamplerResults | undefined;
      let cause: unknown;
      if (typeof text === 'string') {
        try {
          partial = decodeJobResults(text, { fallbackContext: fallback, seed: this.#seed, jobId: this.id });
        } catch (error) {
          cause = error;
        }
      }
      this.settleCanceled({
        ...(partial === undefined ? {} : { results: partial }),
        message: pending.statusMessage ?? 'The job was canceled',
        ...(cause === undefined ? {} : { cause }),
      });
    }
    this.#stampTimes(pending);
  }

  /** After completion: the server's times, so that the stop time is start + duration. */
  #stampTimes(reading: RemoteStatusReading): void {
    const { creationTime, startTime, duration } = reading.update;
    this.rawStatus.updateTimes({
      ...(creationTime === undefined ? {} : { creationTime }),
      ...(startTime === undefined ? {} : { startTime }),
      ...(duration === undefined ? {} : { duration }),
    });
  }

  /** (Re)arms the poll timer: only while someone waits (ref'd) or listens (unref'd). */
  #schedule(): void {
    this.#clearTimer();
    if (!this.#pollable || this.#inflight !== undefined) return;
    const waiting = this.#waiters > 0;
    if (!waiting && (this.#listeners === 0 || this.#halted)) return;
    const delay = Math.max(0, this.#lastRefresh + this.#interval - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#refresh({ keepAlive: this.#waiters > 0, strict: false }).catch(ignore);
    }, delay);
    if (!waiting) this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}

function checkInterval(value: unknown): number {
  return value === undefined ? DEFAULT_REFRESH_INTERVAL_MS : checkMilliseconds(value, 'refreshIntervalMs');
}
