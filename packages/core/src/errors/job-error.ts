import { BosonicError } from './bosonic-error.js';

/** A job ended in `ERROR`; `message` is the job's stop message. */
export class JobError extends BosonicError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'ERR_JOB_FAILED', options);
  }
}
