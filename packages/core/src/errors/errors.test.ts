import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BosonicError,
  HttpError,
  JobAlreadyExecutedError,
  JobCanceledError,
  JobError,
  JobNotCompleteError,
  JobTimeoutError,
  ResourceLimitError,
  ValidationError,
} from './index.js';

describe('typed errors', () => {
  const cases: [BosonicError, string, string][] = [
    [new BosonicError('x'), 'BosonicError', 'ERR_BOSONIC'],
    [new ValidationError('x', { field: 'mode' }), 'ValidationError', 'ERR_VALIDATION'],
    [
      new ResourceLimitError('x', { requiredBytes: 2, limitBytes: 1 }),
      'ResourceLimitError',
      'ERR_RESOURCE_LIMIT',
    ],
    [new JobError('x'), 'JobError', 'ERR_JOB_FAILED'],
    [new JobCanceledError(), 'JobCanceledError', 'ERR_JOB_CANCELED'],
    [new JobNotCompleteError(), 'JobNotCompleteError', 'ERR_JOB_NOT_COMPLETE'],
    [new JobAlreadyExecutedError(), 'JobAlreadyExecutedError', 'ERR_JOB_ALREADY_EXECUTED'],
    [new JobTimeoutError('x', { timeoutMs: 5 }), 'JobTimeoutError', 'ERR_JOB_TIMEOUT'],
    [new AuthenticationError('x', { status: 401 }), 'AuthenticationError', 'ERR_AUTHENTICATION'],
    [new HttpError('x', { status: 500, body: 'boom' }), 'HttpError', 'ERR_HTTP'],
  ];

  for (const [error, name, code] of cases) {
    it(`${name} has name '${name}' and code '${code}' and extends BosonicError and Error`, () => {
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(error).toBeInstanceOf(BosonicError);
      expect(error).toBeInstanceOf(Error);
      expect(String(error).startsWith(`${name}: `)).toBe(true);
    });
  }

  it('carry their details and cause', () => {
    const cause = new RangeError('inner');
    expect(new ValidationError('bad', { field: 'input.state' }).field).toBe('input.state');
    expect(new JobError('RangeError: inner', { cause }).cause).toBe(cause);
    expect(new JobTimeoutError('late', { timeoutMs: 250 }).timeoutMs).toBe(250);
    const http = new HttpError('nope', { status: 503 });
    expect([http.status, http.body]).toEqual([503, '']);
  });

  it('have helpful default messages where the constructor allows none', () => {
    expect(new JobCanceledError().message).toMatch(/canceled/);
    expect(new JobNotCompleteError().message).toMatch(/not complete/);
    expect(new JobAlreadyExecutedError().message).toMatch(/already executed/);
  });
});
