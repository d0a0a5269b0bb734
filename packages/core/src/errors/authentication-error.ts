import { BosonicError } from './bosonic-error.js';

/** The cloud refused the credentials (HTTP 401 or 403), or none were given. */
export class AuthenticationError extends BosonicError {
  readonly status: number | undefined;

  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(message, 'ERR_AUTHENTICATION', options);
    this.status = options?.status;
  }
}
