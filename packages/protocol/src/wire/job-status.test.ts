import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { isWireJobStatus, validateJobStatusResponse, WIRE_JOB_STATUSES } from './job-status.js';

describe('validateJobStatusResponse', () => {
  it('accepts the status answer of the protocol', () => {
    const body = {
      status: 'running',
      progress: 0.5,
      progress_message: 'sampling',
      creation_datetime: 1.7e9,
      start_time: 1.7e9 + 2,
      duration: 10,
      status_message: null,
    };
    expect(validateJobStatusResponse(body)).toEqual(body);
  });

  it("accepts Scaleway's extra fields and a bare status", () => {
    expect(validateJobStatusResponse({ status: 'completed', failure_code: null, msg: 'ok' }).msg).toBe('ok');
    expect(validateJobStatusResponse({ status: 'waiting' })).toEqual({ status: 'waiting' });
  });

  it('accepts a status string it does not know (the client reads it as UNKNOWN)', () => {
    expect(validateJobStatusResponse({ status: 'paused' }).status).toBe('paused');
    expect(isWireJobStatus('paused')).toBe(false);
  });

  it.each([
    [{}, 'status'],
    [{ status: 3 }, 'status'],
    [{ status: 'running', progress: '50%' }, 'progress'],
    [{ status: 'running', progress: -0.1 }, 'progress'],
    [{ status: 'error', status_message: 42 }, 'status_message'],
    [{ status: 'completed', duration: 'long' }, 'duration'],
  ])('refuses %j, naming %s', (body, field) => {
    expect(() => validateJobStatusResponse(body)).toThrow(ValidationError);
    try {
      validateJobStatusResponse(body);
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('WIRE_JOB_STATUSES', () => {
  it('spells SUCCESS as "completed" and the others in lower case', () => {
    expect(WIRE_JOB_STATUSES).toContain('completed');
    expect(WIRE_JOB_STATUSES).toContain('cancel_requested');
    expect(WIRE_JOB_STATUSES).not.toContain('success');
  });
});
