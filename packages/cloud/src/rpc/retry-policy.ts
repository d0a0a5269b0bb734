import { ValidationError } from '@bosonic/core';
import { checkNonNegativeInteger } from '@bosonic/core/internal';

/**
 * How often and how patiently a request is retried: `GET`s on a 5xx answer, job creation (made safe to repeat
 * by its `Idempotency-Key`) also on 408/429 and on network failures.
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 disables retrying). */
  maxRetries?: number;
  /** Delay before the first retry, in ms (default 250); doubles at each retry. */
  minDelayMs?: number;
  /** Ceiling of a delay, `Retry-After` included, in ms (default 8000). */
  maxDelayMs?: number;
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 3,
  minDelayMs: 250,
  maxDelayMs: 8000,
});

/** Fills in defaults and checks the values. @throws ValidationError naming the field (`retry.maxRetries`, …). */
export function retryPolicyOf(options: RetryOptions | undefined): RetryPolicy {
  if (options === undefined) return DEFAULT_RETRY_POLICY;
  if (options === null || typeof options !== 'object') {
    throw new ValidationError('retry must be an object', { field: 'retry' });
  }
  const policy = { ...DEFAULT_RETRY_POLICY };
  for (const key of ['maxRetries', 'minDelayMs', 'maxDelayMs'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    policy[key] = checkNonNegativeInteger(value, `retry.${key}`);
  }
  return policy;
}

/**
 * The delay before retry number `retry` (0 for the first): `minDelayMs · 2^retry` with ±20 % jitter (so that
 * many clients do not retry in step), or the server's `Retry-After` (seconds or an HTTP date) when it gave one;
 * never above `maxDelayMs`.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, retryAfter?: string | string[]): number {
  const fromServer = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  if (fromServer !== undefined) return Math.min(fromServer, policy.maxDelayMs);
  const base = policy.minDelayMs * 2 ** retry;
  const jittered = base * (0.8 + 0.4 * Math.random());
  return Math.round(Math.min(jittered, policy.maxDelayMs));
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - Date.now());
}

/**
 * Resolves after `ms`, or rejects with the signal's reason when it aborts first. `keepAlive: false` lets the
 * process exit during the wait (a background refresh must not hold it).
 */
export function sleep(
  ms: number,
  options: { signal?: AbortSignal; keepAlive?: boolean } = {},
): Promise<void> {
  const { signal, keepAlive = true } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (!keepAlive) timer.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
