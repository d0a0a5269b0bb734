import { BosonicError } from './bosonic-error.js';

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
