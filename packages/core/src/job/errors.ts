/**
 * Typed errors of bosonic. Every error thrown on purpose by a bosonic package extends {@link BosonicError},
 * carries a stable machine-readable `code`, and sets `name` to its class name.
 */

/** Base class of every bosonic error. */
export class BosonicError extends Error {
  /** A stable, machine-readable code (e.g. `'ERR_VALIDATION'`). */
  readonly code: string;

  constructor(message: string, code = 'ERR_BOSONIC', options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad input. `field` names what was wrong (a parameter, an option, a path such as `input.state`). */
export class ValidationError extends BosonicError {
  readonly field: string | undefined;

  constructor(message: string, options?: { field?: string; cause?: unknown }) {
    super(message, 'ERR_VALIDATION', options);
    this.field = options?.field;
  }
}

/** A request would need more memory (or another resource) than the configured limit allows. */
export class ResourceLimitError extends BosonicError {
  readonly requiredBytes: number | undefined;
  readonly limitBytes: number | undefined;

  constructor(message: string, options?: { requiredBytes?: number; limitBytes?: number; cause?: unknown }) {
    super(message, 'ERR_RESOURCE_LIMIT', options);
    this.requiredBytes = options?.requiredBytes;
    this.limitBytes = options?.limitBytes;
  }
}

/** A job ended in `ERROR`; `message` is the job's stop message. */
export class JobError extends BosonicError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_JOB_FAILED', options);
  }
}

/** A job was canceled and has no partial results to return. */
export class JobCanceledError extends BosonicError {
  constructor(
    message = 'The job was canceled before it produced any results',
    options?: { cause?: unknown },
  ) {
    super(message, 'ERR_JOB_CANCELED', options);
  }
}

/** Results were asked for before the job completed. */
export class JobNotCompleteError extends BosonicError {
  constructor(message = 'The job is not complete yet', options?: { cause?: unknown }) {
    super(message, 'ERR_JOB_NOT_COMPLETE', options);
  }
}

/** `executeSync` / `executeAsync` was called on a job that was already executed (or canceled before it started). */
export class JobAlreadyExecutedError extends BosonicError {
  constructor(
    message = 'The job was already executed; create a new job to run it again',
    options?: { cause?: unknown },
  ) {
    super(message, 'ERR_JOB_ALREADY_EXECUTED', options);
  }
}

/** `wait({ timeoutMs })` gave up; the job itself keeps running. */
export class JobTimeoutError extends BosonicError {
  readonly timeoutMs: number | undefined;

  constructor(message: string, options?: { timeoutMs?: number; cause?: unknown }) {
    super(message, 'ERR_JOB_TIMEOUT', options);
    this.timeoutMs = options?.timeoutMs;
  }
}

/** The cloud refused the credentials (HTTP 401 or 403), or none were given. */
export class AuthenticationError extends BosonicError {
  readonly status: number | undefined;

  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(message, 'ERR_AUTHENTICATION', options);
    this.status = options?.status;
  }
}

/** An HTTP request answered with an error status. */
export class HttpError extends BosonicError {
  readonly status: number;
  readonly body: string;

  constructor(message: string, options: { status: number; body?: string; cause?: unknown }) {
    super(message, 'ERR_HTTP', options);
    this.status = options.status;
    this.body = options.body ?? '';
  }
}
