import { ValidationError } from '../errors/index.js';
import { isRunningStatus, RunningStatus } from './running-status.js';

/**
 * A status reported by a remote system, applied with {@link JobStatus.applyRemote}. Only the fields present
 * (and not `undefined`) change.
 */
export interface JobStatusUpdate {
  status?: RunningStatus;
  /** In [0,1]; clamped, and ignored where it would move progress backwards. */
  progress?: number;
  progressMessage?: string;
  stopMessage?: string;
  creationTime?: Date;
  startTime?: Date;
  stopTime?: Date;
  /** Running time in seconds as the remote system measured it; takes precedence over start/stop times. */
  duration?: number;
}

/** Times known about a job, as {@link JobStatus.updateTimes} receives them. */
export interface JobTimes {
  creationTime?: Date;
  startTime?: Date;
  /** Running time in seconds. On a completed job, also places `stopTime` at `startTime + duration`. */
  duration?: number;
}

const COMPLETED: ReadonlySet<RunningStatus> = new Set([
  RunningStatus.SUCCESS,
  RunningStatus.ERROR,
  RunningStatus.CANCELED,
]);

/**
 * The observable state of a job: its {@link RunningStatus}, progress, messages and times (Perceval's
 * `JobStatus`).
 *
 * Invariant: `progress` stays in [0,1] and never goes backwards, whatever the mutator. The mutators are
 * public because job implementations in other packages (the cloud's `RemoteJob`) drive them; application code
 * should only read a status.
 */
export class JobStatus {
  #status: RunningStatus = RunningStatus.WAITING;
  #progress = 0;
  #progressMessage: string | undefined;
  #creationTime: Date;
  #startTime: Date | undefined;
  #stopTime: Date | undefined;
  #stopMessage: string | undefined;
  /** Seconds, when a remote system told us; otherwise derived from start and stop times. */
  #duration: number | undefined;

  /** @throws ValidationError (field `creationTime`) for an invalid date. */
  constructor(options?: { creationTime?: Date }) {
    const creationTime = options?.creationTime;
    this.#creationTime = creationTime === undefined ? new Date() : checkDate(creationTime, 'creationTime');
  }

  /** The current {@link RunningStatus}. */
  get status(): RunningStatus {
    return this.#status;
  }

  /** Fraction done, in [0,1]; never decreases. 1 on success. */
  get progress(): number {
    return this.#progress;
  }

  /** What the job is doing now, as its last progress update said (Perceval's "phase"). */
  get progressMessage(): string | undefined {
    return this.#progressMessage;
  }

  /** When the job was created. */
  get creationTime(): Date {
    return this.#creationTime;
  }

  /** When the job started running; `undefined` while it has not. */
  get startTime(): Date | undefined {
    return this.#startTime;
  }

  /** When the job completed; `undefined` while it has not. */
  get stopTime(): Date | undefined {
    return this.#stopTime;
  }

  /** Why the job stopped: the failure for `ERROR` (`"<ErrorName>: <message>"` for a local task), a note for `CANCELED`. */
  get stopMessage(): string | undefined {
    return this.#stopMessage;
  }

  /**
   * Seconds spent running: the remote system's duration if it gave one, else from `startTime` to `stopTime`
   * (or to now while running); 0 if the job never started.
   */
  get runningTime(): number {
    if (this.#duration !== undefined) return this.#duration;
    if (this.#startTime === undefined) return 0;
    const end = this.#stopTime ?? new Date();
    return Math.max(0, (end.getTime() - this.#startTime.getTime()) / 1000);
  }

  /** `WAITING`. */
  get waiting(): boolean {
    return this.#status === RunningStatus.WAITING;
  }

  /** `RUNNING` or `CANCEL_REQUESTED`: work is going on. */
  get running(): boolean {
    return this.#status === RunningStatus.RUNNING || this.#status === RunningStatus.CANCEL_REQUESTED;
  }

  /** `SUCCESS`, `ERROR` or `CANCELED`: the job is over. */
  get completed(): boolean {
    return COMPLETED.has(this.#status);
  }

  /** `SUCCESS`. */
  get success(): boolean {
    return this.#status === RunningStatus.SUCCESS;
  }

  /** `ERROR` or `CANCELED`. */
  get failed(): boolean {
    return this.#status === RunningStatus.ERROR || this.#status === RunningStatus.CANCELED;
  }

  /** `CANCELED`. */
  get canceled(): boolean {
    return this.#status === RunningStatus.CANCELED;
  }

  /** Completed, or `UNKNOWN` (results may exist: worth asking). */
  get maybeCompleted(): boolean {
    return this.completed || this.#status === RunningStatus.UNKNOWN;
  }

  /** `UNKNOWN`. */
  get unknown(): boolean {
    return this.#status === RunningStatus.UNKNOWN;
  }

  /** Marks the job `RUNNING`, started now. */
  startRun(): void {
    this.#status = RunningStatus.RUNNING;
    this.#startTime = new Date();
  }

  /**
   * Marks the job completed now with `cause` (`SUCCESS` by default) and an optional stop message.
   * `SUCCESS` sets progress to 1.
   * @throws ValidationError (field `cause`) unless `cause` is `SUCCESS`, `ERROR` or `CANCELED`.
   */
  stopRun(cause: RunningStatus = RunningStatus.SUCCESS, message?: string): void {
    if (!COMPLETED.has(cause)) {
      throw new ValidationError(`stopRun needs SUCCESS, ERROR or CANCELED as cause, got ${String(cause)}`, {
        field: 'cause',
      });
    }
    this.#status = cause;
    this.#stopTime = new Date();
    this.#stopMessage = message;
    if (cause === RunningStatus.SUCCESS) this.#progress = 1;
  }

  /** Marks a cancel as asked for (`CANCEL_REQUESTED`); the job stays running until its work stops. */
  requestCancel(): void {
    this.#status = RunningStatus.CANCEL_REQUESTED;
  }

  /**
   * Records progress: clamped to [0,1], and never below the current value (a smaller value keeps the current
   * one). The message replaces the previous one, as Perceval's phase does. A `WAITING` job starts running.
   * @throws ValidationError (field `progress`) if `progress` is not a number (NaN included).
   */
  updateProgress(progress: number, message?: string): void {
    this.#raiseProgress(progress);
    this.#progressMessage = message;
    if (this.waiting) this.startRun();
  }

  /**
   * Sets known times (from a remote system). On a completed job with a start time and a duration, the stop
   * time becomes `startTime + duration`.
   * @throws ValidationError naming the field for an invalid date or a negative or non-finite duration.
   */
  updateTimes(times: JobTimes): void {
    const creationTime =
      times.creationTime === undefined ? undefined : checkDate(times.creationTime, 'creationTime');
    const startTime = times.startTime === undefined ? undefined : checkDate(times.startTime, 'startTime');
    const duration = times.duration === undefined ? undefined : checkDuration(times.duration);
    if (creationTime !== undefined) this.#creationTime = creationTime;
    if (startTime !== undefined) this.#startTime = startTime;
    if (duration !== undefined) this.#duration = duration;
    if (this.completed && this.#startTime !== undefined && this.#duration !== undefined) {
      this.#stopTime = new Date(this.#startTime.getTime() + this.#duration * 1000);
    }
  }

  /**
   * Mirrors a status reported by a remote system (e.g. a `RemoteJob` polling `GET /api/job/status/{id}`).
   * Only the fields present change. Progress keeps its invariant: clamped to [0,1] and never backwards.
   * A status that means the job has started (running or completed) stamps `startTime` now if none is known;
   * a completed one stamps `stopTime` the same way; `SUCCESS` sets progress to 1. The status itself is taken
   * as given (no transition is refused), as in Perceval.
   * @throws ValidationError naming the field for an unknown status, a non-number progress, an invalid date or
   *   duration. Nothing is changed when it throws.
   */
  applyRemote(update: JobStatusUpdate): void {
    const { status, progress, progressMessage, stopMessage, stopTime } = update;
    if (status !== undefined && !isRunningStatus(status)) {
      throw new ValidationError(`status must be a RunningStatus, got ${String(status)}`, { field: 'status' });
    }
    if (progress !== undefined) checkProgress(progress);
    if (stopTime !== undefined) checkDate(stopTime, 'stopTime');
    this.updateTimes(update);
    if (stopTime !== undefined) this.#stopTime = stopTime;
    if (status !== undefined) {
      this.#status = status;
      const started = this.running || this.completed;
      if (started && this.#startTime === undefined) this.#startTime = new Date();
      if (this.completed && this.#stopTime === undefined) this.#stopTime = new Date();
      if (status === RunningStatus.SUCCESS) this.#progress = 1;
    }
    if (progress !== undefined) this.#raiseProgress(progress);
    if (progressMessage !== undefined) this.#progressMessage = progressMessage;
    if (stopMessage !== undefined) this.#stopMessage = stopMessage;
  }

  /** The status name, e.g. `'SUCCESS'` (as Perceval's `str(job.status)`). */
  toString(): string {
    return this.#status;
  }

  /** A plain, JSON-friendly snapshot (times as ISO strings). */
  toJSON(): {
    status: RunningStatus;
    progress: number;
    progressMessage?: string;
    creationTime: string;
    startTime?: string;
    stopTime?: string;
    stopMessage?: string;
    runningTime: number;
  } {
    return {
      status: this.#status,
      progress: this.#progress,
      ...(this.#progressMessage === undefined ? {} : { progressMessage: this.#progressMessage }),
      creationTime: this.#creationTime.toISOString(),
      ...(this.#startTime === undefined ? {} : { startTime: this.#startTime.toISOString() }),
      ...(this.#stopTime === undefined ? {} : { stopTime: this.#stopTime.toISOString() }),
      ...(this.#stopMessage === undefined ? {} : { stopMessage: this.#stopMessage }),
      runningTime: this.runningTime,
    };
  }

  #raiseProgress(progress: number): void {
    const clamped = Math.min(1, Math.max(0, checkProgress(progress)));
    if (clamped > this.#progress) this.#progress = clamped;
  }
}

function checkProgress(progress: number): number {
  if (typeof progress !== 'number' || Number.isNaN(progress)) {
    throw new ValidationError(`progress must be a number in [0,1], got ${String(progress)}`, {
      field: 'progress',
    });
  }
  return progress;
}

function checkDate(date: Date, field: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new ValidationError(`${field} must be a valid Date, got ${String(date)}`, { field });
  }
  return date;
}

function checkDuration(duration: number): number {
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) {
    throw new ValidationError(`duration must be a finite number of seconds >= 0, got ${String(duration)}`, {
      field: 'duration',
    });
  }
  return duration;
}
