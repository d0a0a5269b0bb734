import { JobError, ValidationError } from '../errors/index.js';
import type { SamplerResults } from '../model/sampler-results.js';
import { Job, type JobOptions } from './job.js';
import { later } from './later.js';
import { stopMessageOf } from './stop-message.js';

/** What a {@link LocalTask} receives besides its arguments: how it runs, and its line back to the job. */
export interface TaskContext {
  /**
   * `'sync'` under `executeSync` (compute on this thread and return a value: a returned promise fails the job),
   * `'async'` under `executeAsync` (may return a promise; long work belongs off the event loop).
   */
  readonly mode: 'sync' | 'async';
  /**
   * Reports progress in [0,1] with an optional message. Values are clamped and never move the job's progress
   * backwards; listeners are called synchronously from inside this call. Ignored once the job is completed.
   * @throws ValidationError (field `progress`) if `progress` is not a number.
   */
  progress(progress: number, message?: string): void;
  /** True once `cancel()` was called: stop soon and return the partial results (or nothing). */
  readonly cancelRequested: boolean;
  /** Aborts when `cancel()` is called, for APIs that take a signal. */
  readonly signal: AbortSignal;
}

/**
 * The work of a {@link LocalJob}: `args` are the positional arguments given to `executeSync`, `executeAsync` or
 * the call. Returning (or resolving) a value completes the job with it; throwing (or rejecting) fails it.
 */
export type LocalTask<R> = (args: unknown[], ctx: TaskContext) => R | Promise<R>;

/** Options of a {@link LocalJob}. */
export type LocalJobOptions = JobOptions;

const CANCELED_BY_USER = 'The job was canceled by the user';
const CANCELED_BEFORE_START = 'The job was canceled before it started';
const ASYNC_TASK_IN_SYNC_MODE =
  'LocalJob.executeSync: the task returned a promise, so it only runs asynchronously; use executeAsync() and wait()';

/**
 * A job that runs a task in this process (the simulator's `Processor` wraps its native computations in one).
 *
 * - `executeSync(...args)` runs `task(args, ctx)` on the calling thread and returns its results.
 * - `executeAsync(...args)` marks the job `RUNNING`, returns at once, and starts the task on a later turn of the
 *   event loop; the promise resolves with the job once the task is started (or already finished, for a task
 *   that returns a plain value). A task that throws before returning is a launch failure: the job ends `ERROR`
 *   and the promise rejects with a `JobError` (no unhandled rejection if nobody listens).
 * - A task that throws ends the job `ERROR` with stop message `"<ErrorName>: <message>"`.
 * - `cancel()` before the task starts ends the job `CANCELED` at once. While it runs, the job goes
 *   `CANCEL_REQUESTED`, `ctx.cancelRequested` becomes true and `ctx.signal` aborts; cancellation is cooperative.
 *   When the task then returns a value, the job ends `CANCELED` with it as partial results; when it returns
 *   nothing (`undefined`/`null`) or throws, it ends `CANCELED` with nothing and `getResults()` throws
 *   `JobCanceledError`.
 *
 * Liveness: a running asynchronous task keeps the process alive through whatever it waits on (a native thread's
 * thread-safe callback, a timer, a socket), as a worker thread would; a promise that waits on nothing does not,
 * and then neither does the job.
 *
 * @example
 * const job = new LocalJob((args, ctx) => { ctx.progress(0.5, 'half way'); return { results: 42 }; });
 * job(1, 2); // { results: 42 }
 */
export class LocalJob<R = SamplerResults> extends Job<R> {
  readonly #task: LocalTask<R>;
  readonly #abort = new AbortController();
  #taskStarted = false;
  #cancelRequested = false;

  /** @throws ValidationError (field `task`) if `task` is not a function, or as {@link Job} for bad options. */
  constructor(task: LocalTask<R>, options: LocalJobOptions = {}) {
    if (typeof task !== 'function') {
      throw new ValidationError('A LocalJob needs a task function (args, ctx) => results', { field: 'task' });
    }
    super(options);
    this.#task = task;
  }

  /**
   * Runs the task on this thread with `args` and returns its results once it is done (see {@link Job.executeSync}).
   * A task that returns a promise cannot finish here: the job ends `ERROR` (its signal aborts so the work stops)
   * and this throws a `JobError` saying to use `executeAsync`.
   */
  executeSync(...args: unknown[]): R {
    this.beginExecution();
    this.rawStatus.startRun();
    this.#taskStarted = true;
    let value: R | Promise<R>;
    try {
      value = this.#task(args, this.#context('sync'));
    } catch (error) {
      this.#settleThrown(error);
      return this.getResults();
    }
    if (isThenable(value)) {
      // The promise's outcome no longer matters; swallow it so a later rejection is not unhandled.
      Promise.resolve(value).then(ignore, ignore);
      this.settleError(ASYNC_TASK_IN_SYNC_MODE);
      this.#requestStop();
      return this.getResults();
    }
    this.#settleReturned(value);
    return this.getResults();
  }

  /** Starts the task with `args` on a later turn of the event loop (see {@link Job.executeAsync}). */
  executeAsync(...args: unknown[]): Promise<this> {
    this.beginExecution();
    this.rawStatus.startRun();
    const launched = new Promise<this>((resolve, reject) => {
      later(() => this.#launch(args, resolve, reject));
    });
    // Marks the rejection as handled for callers that ignore the promise; those who await it still see it.
    launched.catch(ignore);
    return launched;
  }

  /** See {@link Job.cancel}. Never rejects. */
  cancel(): Promise<void> {
    if (this.rawStatus.completed || this.#cancelRequested) return Promise.resolve();
    if (!this.#taskStarted) {
      this.settleCanceled({ message: CANCELED_BEFORE_START });
      return Promise.resolve();
    }
    this.markCancelRequested();
    this.#requestStop();
    return Promise.resolve();
  }

  #launch(args: unknown[], resolve: (job: this) => void, reject: (error: unknown) => void): void {
    // Canceled between executeAsync and now: the task never runs.
    if (this.rawStatus.completed) {
      resolve(this);
      return;
    }
    this.#taskStarted = true;
    let value: R | Promise<R>;
    try {
      value = this.#task(args, this.#context('async'));
    } catch (error) {
      this.#settleThrown(error);
      if (this.rawStatus.canceled) resolve(this);
      else reject(new JobError(this.rawStatus.stopMessage ?? stopMessageOf(error), { cause: error }));
      return;
    }
    if (isThenable(value)) {
      resolve(this);
      Promise.resolve(value).then(
        (result) => this.#settleReturned(result),
        (error: unknown) => this.#settleThrown(error),
      );
      return;
    }
    this.#settleReturned(value);
    resolve(this);
  }

  #settleReturned(value: R): void {
    if (this.#cancelRequested) this.settleCanceled({ results: value, message: CANCELED_BY_USER });
    else this.settleSuccess(value);
  }

  #settleThrown(error: unknown): void {
    if (this.#cancelRequested) this.settleCanceled({ message: CANCELED_BY_USER, cause: error });
    else this.settleError(stopMessageOf(error), error);
  }

  /** Tells the task to stop: `ctx.cancelRequested` turns true and `ctx.signal` aborts (its listeners run now). */
  #requestStop(): void {
    this.#cancelRequested = true;
    this.#abort.abort();
  }

  #context(mode: 'sync' | 'async'): TaskContext {
    const isCancelRequested = (): boolean => this.#cancelRequested;
    return Object.freeze({
      mode,
      progress: (progress: number, message?: string): void => this.reportProgress(progress, message),
      get cancelRequested(): boolean {
        return isCancelRequested();
      },
      signal: this.#abort.signal,
    });
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    // A result whose `then` getter throws is a value, not a promise; the job must not be left running.
    return false;
  }
}

function ignore(): void {}
