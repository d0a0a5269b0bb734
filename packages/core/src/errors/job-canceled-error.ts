import { BosonicError } from './bosonic-error.js';

/** A job was canceled and has no partial results to return. */
export class JobCanceledError extends BosonicError {
  constructor(
    message = 'The job was canceled before it produced any results',
    options?: { cause?: unknown },
  ) {
    super(message, 'ERR_JOB_CANCELED', options);
  }
}
