import { AuthenticationError, HttpError, NetworkError, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import {
  isTransient,
  MAX_POLL_ERRORS,
  PollErrorBudget,
  TOLERATED_POLL_STATUSES,
} from './poll-error-budget.js';

const http = (status: number) => new HttpError(`answered ${status}`, { status });
const network = () => new NetworkError('connection refused', { failure: 'connection' });

describe('PollErrorBudget (Perceval: tolerate four transient errors in a row, raise the fifth)', () => {
  it.each([408, 409, 421, 423, 429])('tolerates %i four times in a row and raises the fifth', (status) => {
    const budget = new PollErrorBudget();
    for (let i = 1; i < MAX_POLL_ERRORS; i++) {
      expect(() => budget.absorb(http(status))).not.toThrow();
      expect(budget.inARow).toBe(i);
    }
    expect(() => budget.absorb(http(status))).toThrow(`answered ${status}`);
    // The count starts again after raising.
    expect(budget.inARow).toBe(0);
  });

  it('counts connection errors and 5xx (left after the GET retries) the same way, mixed', () => {
    const budget = new PollErrorBudget();
    budget.absorb(network());
    budget.absorb(http(503));
    budget.absorb(http(429));
    budget.absorb(new NetworkError('timed out', { failure: 'timeout' }));
    expect(() => budget.absorb(network())).toThrow(NetworkError);
  });

  it('starts counting again after a successful poll', () => {
    const budget = new PollErrorBudget();
    for (let i = 1; i < MAX_POLL_ERRORS; i++) budget.absorb(http(429));
    budget.succeeded();
    for (let i = 1; i < MAX_POLL_ERRORS; i++) expect(() => budget.absorb(http(429))).not.toThrow();
  });

  it('raises other 4xx, authentication failures and malformed answers at once', () => {
    const budget = new PollErrorBudget();
    budget.absorb(http(429));
    expect(() => budget.absorb(http(404))).toThrow(HttpError);
    expect(() => budget.absorb(new AuthenticationError('nope', { status: 401 }))).toThrow(
      AuthenticationError,
    );
    expect(() => budget.absorb(new ValidationError('bad', { field: 'status' }))).toThrow(ValidationError);
    expect(isTransient(new Error('plain'))).toBe(false);
  });
});

describe('TOLERATED_POLL_STATUSES', () => {
  it("are Perceval's transient 4xx answers, which isTransient accepts; other 4xx are not", () => {
    expect([...TOLERATED_POLL_STATUSES].sort()).toEqual([408, 409, 421, 423, 429]);
    for (const status of TOLERATED_POLL_STATUSES) expect(isTransient(http(status))).toBe(true);
    for (const status of [400, 404, 410, 422]) expect(isTransient(http(status))).toBe(false);
  });
});
