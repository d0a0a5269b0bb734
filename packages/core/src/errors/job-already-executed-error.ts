import { BosonicError } from './bosonic-error.js';

/** `executeSync` / `executeAsync` was called on a job that was already executed (or canceled before it started). */
export class JobAlreadyExecutedError extends BosonicError {
  constructor(
    message = 'The job was already executed; create a new job to run it again',
    options?: { cause?: unknown },
  ) {
    super(message, 'ERR_JOB_ALREADY_EXECUTED', options);
  }
}
