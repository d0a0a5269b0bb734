import { BosonicError } from './bosonic-error.js';

/** Results were asked for before the job completed. */
export class JobNotCompleteError extends BosonicError {
  constructor(message = 'The job is not complete yet', options?: { cause?: unknown }) {
    super(message, 'ERR_JOB_NOT_COMPLETE', options);
  }
}
