import { HttpError, NetworkError } from '@bosonic/core';

/** HTTP statuses a poll shrugs off (Perceval's `_handle_status_error`): timeout, conflict, misdirected, locked, throttled. */
export const TOLERATED_POLL_STATUSES: ReadonlySet<number> = new Set([408, 409, 421, 423, 429]);

/** Errors in a row after which polling gives up (Perceval's `_MAX_ERROR`): the fifth is raised. */
export const MAX_POLL_ERRORS = 5;

/**
 * Perceval's rule for errors met while polling a job: a transient failure — one of
 * {@link TOLERATED_POLL_STATUSES}, a 5xx that survived the GET retries, or a {@link NetworkError} — is tolerated
 * four times in a row and the fifth is raised; any other error (401/403 `AuthenticationError`, other 4xx
 * `HttpError`, a malformed answer) is raised at once. A successful poll resets the count.
 */
export class PollErrorBudget {
  readonly #limit: number;
  #inARow = 0;

  constructor(limit = MAX_POLL_ERRORS) {
    this.#limit = limit;
  }

  /** Transient errors met since the last success. */
  get inARow(): number {
    return this.#inARow;
  }

  /** A poll succeeded. */
  succeeded(): void {
    this.#inARow = 0;
  }

  /**
   * A poll failed with `error`. Returns normally when the error is tolerated (the caller keeps its last known
   * status and polls again later).
   * @throws the error itself when it is not transient, or when it is the {@link MAX_POLL_ERRORS}th in a row
   *   (the count then starts again, so a later poll gets a fresh budget).
   */
  absorb(error: unknown): void {
    if (!isTransient(error)) {
      this.#inARow = 0;
      throw error;
    }
    this.#inARow += 1;
    if (this.#inARow >= this.#limit) {
      this.#inARow = 0;
      throw error;
    }
  }
}

/** True for the errors polling may tolerate. */
export function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof HttpError) return TOLERATED_POLL_STATUSES.has(error.status) || error.status >= 500;
  return false;
}
