import { RunningStatus, type SamplerResults, ValidationError } from '@bosonic/core';
import { checkMilliseconds } from '@bosonic/core/internal';
import type { Environment } from '../config/user-dirs.js';
import { RemoteJob } from '../remote-job.js';
import { ACTIVE_STATUSES, isFailed, type JobGroupEntry, syncEntry } from './job-group-entry.js';
import {
  checkJobGroupName,
  deleteJobGroupFile,
  entryOfRecord,
  formatDate,
  jobGroupFilePath,
  jobRecordOf,
  listJobGroupNames,
  readJobGroupFile,
  writeJobGroupFile,
} from './job-group-file.js';
import { type JobGroupConnectionOptions, ReloadedJobLinks } from './job-group-links.js';
import {
  type JobGroupRerunOptions,
  type JobGroupRunOptions,
  JobGroupScheduler,
} from './job-group-scheduler.js';

export type { JobGroupConnectionOptions } from './job-group-links.js';
export type { JobGroupRerunOptions, JobGroupRunOptions } from './job-group-scheduler.js';

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

/** Perceval's `JobGroup.progress()` in camelCase. */
export interface JobGroupProgress {
  /** Number of jobs in the group. */
  total: number;
  /** Jobs that ended: successful ones, and the others (errors, cancellations, unknown and suspended ones). */
  finished: { count: number; successful: number; unsuccessful: number };
  /** Jobs still to end: sent and waiting or running, or not sent yet. */
  unfinished: { count: number; sent: number; notSent: number };
}

const DEFAULT_POLL_INTERVAL_MS = 5000;

/**
 * A named, persisted group of remote jobs (Perceval's `JobGroup`), saved as `job_group/<name>.json` under the
 * user data directory (`BOSONIC_DATA_DIR` overrides it). Creating a group with an existing
 * name reloads it. The file records each job's id, name, last known status, platform and cloud URL, and the
 * request of jobs not yet successful; it never holds a token (reloaded jobs get theirs from
 * `RemoteConfig`) nor results (they are fetched again).
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
  readonly #entries: JobGroupEntry[] = [];
  /** Clients this group opened for reloaded jobs (closed by {@link close}). */
  readonly #links: ReloadedJobLinks;
  readonly #scheduler: JobGroupScheduler;
  #createdDate: string;

  /**
   * Opens the group `name`: reloads its file if it exists, else creates it at once.
   * @throws ValidationError (field `name`) for a name that is not a plain file name (letters, digits, `_.-`);
   *   (field `jobGroupFile`) for an unreadable file; AuthenticationError when the file has jobs and no token
   *   is configured to reach them.
   */
  constructor(name: string, options: JobGroupOptions = {}) {
    this.#name = checkJobGroupName(name);
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('JobGroup options must be an object', { field: 'options' });
    }
    const pollIntervalMs =
      options.pollIntervalMs === undefined
        ? DEFAULT_POLL_INTERVAL_MS
        : checkMilliseconds(options.pollIntervalMs, 'pollIntervalMs');
    this.#path = JobGroup.filePath(name, options.env);
    this.#links = new ReloadedJobLinks(options.connection, options.env);
    const save = (): void => this.#write();
    this.#scheduler = new JobGroupScheduler({ name, entries: this.#entries, save }, pollIntervalMs);
    const saved = readJobGroupFile(this.#path);
    if (saved === undefined) {
      this.#createdDate = formatDate(new Date());
      this.#write();
    } else {
      this.#createdDate = saved.created_date;
      for (const record of saved.job_group_data) {
        this.#entries.push(
          entryOfRecord(record, this.#links.linkFor(record.metadata.url, record.metadata.platform)),
        );
      }
    }
  }

  /** The file of group `name`: `<user data dir>/job_group/<name>.json`. */
  static filePath(name: string, env: Environment = process.env): string {
    return jobGroupFilePath(name, env);
  }

  /** Names of the groups saved on this machine (Perceval's `list_locally_saved`), sorted. */
  static listLocallySaved(env: Environment = process.env): string[] {
    return listJobGroupNames(env);
  }

  /** Deletes the saved group `name` (its jobs keep running on their cloud). @returns whether it existed. */
  static delete(name: string, env: Environment = process.env): boolean {
    return deleteJobGroupFile(name, env);
  }

  /** Deletes every saved group. @returns how many were deleted. */
  static deleteAll(env: Environment = process.env): number {
    const names = listJobGroupNames(env);
    for (const name of names) deleteJobGroupFile(name, env);
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
    return this.#select(isFailed);
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
    await this.#scheduler.refresh(this.#entries);
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
    return this.#scheduler.run({ targets: 'unsent', delayMs, sequential: true, options });
  }

  /** Sends the unsent jobs as the cloud's quota allows (capped by `concurrentJobCount`); waits for all. */
  runParallel(options: JobGroupRunOptions = {}): Promise<void> {
    return this.#scheduler.run({ targets: 'unsent', delayMs: 0, sequential: false, options });
  }

  /** Reruns the failed jobs one at a time; waits for all. */
  rerunFailedSequential(
    delayMs = 0,
    options: Omit<JobGroupRerunOptions, 'concurrentJobCount'> = {},
  ): Promise<void> {
    return this.#scheduler.run({ targets: 'failed', delayMs, sequential: true, options });
  }

  /** Reruns the failed jobs as the quota allows; waits for all. */
  rerunFailedParallel(options: JobGroupRerunOptions = {}): Promise<void> {
    return this.#scheduler.run({ targets: 'failed', delayMs: 0, sequential: false, options });
  }

  /** Sends as many unsent jobs as the quota allows, and returns without waiting. @returns how many were sent. */
  launchAsyncJobs(concurrentJobCount?: number): Promise<number> {
    const options = concurrentJobCount === undefined ? {} : { concurrentJobCount };
    return this.#scheduler.launch('unsent', options);
  }

  /** Reruns as many failed jobs as the quota allows, and returns without waiting. @returns how many. */
  relaunchAsyncFailedJobs(options: JobGroupRerunOptions = {}): Promise<number> {
    return this.#scheduler.launch('failed', options);
  }

  /** Cancels every sent, unfinished job (refusals are ignored, as Perceval does) and saves the group. */
  async cancelAll(): Promise<void> {
    await Promise.all(
      this.#entries
        .filter((entry) => entry.status !== null && ACTIVE_STATUSES.has(entry.status))
        .map(async (entry) => {
          try {
            await entry.job.cancel();
          } catch {
            // A job that finished meanwhile cannot be canceled: nothing to do.
          }
          syncEntry(entry);
        }),
    );
    this.#write();
  }

  /**
   * The results of every job, aligned with {@link jobs}: fetched for completed jobs (results are never stored on
   * disk), `undefined` for jobs not sent, not finished or without results.
   */
  async getResults(): Promise<(SamplerResults | undefined)[]> {
    await this.#scheduler.refresh(this.#entries, true);
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
    await this.#links.close();
  }

  // ---- internals ----

  #select(test: (status: RunningStatus) => boolean): RemoteJob[] {
    this.#syncAll();
    return this.#entries
      .filter((entry) => entry.status !== null && test(entry.status))
      .map((entry) => entry.job);
  }

  /** Brings every entry up to what its job knows (jobs waited for directly move on without the group). */
  #syncAll(): void {
    let changed = false;
    for (const entry of this.#entries) if (syncEntry(entry)) changed = true;
    if (changed) this.#write();
  }

  #write(): void {
    writeJobGroupFile(
      this.#path,
      this.#createdDate,
      this.#entries.map((entry) => jobRecordOf(entry)),
    );
  }
}
