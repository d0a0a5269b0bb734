import { BosonicError } from './bosonic-error.js';

/** Why a request got no HTTP answer. */
export type NetworkFailure = 'timeout' | 'connection';

/**
 * A request to the cloud got no HTTP answer: the connection failed (refused, reset, DNS, TLS, proxy) or timed
 * out. Polling tolerates a few of these in a row (`@bosonic/cloud`'s poll error budget); elsewhere they surface as is.
 * `cause` is the transport's own error (undici's, with its `code`, e.g. `UND_ERR_HEADERS_TIMEOUT`).
 */
export class NetworkError extends BosonicError {
  /** `'timeout'` when a connect, headers or body timeout elapsed; `'connection'` otherwise. */
  readonly failure: NetworkFailure;

  constructor(message: string, options: { failure: NetworkFailure; cause?: unknown }) {
    super(message, options.failure === 'timeout' ? 'ERR_NETWORK_TIMEOUT' : 'ERR_NETWORK', {
      cause: options.cause,
    });
    this.failure = options.failure;
  }
}
