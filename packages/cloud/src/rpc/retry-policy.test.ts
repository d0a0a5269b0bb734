import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, retryPolicyOf, sleep } from './retry-policy.js';

describe('retry policy', () => {
  it('doubles the delay at each retry, within ±20 % jitter, up to the ceiling', () => {
    const policy = { maxRetries: 5, minDelayMs: 100, maxDelayMs: 1000 };
    for (let retry = 0; retry < 3; retry++) {
      const delay = backoffDelay(retry, policy);
      expect(delay).toBeGreaterThanOrEqual(0.8 * 100 * 2 ** retry);
      expect(delay).toBeLessThanOrEqual(1.2 * 100 * 2 ** retry);
    }
    expect(backoffDelay(10, policy)).toBe(1000);
  });

  it("follows the server's Retry-After (seconds or HTTP date), capped by the ceiling", () => {
    const policy = { maxRetries: 1, minDelayMs: 100, maxDelayMs: 5000 };
    expect(backoffDelay(0, policy, '2')).toBe(2000);
    expect(backoffDelay(0, policy, ['60'])).toBe(5000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const inOneSecond = new Date(Date.now() + 1500).toUTCString();
    expect(parseRetryAfter(inOneSecond)).toBeGreaterThan(0);
    expect(parseRetryAfter(inOneSecond)).toBeLessThanOrEqual(1500);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('fills in defaults and names the bad field', () => {
    expect(retryPolicyOf(undefined)).toEqual(DEFAULT_RETRY_POLICY);
    expect(retryPolicyOf({ maxRetries: 0 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 0 });
    expect(() => retryPolicyOf({ minDelayMs: 1.5 })).toThrow(
      expect.objectContaining({ field: 'retry.minDelayMs' }),
    );
  });

  it('sleeps, and stops sleeping with the reason when the signal aborts', async () => {
    const started = Date.now();
    await sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const nap = sleep(10_000, { signal: controller.signal, keepAlive: false });
    controller.abort(new Error('stop'));
    await expect(nap).rejects.toThrow('stop');
  });
});
