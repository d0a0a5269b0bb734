import {
  JobAlreadyExecutedError,
  JobCanceledError,
  JobError,
  JobNotCompleteError,
  JobTimeoutError,
  ValidationError,
} from '../errors/index.js';
import type { SamplerResults } from '../model/sampler-results.js';
import { CallableInstance } from './callable-instance.js';
import { JobStatus, type JobStatusUpdate } from './job-status.js';
import { RunningStatus } from './running-status.js';
import { stopMessageOf } from './stop-message.js';

/**
 * Receives every progress update of a job: `progress` in [0,1] (never decreasing), and `message`, what the job
 * says it is doing (a phase, `iteration 2/5`…) when it says anything: `undefined` otherwise (the final update of a
 * local job, for one), so print `message ?? ''`.
 */
export type ProgressListener = (progress: number, message?: string) => void;

/** Options of {@link Job.wait}. */
export interface WaitOptions {
  /** Give up after this many milliseconds with a `JobTimeoutError` (the job keeps running). Default: no limit. */
  timeoutMs?: number;
  /** Give up when this signal aborts, rejecting with its reason (the job keeps running). */
  signal?: AbortSignal;
}

/** Options every job accepts. */
export interface JobOptions {
  /** The job's name (default `'Job'`); see {@link Job.name}. */
  name?: string;
}

/** What a completed job holds: results (possibly partial), or nothing. */
type Held<R> = { readonly some: true; readonly value: R } | { readonly some: false };

const NOTHING: Held<never> = Object.freeze({ some: false });

interface ListenerEntry {
  readonly listener: ProgressListener;
  /** A listener that keeps throwing is reported once, not on every update. */
  warned: boolean;
}

/** `setTimeout` fires at once for delays above this (2^31 − 1 ms); longer waits are armed in steps. */
const MAX_TIMER_MS = 2_147_483_647;

/** The call signature of a job; merged into the class below, whose constructor returns a function. */
export interface Job<R = SamplerResults> {
  /** Calling a job runs it: `job(...args)` is `job.executeSync(...args)`. */
  // biome-ignore lint/style/useShorthandFunctionType: only an interface can merge a call signature into a class
  (...args: unknown[]): R;
}

/**
 * A unit of work that produces `R` (sampler results by default), run where its implementation decides
 * (`LocalJob`: this machine; `RemoteJob`: a cloud) and waited for as the caller prefers: {@link executeSync}
 * blocks, {@link executeAsync} starts it and returns, after which the caller watches {@link status},
 * subscribes with {@link onProgress}, {@link cancel}s, {@link wait}s, or reads {@link getResults}.
 *
 * Instances are callable: `job(...args)` is `job.executeSync(...args)`.
 *
 * This base class holds the rules every implementation shares: what {@link getResults} returns or throws in each
 * status, the fan-out to progress listeners, waiters, the single-execution guard and the job's name.
 * Implementations drive it through the protected hooks ({@link beginExecution}, {@link reportProgress},
 * {@link applyRemoteStatus}, {@link markCancelRequested}, {@link settleSuccess}, {@link settleError},
 * {@link settleCanceled}) and never by mutating the status behind its back, so that listeners and waiters
 * hear of every change.
 *
 * Implementing a job (how `LocalJob` does it, and the shape a remote job follows):
 * - `executeAsync(...args)`: call {@link beginExecution} first (it throws on a second execution), then launch.
 *   On a launch failure call `settleError(message, error)` and reject; attach a no-op `catch` to the returned
 *   promise before returning it, so that a caller who ignores it gets no unhandled rejection.
 * - While the job runs: {@link reportProgress} for progress you compute, or {@link applyRemoteStatus} to
 *   mirror a server's `waiting`/`running`/`cancel_requested`/`suspended`/`unknown` answer.
 * - Completion: fetch the results first, then {@link settleSuccess}; `settleError(stopMessage)` for a failure;
 *   `settleCanceled({ results })` with the partial results (or none) for a cancellation. The first settle wins.
 * - `cancel()`: a completed job is a no-op; otherwise, once the request is accepted, {@link markCancelRequested}
 *   (or a settle, if the job never started).
 * - A remote job may override the `status` getter (to start a refresh) and `wait` (to poll while someone waits,
 *   then `return super.wait(options)`); the base reads {@link rawStatus}, never the overridden getter, when it
 *   must not cause side effects.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merged interface only adds the call signature, which CallableInstance implements
export abstract class Job<R = SamplerResults> extends CallableInstance<unknown[], R> {
  #name = 'Job';
  readonly #status = new JobStatus();
  #executionBegun = false;
  #held: Held<R> = NOTHING;
  /** What made the job fail or stop (the task's error), kept as the `cause` of the error `getResults` throws. */
  #stopCause: unknown;
  readonly #listeners = new Set<ListenerEntry>();
  readonly #waiters = new Set<() => void>();

  /**
   * @throws ValidationError (field `options` or `name`) for options that are not an object or a name that is
   *   not a string.
   */
  protected constructor(options: JobOptions = {}) {
    super();
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('Job options must be an object', { field: 'options' });
    }
    if (options.name !== undefined) this.name = options.name;
  }

  /**
   * The job's name (Perceval's `Job.name`): `'Job'` by default; an empty string becomes `'unnamed'`.
   * Remote jobs send it as the cloud job name.
   * @throws ValidationError (field `name`) when set to something other than a string.
   */
  get name(): string {
    return this.#name;
  }

  set name(value: string) {
    if (typeof value !== 'string') {
      throw new ValidationError(`A job name must be a string, got ${typeof value}`, { field: 'name' });
    }
    this.#name = value === '' ? 'unnamed' : value;
  }

  /**
   * The job's status. Implementations may override this getter (a remote job starts a refresh there) but must
   * return the same object as {@link rawStatus}.
   */
  get status(): JobStatus {
    return this.#status;
  }

  /** `status.completed`: `SUCCESS`, `ERROR` or `CANCELED`. */
  get isComplete(): boolean {
    return this.status.completed;
  }

  /** `status.failed`: `ERROR` or `CANCELED`. */
  get isFailed(): boolean {
    return this.status.failed;
  }

  /** `status.success`. */
  get isSuccess(): boolean {
    return this.status.success;
  }

  /** `status.waiting`: not started. */
  get isWaiting(): boolean {
    return this.status.waiting;
  }

  /** `status.running`: `RUNNING` or `CANCEL_REQUESTED`. */
  get isRunning(): boolean {
    return this.status.running;
  }

  /**
   * Runs the job with these arguments and blocks the thread until it completes.
   * @returns the results (partial ones if it was canceled while running).
   * @throws JobError when the job ends `ERROR` (message = stop message), JobCanceledError when it was canceled
   *   with nothing to return, JobAlreadyExecutedError when the job was already executed.
   */
  abstract executeSync(...args: unknown[]): R;

  /**
   * Starts the job with these arguments without blocking. The promise resolves with the job itself once it is
   * launched. If the launch fails, the job ends `ERROR` with a stop message and the promise rejects with a
   * `JobError`; a caller that ignores the promise gets no unhandled rejection (the failure stays in `status`).
   * @throws JobAlreadyExecutedError synchronously (not as a rejection) when the job was already executed: it is
   *   a programming error, and the running job must not look failed.
   */
  abstract executeAsync(...args: unknown[]): Promise<this>;

  /**
   * Asks the job to stop. Before the job starts it ends `CANCELED` at once; while it runs it goes
   * `CANCEL_REQUESTED`, then `CANCELED` when the work stops (with partial results if any); on a completed job
   * this does nothing. Resolves once the request is accepted, not when the job has stopped.
   */
  abstract cancel(): Promise<void>;

  /**
   * The results of a completed job, synchronously.
   * - `SUCCESS`: the results.
   * - `ERROR`: throws `JobError` whose message is the stop message and whose `cause` is the original error.
   * - `CANCELED`: the partial results, or `JobCanceledError` when there are none.
   * - `UNKNOWN`: whatever results are held, else `JobError`.
   * - otherwise (not complete): throws `JobNotCompleteError`.
   */
  getResults(): R {
    return this.#resultsIn(this.status);
  }

  /**
   * Resolves with the results once the job completes, or rejects as {@link getResults} would (`JobError`,
   * `JobCanceledError`). Waiting never stops the job: after a `JobTimeoutError` (when `timeoutMs` elapses) or an
   * aborted `signal` (rejecting with the signal's reason, an `AbortError` `DOMException` by default) the job
   * keeps running. A timer is held only until the timeout, and released as soon as the job completes; waiting
   * without a timeout holds nothing that keeps the process alive by itself.
   * Invalid options reject with `ValidationError` (field `timeoutMs` or `signal`). Waiting on a job that nobody
   * executes never settles (pass `timeoutMs` if that can happen).
   */
  wait(options: WaitOptions = {}): Promise<R> {
    let timeoutMs: number | undefined;
    let signal: AbortSignal | undefined;
    try {
      ({ timeoutMs, signal } = checkWaitOptions(options));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<R>((resolve, reject) => {
      const finish = (): void => {
        try {
          resolve(this.#resultsIn(this.#status));
        } catch (error) {
          reject(error);
        }
      };
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      if (this.#status.completed) {
        finish();
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stopWaiting = (): void => {
        this.#waiters.delete(onSettled);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onSettled = (): void => {
        stopWaiting();
        finish();
      };
      const onAbort = (): void => {
        stopWaiting();
        reject(signal?.reason);
      };
      this.#waiters.add(onSettled);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined && timeoutMs !== Number.POSITIVE_INFINITY) {
        const limit = timeoutMs;
        let remaining = limit;
        const arm = (): void => {
          if (remaining <= 0) {
            stopWaiting();
            reject(
              new JobTimeoutError(
                `The job did not complete within ${limit} ms (status ${this.#status.status}); it keeps running`,
                { timeoutMs: limit },
              ),
            );
            return;
          }
          const step = Math.min(remaining, MAX_TIMER_MS);
          remaining -= step;
          timer = setTimeout(arm, step);
        };
        arm();
      }
    });
  }

  /**
   * Calls `listener(progress, message)` on every progress update, synchronously and on the thread that reports
   * it (also during a local `executeSync`). Returns a function that unsubscribes it.
   *
   * A listener that throws does not disturb the job: the error is reported once per subscription as a process
   * warning (`process.emitWarning`, type `'BosonicWarning'`, code `'BOSONIC_PROGRESS_LISTENER'`; `console.warn`
   * where there is no `process`), and the listener keeps being called.
   * @throws ValidationError (field `listener`) if `listener` is not a function.
   */
  onProgress(listener: ProgressListener): () => void {
    if (typeof listener !== 'function') {
      throw new ValidationError('A progress listener must be a function', { field: 'listener' });
    }
    const entry: ListenerEntry = { listener, warned: false };
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /**
   * E.g. `LocalJob 'sample_count' [RUNNING 42%]`; a job stopped before the end shows the progress it reached
   * (`[CANCELED 14%]`).
   */
  override toString(): string {
    const status = this.#status;
    const percent = status.running || status.failed ? ` ${Math.floor(status.progress * 100)}%` : '';
    return `${this.constructor.name} '${this.#name}' [${status.status}${percent}]`;
  }

  protected override invoke(...args: unknown[]): R {
    return this.executeSync(...args);
  }

  // ---- hooks for implementations (LocalJob here, RemoteJob in @bosonic/cloud) ----

  /** The status object, without the side effects an overridden {@link status} getter may have (e.g. a refresh). */
  protected get rawStatus(): JobStatus {
    return this.#status;
  }

  /** Whether {@link beginExecution} has been called (the job was executed, even if its launch failed). */
  protected get executionBegun(): boolean {
    return this.#executionBegun;
  }

  /**
   * Claims the job's single execution. Call it first in `executeSync` / `executeAsync`, before any other effect.
   * @throws JobAlreadyExecutedError if the job was already executed, or is no longer `WAITING` (e.g. canceled
   *   before it started, or resumed from a remote id).
   */
  protected beginExecution(): void {
    if (this.#executionBegun || !this.#status.waiting) {
      const message =
        this.#status.canceled && !this.#executionBegun
          ? 'This job was canceled before it started; create a new job to run it'
          : `This job was already executed (status ${this.#status.status}); create a new job to run it again`;
      throw new JobAlreadyExecutedError(message);
    }
    this.#executionBegun = true;
  }

  /**
   * Records a progress update (clamped to [0,1], never backwards; a `WAITING` job starts running) and calls
   * every listener with the resulting progress and message. Ignored once the job is completed.
   * @throws ValidationError (field `progress`) if `progress` is not a number.
   */
  protected reportProgress(progress: number, message?: string): void {
    if (this.#status.completed) return;
    this.#status.updateProgress(progress, message);
    this.#notifyListeners();
  }

  /**
   * Mirrors a status the remote system reported (see {@link JobStatus.applyRemote}: progress stays monotone),
   * and tells listeners if progress or its message changed. Ignored once the job is completed. Completion goes
   * through the settle hooks instead, so that results are in hand before the job reports complete.
   * @throws ValidationError (field `status`) for `SUCCESS`, `ERROR` or `CANCELED`, and as `applyRemote` does.
   */
  protected applyRemoteStatus(update: JobStatusUpdate): void {
    const { status } = update;
    if (
      status === RunningStatus.SUCCESS ||
      status === RunningStatus.ERROR ||
      status === RunningStatus.CANCELED
    ) {
      throw new ValidationError(
        `applyRemoteStatus cannot complete a job (${status}); use settleSuccess, settleError or settleCanceled`,
        { field: 'status' },
      );
    }
    if (this.#status.completed) return;
    const before = [this.#status.progress, this.#status.progressMessage];
    this.#status.applyRemote(update);
    if (before[0] !== this.#status.progress || before[1] !== this.#status.progressMessage)
      this.#notifyListeners();
  }

  /** Puts a started or waiting job in `CANCEL_REQUESTED`. Returns false (and does nothing) once it is completed. */
  protected markCancelRequested(): boolean {
    if (this.#status.completed) return false;
    this.#status.requestCancel();
    return true;
  }

  /**
   * Completes the job with `SUCCESS` and these results: progress becomes 1 (listeners hear it), waiters resolve.
   * Returns false (and does nothing) if the job was already completed.
   */
  protected settleSuccess(results: R): boolean {
    if (this.#status.completed) return false;
    const progressBefore = this.#status.progress;
    this.#held = { some: true, value: results };
    this.#status.stopRun(RunningStatus.SUCCESS);
    if (this.#status.progress !== progressBefore) this.#notifyListeners();
    this.#releaseWaiters();
    return true;
  }

  /**
   * Completes the job with `ERROR`: `message` becomes the stop message and the message of the `JobError` that
   * `getResults`, `wait` and `executeSync` throw; `cause` (the original error) becomes that error's `cause`.
   * Returns false (and does nothing) if the job was already completed.
   */
  protected settleError(message: string, cause?: unknown): boolean {
    if (this.#status.completed) return false;
    this.#held = NOTHING;
    this.#stopCause = cause;
    this.#status.stopRun(RunningStatus.ERROR, message);
    this.#releaseWaiters();
    return true;
  }

  /**
   * Completes the job with `CANCELED`. `results` (partial; `undefined` or `null` mean none) are what
   * `getResults`, `wait` and `executeSync` return; with none they throw `JobCanceledError` (with `cause`).
   * `message` becomes the stop message. Returns false (and does nothing) if the job was already completed.
   */
  protected settleCanceled(outcome: { results?: R | null; message?: string; cause?: unknown } = {}): boolean {
    if (this.#status.completed) return false;
    const { results } = outcome;
    this.#held = results === undefined || results === null ? NOTHING : { some: true, value: results };
    this.#stopCause = outcome.cause;
    this.#status.stopRun(RunningStatus.CANCELED, outcome.message ?? 'The job was canceled');
    this.#releaseWaiters();
    return true;
  }

  #resultsIn(status: JobStatus): R {
    const held = this.#held;
    switch (status.status) {
      case RunningStatus.SUCCESS:
        if (held.some) return held.value;
        throw new JobError('The job reports SUCCESS but holds no results');
      case RunningStatus.ERROR:
        throw new JobError(status.stopMessage ?? 'The job failed', { cause: this.#stopCause });
      case RunningStatus.CANCELED:
        if (held.some) return held.value;
        throw new JobCanceledError(undefined, { cause: this.#stopCause });
      case RunningStatus.UNKNOWN:
        if (held.some) return held.value;
        throw new JobError('The job status is UNKNOWN and no results are available');
      case RunningStatus.CANCEL_REQUESTED:
        throw new JobNotCompleteError(
          'The job is CANCEL_REQUESTED: cancel() was accepted but the job has not stopped yet; ' +
            '`await job.wait()` for its partial results',
        );
      default:
        throw new JobNotCompleteError(
          `The job is ${status.status}; its results are not available until it completes (\`await job.wait()\`)`,
        );
    }
  }

  #notifyListeners(): void {
    const { progress, progressMessage } = this.#status;
    for (const entry of [...this.#listeners]) {
      // A listener unsubscribed by an earlier one during this round is not called.
      if (!this.#listeners.has(entry)) continue;
      try {
        entry.listener(progress, progressMessage);
      } catch (error) {
        if (!entry.warned) {
          entry.warned = true;
          warnListenerThrew(this.#name, error);
        }
      }
    }
  }

  #releaseWaiters(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

Object.defineProperty(Job.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  // console.log(job) would otherwise print a bare function.
  value(this: Job<unknown>): string {
    return this.toString();
  },
  configurable: true,
  writable: true,
});

function checkWaitOptions(options: WaitOptions): WaitOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('wait options must be an object', { field: 'options' });
  }
  const { timeoutMs, signal } = options;
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0)
  ) {
    throw new ValidationError(`timeoutMs must be a number of milliseconds >= 0, got ${String(timeoutMs)}`, {
      field: 'timeoutMs',
    });
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new ValidationError('signal must be an AbortSignal', { field: 'signal' });
  }
  return { timeoutMs, signal };
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function' &&
    typeof (value as AbortSignal).removeEventListener === 'function'
  );
}

function warnListenerThrew(jobName: string, error: unknown): void {
  const message = `A progress listener of job '${jobName}' threw (${stopMessageOf(error)}); the job goes on`;
  const proc = globalThis.process;
  if (typeof proc?.emitWarning === 'function') {
    proc.emitWarning(message, { type: 'BosonicWarning', code: 'BOSONIC_PROGRESS_LISTENER' });
  } else {
    console.warn(message);
  }
}
