import { BosonicError } from '@bosonic/core';

/**
 * A service the server depends on (the job database, the queue's Redis) cannot be reached. Requests that need it
 * answer 503 with `Retry-After` — never a success the server could not make durable — and succeed again once it is
 * back.
 */
export class ServiceUnavailableError extends BosonicError {
  /** The service that failed: `'database'` or `'queue'`. */
  readonly service: 'database' | 'queue';
  /** Seconds a client should wait before retrying. */
  readonly retryAfterSeconds: number;

  constructor(
    service: 'database' | 'queue',
    message: string,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, service === 'database' ? 'ERR_STORE_UNAVAILABLE' : 'ERR_QUEUE_UNAVAILABLE', {
      cause: options.cause,
    });
    this.service = service;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 2;
  }
}
