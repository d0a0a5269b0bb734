import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HttpError, RunningStatus, type SamplerResults, ValidationError } from '@bosonic/core';
import { isRunningStatus, optionalPositiveInteger } from '@bosonic/core/internal';
import type { CreateJobRequest } from '@bosonic/protocol';
import type { Dispatcher } from 'undici';
import { RemoteConfig } from './config/remote-config.js';
import { type Environment, userDataDir } from './config/user-dirs.js';
import { writeAtomically } from './config/write-atomically.js';
import { RemoteJob, type RemoteJobLink } from './remote-job.js';
import { type RetryOptions, sleep } from './rpc/retry-policy.js';
import { RpcClient } from './rpc/rpc-client.js';

/** How a JobGroup reaches the clouds of the jobs it reloads from its file (which holds no token). */
export interface JobGroupConnectionOptions {
  /** Token (default from {@link RemoteConfig}). */
  token?: string;
  /** Proxy (default from {@link RemoteConfig}). */
  proxy?: string;
  /** An undici dispatcher for the reloaded jobs' clients (tests). */
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Minimum time between two status requests of a reloaded job (default 1000 ms; for tests). */
  refreshIntervalMs?: number;
}

/** Options of a {@link JobGroup}. */
export interface JobGroupOptions {
  /** Environment to read `BOSONIC_DATA_DIR` and the configuration from (default `process.env`). */
  env?: Environment;
  /** How reloaded jobs connect (their file stores only each job's URL and platform). */
  connection?: JobGroupConnectionOptions;
  /**
   * Pause between two rounds of the run loops (launching, then polling), in ms: 5000 by default (Perceval's
   * `STATUS_REFRESH_DELAY`). Lower it only in tests.
   */
  pollIntervalMs?: number;
}

/** Options of the run methods. */
export interface JobGroupRunOptions {
  /** Most jobs of this group queued at once (default: what the cloud's availability allows). */
  concurrentJobCount?: number;
  /** Stops the run (the jobs already sent keep running); it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of the rerun methods. */
export interface JobGroupRerunOptions extends JobGroupRunOptions {
  /** Put each new job in the place of the failed one (default true), or append it. */
  replaceFailedJobs?: boolean;
}

/** Perceval's `JobGroup.progress()` in camelCase. */
export interface JobGroupProgress {
  total: number;
  finished: { count: number; successful: number; unsuccessful: number };
  unfinished: { count: number; sent: number; notSent: number };
}

/** One job of a group, with the status the group last saw (null: not sent). */
interface Entry {
  job: RemoteJob;
  status: RunningStatus | null;
  /** Reloaded from the file and not heard of since: the recorded status is better than the job's `WAITING`. */
  stale: boolean;
}

/** A job as its group's file stores it. No token, ever. */
interface JobRecord {
  id: string | null;
  name: string;
  status: RunningStatus | null;
  metadata: { platform: string; url: string };
  idempotency_key?: string;
  seed?: number;
  request_data?: CreateJobRequest;
}

interface GroupFile {
  created_date: string;
  modified_date: string;
  job_group_data: JobRecord[];
}

const DIR_NAME = 'job_group';
const EXTENSION = '.json';
const DEFAULT_POLL_INTERVAL_MS = 5000;
const ACTIVE: ReadonlySet<RunningStatus> = new Set([
  RunningStatus.WAITING,
  RunningStatus.RUNNING,
  RunningStatus.CANCEL_REQUESTED,
]);

/**
 * A named, persisted group of remote jobs (Perceval's `JobGroup`), saved as `job_group/<name>.json` under the
 * user data directory ({@link userDataDir}; `BOSONIC_DATA_DIR` overrides it). Creating a group with an existing
 * name reloads it. The file records each job's id, name, last known status, platform and cloud URL, and the
 * request of jobs not yet successful; it never holds a token (reloaded jobs get theirs from
 * {@link RemoteConfig}) nor results (they are fetched again).
 *
 * Run methods send the group's jobs within the token's queue quota (`GET /api/jobs/availability`) and wait
 * for them; `launchAsyncJobs` sends what the quota allows and returns.
 *
 * @example
 * ```ts
 * const group = new JobGroup('sweep');
 * for (const phi of [0.1, 0.2]) group.add(sampler.sampleCount, 10_000);
 * await group.runParallel();
 * const results = await group.getResults();
 * ```
 */
export class JobGroup {
  readonly #name: string;
  readonly #path: string;
  readonly #options: JobGroupOptions;
  readonly #pollInterval: number;
  readonly #entries: Entry[] = [];
  /** Clients this group opened for reloaded jobs, by URL (closed by {@link close}). */
  readonly #clients = new Map<string, RpcClient>();
  readonly #links = new Map<string, RemoteJobLink>();
  #createdDate: string;

  /**
   * Opens the group `name`: reloads its file if it exists, else creates it at once.
   * @throws ValidationError (field `name`) for a name that is not a plain file name (letters, digits, `_.-`);
   *   (field `jobGroupFile`) for an unreadable file; AuthenticationError when the file has jobs and no token
   *   is configured to reach them.
   */
  constructor(name: string, options: JobGroupOptions = {}) {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) {
      throw new ValidationError(
        `A job group name must be made of letters, digits, '_', '.', '-' (got ${JSON.stringify(name)})`,
        { field: 'name' },
      );
    }
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('JobGroup options must be an object', { field: 'options' });
    }
    this.#name = name;
    this.#options = options;
    this.#pollInterval = checkInterval(options.pollIntervalMs);
    this.#path = JobGroup.filePath(name, options.env);
    const saved = readGroupFile(this.#path);
    if (saved === undefined) {
      this.#createdDate = formatDate(new Date());
      this.#write();
    } else {
      this.#createdDate = saved.created_date;
      for (const record of saved.job_group_data) this.#entries.push(this.#reload(record));
    }
  }

  /** The file of group `name`: `<user data dir>/job_group/<name>.json`. */
  static filePath(name: string, env: Environment = process.env): string {
    return join(userDataDir(env), DIR_NAME, `${name}${EXTENSION}`);
  }

  /** Names of the groups saved on this machine (Perceval's `list_locally_saved`), sorted. */
  static listLocallySaved(env: Environment = process.env): string[] {
    let files: string[];
    try {
      files = readdirSync(join(userDataDir(env), DIR_NAME));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return files
      .filter((file) => file.endsWith(EXTENSION) && !file.startsWith('.'))
      .map((file) => file.slice(0, -EXTENSION.length))
      .sort();
  }

  /** Deletes the saved group `name` (its jobs keep running on their cloud). @returns whether it existed. */
  static delete(name: string, env: Environment = process.env): boolean {
    if (typeof name !== 'string' || !JobGroup.listLocallySaved(env).includes(name)) return false;
    rmSync(JobGroup.filePath(name, env), { force: true });
    return true;
  }

  /** Deletes every saved group. @returns how many were deleted. */
  static deleteAll(env: Environment = process.env): number {
    const names = JobGroup.listLocallySaved(env);
    for (const name of names) rmSync(JobGroup.filePath(name, env), { force: true });
    return names.length;
  }

  /** The group's name. */
  get name(): string {
    return this.#name;
  }

  /** Its file. */
  get path(): string {
    return this.#path;
  }

  /** Number of jobs. */
  get size(): number {
    return this.#entries.length;
  }

  /** The jobs, in the order added (Perceval's `remote_jobs`). */
  get jobs(): readonly RemoteJob[] {
    return Object.freeze(this.#entries.map((entry) => entry.job));
  }

  /** The job at `index` (negative counts from the end). */
  at(index: number): RemoteJob | undefined {
    return this.#entries.at(index)?.job;
  }

  /**
   * Adds a remote job. A job not sent yet is prepared with `args` (its execute arguments, e.g. `maxSamples`),
   * so that it can be saved and sent later by a run method; the file is written at once.
   * @throws ValidationError (field `job`) for something other than a RemoteJob or a job already in the group;
   *   (field `args`) for arguments to a job already sent, or bad arguments.
   */
  add(job: RemoteJob, ...args: unknown[]): this {
    if (!(job instanceof RemoteJob)) {
      throw new ValidationError('A JobGroup holds RemoteJobs only', { field: 'job' });
    }
    if (
      this.#entries.some((entry) => entry.job === job || (job.id !== undefined && entry.job.id === job.id))
    ) {
      throw new ValidationError(`This job is already in the group '${this.#name}'`, { field: 'job' });
    }
    if (job.wasSent) {
      if (args.length > 0) {
        throw new ValidationError('A job already sent cannot take arguments', { field: 'args' });
      }
    } else {
      job.prepare(...args);
    }
    this.#entries.push({ job, status: job.wasSent ? job.knownStatus.status : null, stale: false });
    this.#write();
    return this;
  }

  /** Sent jobs last seen `SUCCESS`. */
  listSuccessfulJobs(): RemoteJob[] {
    return this.#select((status) => status === RunningStatus.SUCCESS);
  }

  /** Sent jobs last seen waiting or running. */
  listActiveJobs(): RemoteJob[] {
    return this.#select((status) => status === RunningStatus.WAITING || status === RunningStatus.RUNNING);
  }

  /** Sent jobs last seen `ERROR` or `CANCELED`. */
  listUnsuccessfulJobs(): RemoteJob[] {
    return this.#select((status) => status === RunningStatus.ERROR || status === RunningStatus.CANCELED);
  }

  /** Jobs not sent yet. */
  listUnsentJobs(): RemoteJob[] {
    this.#syncAll();
    return this.#entries.filter((entry) => entry.status === null).map((entry) => entry.job);
  }

  /**
   * Refreshes every sent, unfinished job and counts them (Perceval's `progress()`); the file is rewritten when
   * a status changed. Unsuccessful counts every other sent status (UNKNOWN and SUSPENDED included).
   */
  async progress(): Promise<JobGroupProgress> {
    await this.#refreshActive(this.#entries);
    let successful = 0;
    let unsuccessful = 0;
    let sent = 0;
    let notSent = 0;
    for (const { status } of this.#entries) {
      if (status === null) notSent += 1;
      else if (status === RunningStatus.SUCCESS) successful += 1;
      else if (status === RunningStatus.WAITING || status === RunningStatus.RUNNING) sent += 1;
      else unsuccessful += 1;
    }
    return {
      total: this.#entries.length,
      finished: { count: successful + unsuccessful, successful, unsuccessful },
      unfinished: { count: sent + notSent, sent, notSent },
    };
  }

  /** Sends the unsent jobs one at a time, each once the previous one finished, `delayMs` apart; waits for all. */
  runSequential(delayMs = 0, options: Omit<JobGroupRunOptions, 'concurrentJobCount'> = {}): Promise<void> {
    return this.#run({ targets: 'unsent', delayMs, sequential: true, wait: true, options });
  }

  /** Sends the unsent jobs as the cloud's quota allows (capped by `concurrentJobCount`); waits for all. */
  runParallel(options: JobGroupRunOptions = {}): Promise<void> {
    return this.#run({ targets: 'unsent', delayMs: 0, sequential: false, wait: true, options });
  }

  /** Reruns the failed jobs one at a time; waits for all. */
  rerunFailedSequential(
    delayMs = 0,
    options: Omit<JobGroupRerunOptions, 'concurrentJobCount'> = {},
  ): Promise<void> {
    return this.#run({ targets: 'failed', delayMs, sequential: true, wait: true, options });
  }

  /** Reruns the failed jobs as the quota allows; waits for all. */
  rerunFailedParallel(options: JobGroupRerunOptions = {}): Promise<void> {
    return this.#run({ targets: 'failed', delayMs: 0, sequential: false, wait: true, options });
  }

  /** Sends as many unsent jobs as the quota allows, and returns without waiting. @returns how many were sent. */
  launchAsyncJobs(concurrentJobCount?: number): Promise<number> {
    const options = concurrentJobCount === undefined ? {} : { concurrentJobCount };
    return this.#launchRound('unsent', this.#targets('unsent'), options, false, 0);
  }

  /** Reruns as many failed jobs as the quota allows, and returns without waiting. @returns how many. */
  relaunchAsyncFailedJobs(options: JobGroupRerunOptions = {}): Promise<number> {
    return this.#launchRound('failed', this.#targets('failed'), options, false, 0);
  }

  /** Cancels every sent, unfinished job (refusals are ignored, as Perceval does) and saves the group. */
  async cancelAll(): Promise<void> {
    await Promise.all(
      this.#entries
        .filter((entry) => entry.status !== null && ACTIVE.has(entry.status))
        .map(async (entry) => {
          try {
            await entry.job.cancel();
          } catch {
            // A job that finished meanwhile cannot be canceled: nothing to do.
          }
          this.#sync(entry);
        }),
    );
    this.#write();
  }

  /**
   * The results of every job, aligned with {@link jobs}: fetched for completed jobs (results are never stored on
   * disk), `undefined` for jobs not sent, not finished or without results.
   */
  async getResults(): Promise<(SamplerResults | undefined)[]> {
    await this.#refreshActive(this.#entries, true);
    return this.#entries.map(({ job }) => {
      if (!job.knownStatus.maybeCompleted) return undefined;
      try {
        return job.getResults();
      } catch {
        return undefined;
      }
    });
  }

  /** Closes the clients this group opened for reloaded jobs (not those of the processors jobs came from). */
  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => client.close()));
  }

  // ---- internals ----

  #select(test: (status: RunningStatus) => boolean): RemoteJob[] {
    this.#syncAll();
    return this.#entries
      .filter((entry) => entry.status !== null && test(entry.status))
      .map((entry) => entry.job);
  }

  /** Takes the job's own status once it knows better than the group (see {@link Entry.stale}). */
  #sync(entry: Entry): boolean {
    const before = entry.status;
    const known = entry.job.knownStatus;
    if (!entry.job.wasSent) entry.status = known.completed ? known.status : null;
    else if (!(entry.stale && known.waiting)) {
      entry.stale = false;
      entry.status = known.status;
    }
    return before !== entry.status;
  }

  /** Brings every entry up to what its job knows (jobs waited for directly move on without the group). */
  #syncAll(): void {
    let changed = false;
    for (const entry of this.#entries) if (this.#sync(entry)) changed = true;
    if (changed) this.#write();
  }

  /**
   * Refreshes the sent jobs whose last known status is not final (and, with `all`, the reloaded completed ones
   * whose results this process does not hold yet).
   */
  async #refreshActive(entries: readonly Entry[], all = false): Promise<void> {
    let changed = false;
    await Promise.all(
      entries.map(async (entry) => {
        const job = entry.job;
        if (this.#sync(entry)) changed = true;
        if (!job.wasSent || job.knownStatus.completed) return;
        const final =
          entry.status === RunningStatus.SUCCESS ||
          entry.status === RunningStatus.ERROR ||
          entry.status === RunningStatus.CANCELED;
        if (final && !all) return;
        await job.refresh();
        entry.stale = false;
        if (this.#sync(entry)) changed = true;
      }),
    );
    if (changed) this.#write();
  }

  async #run(plan: {
    targets: 'unsent' | 'failed';
    delayMs: number;
    sequential: boolean;
    wait: boolean;
    options: JobGroupRerunOptions;
  }): Promise<void> {
    const { options } = plan;
    // The jobs to send are chosen once: a rerun that fails again is not rerun by the same call.
    const pending = this.#targets(plan.targets);
    const launched: Entry[] = [];
    for (;;) {
      options.signal?.throwIfAborted();
      const busy = plan.sequential && launched.some((entry) => !entry.job.knownStatus.completed);
      if (!busy && pending.length > 0) {
        const capped = plan.sequential ? { ...options, concurrentJobCount: 1 } : options;
        await this.#launchRound(plan.targets, pending, capped, plan.sequential, plan.delayMs, launched);
      }
      const active = launched.filter((entry) => !entry.job.knownStatus.completed);
      if (pending.length === 0 && active.length === 0) return;
      await sleep(this.#pollInterval, options.signal ? { signal: options.signal } : {});
      await this.#refreshActive(active);
    }
  }

  #targets(kind: 'unsent' | 'failed'): Entry[] {
    return this.#entries.filter((entry) =>
      kind === 'unsent'
        ? entry.status === null
        : entry.status === RunningStatus.ERROR || entry.status === RunningStatus.CANCELED,
    );
  }

  /**
   * Sends what the quota allows from `pending` (removing what it sends); returns how many jobs were sent.
   * A launch failure is saved in the file, then raised.
   */
  async #launchRound(
    kind: 'unsent' | 'failed',
    pending: Entry[],
    options: JobGroupRerunOptions,
    sequential: boolean,
    delayMs: number,
    launched: Entry[] = [],
  ): Promise<number> {
    if (pending.length === 0) return 0;
    const slots = await this.#slots(pending, options.concurrentJobCount);
    let count = 0;
    for (const entry of [...pending]) {
      const account = entry.job.link.rpc.account;
      const free = slots.get(account) ?? 0;
      if (free <= 0) continue;
      if (count > 0 && delayMs > 0) await sleep(delayMs, options.signal ? { signal: options.signal } : {});
      options.signal?.throwIfAborted();
      slots.set(account, free - 1);
      pending.splice(pending.indexOf(entry), 1);
      try {
        if (kind === 'unsent') {
          entry.job.setJobGroupName(this.#name);
          await entry.job.executeAsync();
          launched.push(entry);
        } else {
          const copy = await entry.job.rerun();
          if (options.replaceFailedJobs ?? true) {
            entry.job = copy;
            launched.push(entry);
          } else {
            const added: Entry = { job: copy, status: null, stale: false };
            this.#entries.push(added);
            this.#sync(added);
            launched.push(added);
          }
        }
      } finally {
        this.#sync(entry);
        this.#write();
      }
      count += 1;
      if (sequential) break;
    }
    return count;
  }

  /**
   * Free queue slots per account ({@link RpcClient.account}: jobs of several processors on one cloud with one
   * token share its quota): the cloud's availability, capped by `concurrentJobCount`.
   */
  async #slots(
    targets: readonly Entry[],
    concurrentJobCount: number | undefined,
  ): Promise<Map<string, number>> {
    optionalPositiveInteger(concurrentJobCount, 'concurrentJobCount');
    const clients = new Map<string, RpcClient>();
    for (const entry of targets) {
      const rpc = entry.job.link.rpc;
      if (!clients.has(rpc.account)) clients.set(rpc.account, rpc);
    }
    const slots = new Map<string, number>();
    for (const [account, rpc] of clients) {
      let free: number;
      try {
        const availability = await rpc.getAvailability();
        free = availability.max_jobs_in_queue - availability.num_jobs_in_queue;
        if (concurrentJobCount !== undefined) free = Math.min(free, concurrentJobCount);
      } catch (error) {
        if (!(error instanceof HttpError) || concurrentJobCount === undefined) {
          if (error instanceof HttpError) {
            throw new ValidationError(
              'Unable to determine the number of concurrent jobs from the cloud; set concurrentJobCount',
              { field: 'concurrentJobCount', cause: error },
            );
          }
          throw error;
        }
        free = concurrentJobCount;
      }
      slots.set(account, Math.max(0, free));
    }
    return slots;
  }

  #reload(record: JobRecord): Entry {
    const link = this.#linkFor(record.metadata.url, record.metadata.platform);
    const job = new RemoteJob({
      link,
      name: record.name,
      ...(record.id === null ? {} : { id: record.id }),
      ...(record.request_data === undefined ? {} : { request: record.request_data }),
      ...(record.idempotency_key === undefined ? {} : { idempotencyKey: record.idempotency_key }),
      ...(record.seed === undefined ? {} : { seed: record.seed }),
    });
    return { job, status: record.id === null ? null : record.status, stale: record.id !== null };
  }

  #linkFor(url: string, platform: string): RemoteJobLink {
    const key = `${url}\n${platform}`;
    const known = this.#links.get(key);
    if (known !== undefined) return known;
    let rpc = this.#clients.get(url);
    if (rpc === undefined) {
      const connection = this.#options.connection ?? {};
      const config = new RemoteConfig({
        url,
        ...(connection.token === undefined ? {} : { token: connection.token }),
        ...(connection.proxy === undefined ? {} : { proxy: connection.proxy }),
        ...(this.#options.env === undefined ? {} : { env: this.#options.env }),
      });
      rpc = new RpcClient({
        url,
        token: config.token as string,
        ...(config.proxy === undefined ? {} : { proxy: config.proxy }),
        ...(connection.dispatcher === undefined ? {} : { dispatcher: connection.dispatcher }),
        ...(connection.timeoutMs === undefined ? {} : { timeoutMs: connection.timeoutMs }),
        ...(connection.retry === undefined ? {} : { retry: connection.retry }),
      });
      this.#clients.set(url, rpc);
    }
    const refreshIntervalMs = this.#options.connection?.refreshIntervalMs;
    const link: RemoteJobLink = {
      rpc,
      platform,
      ...(refreshIntervalMs === undefined ? {} : { refreshIntervalMs }),
    };
    this.#links.set(key, link);
    return link;
  }

  #record(entry: Entry): JobRecord {
    const { job, status } = entry;
    const record: JobRecord = {
      id: job.id ?? null,
      name: job.name,
      status: job.wasSent ? status : null,
      metadata: { platform: job.platform, url: job.link.rpc.url },
    };
    if (status !== RunningStatus.SUCCESS) {
      record.idempotency_key = job.idempotencyKey;
      if (job.seed !== undefined) record.seed = job.seed;
      if (job.request !== undefined) record.request_data = job.request;
    }
    return record;
  }

  #write(): void {
    const document: GroupFile = {
      created_date: this.#createdDate,
      modified_date: formatDate(new Date()),
      job_group_data: this.#entries.map((entry) => this.#record(entry)),
    };
    writeAtomically(this.#path, `${JSON.stringify(document, null, 2)}\n`);
  }
}

function readGroupFile(path: string): GroupFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ValidationError(`Cannot read the job group file ${path}: ${(error as Error).message}`, {
      field: 'jobGroupFile',
      cause: error,
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`The job group file ${path} is not valid JSON`, {
      field: 'jobGroupFile',
      cause: error,
    });
  }
  const bad = (problem: string): ValidationError =>
    new ValidationError(`The job group file ${path} is malformed: ${problem}`, { field: 'jobGroupFile' });
  if (document === null || typeof document !== 'object') throw bad('not an object');
  const { created_date, job_group_data } = document as Partial<GroupFile>;
  if (!Array.isArray(job_group_data)) throw bad('job_group_data must be an array');
  job_group_data.forEach((record, index) => {
    const where = `job_group_data[${index}]`;
    if (record === null || typeof record !== 'object') throw bad(`${where} is not an object`);
    if (record.id !== null && (typeof record.id !== 'string' || record.id === '')) throw bad(`${where}.id`);
    if (typeof record.name !== 'string') throw bad(`${where}.name`);
    if (record.status !== null && !isRunningStatus(record.status)) throw bad(`${where}.status`);
    const metadata = record.metadata;
    if (metadata === null || typeof metadata !== 'object' || typeof metadata.url !== 'string') {
      throw bad(`${where}.metadata.url`);
    }
    if (typeof metadata.platform !== 'string') throw bad(`${where}.metadata.platform`);
    if (record.id === null && record.request_data === undefined) throw bad(`${where} has no request_data`);
  });
  return {
    created_date: typeof created_date === 'string' ? created_date : formatDate(new Date()),
    modified_date: (document as GroupFile).modified_date,
    job_group_data,
  };
}

/** Perceval's `%Y%m%d_%H%M%S`, local time. */
function formatDate(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}_` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

function checkInterval(value: unknown): number {
  if (value === undefined) return DEFAULT_POLL_INTERVAL_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(`pollIntervalMs must be a number of milliseconds >= 0 (got ${String(value)})`, {
      field: 'pollIntervalMs',
    });
  }
  return value;
}
