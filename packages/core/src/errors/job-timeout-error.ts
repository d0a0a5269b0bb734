import { BosonicError } from './bosonic-error.js';

/** `wait({ timeoutMs })` gave up; the job itself keeps running. */
export class JobTimeoutError extends BosonicError {
  readonly timeoutMs: number | undefined;

  constructor(message: string, options?: { timeoutMs?: number; cause?: unknown }) {
    super(message, 'ERR_JOB_TIMEOUT', options);
    this.timeoutMs = options?.timeoutMs;
  }
}
