import { RunningStatus } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { readRemoteStatus } from './status-from-wire.js';

describe('readRemoteStatus (GET /api/job/status/{id} as Perceval reads it)', () => {
  it('reads a running job: status, progress, message and times', () => {
    const reading = readRemoteStatus({
      status: 'running',
      progress: 0.5,
      progress_message: 'sampling',
      creation_datetime: 1_700_000_000,
      start_time: 1_700_000_010.5,
      duration: null,
      status_message: null,
    });
    expect(reading.status).toBe(RunningStatus.RUNNING);
    expect(reading.update).toEqual({
      progress: 0.5,
      progressMessage: 'sampling',
      creationTime: new Date(1_700_000_000_000),
      startTime: new Date(1_700_000_010_500),
    });
    expect(reading.statusMessage).toBeUndefined();
  });

  it('spells SUCCESS "completed", reads the duration once completed, and ignores progress then', () => {
    const reading = readRemoteStatus({
      status: 'completed',
      progress: 0.2,
      start_time: 1_700_000_000,
      duration: 12,
    });
    expect(reading.status).toBe(RunningStatus.SUCCESS);
    expect(reading.update).toEqual({ startTime: new Date(1_700_000_000_000), duration: 12 });
  });

  it('keeps the status message of a failed job, and reads unknown strings as UNKNOWN', () => {
    expect(readRemoteStatus({ status: 'error', status_message: 'boom' }).statusMessage).toBe('boom');
    expect(readRemoteStatus({ status: 'canceled', status_message: 'by user' }).status).toBe(
      RunningStatus.CANCELED,
    );
    expect(readRemoteStatus({ status: 'teleporting' }).status).toBe(RunningStatus.UNKNOWN);
    expect(readRemoteStatus({ status: 'cancel_requested', progress: 0.7 }).update.progress).toBe(0.7);
  });

  it('keeps the progress a canceled or failed job reached (a cancel at 14 % reads 0.14, not 0)', () => {
    const canceled = readRemoteStatus({
      status: 'canceled',
      progress: 0.14,
      progress_message: 'iteration 1/7',
      status_message: 'Canceled by the user; partial results kept',
    });
    expect(canceled.status).toBe(RunningStatus.CANCELED);
    expect(canceled.update.progress).toBe(0.14);
    expect(canceled.update.progressMessage).toBe('iteration 1/7');
    expect(readRemoteStatus({ status: 'error', progress: 0.6, status_message: 'boom' }).update.progress).toBe(
      0.6,
    );
  });

  it('reads a progress above 1 as a percentage, and skips unusable fields instead of failing', () => {
    expect(readRemoteStatus({ status: 'running', progress: 42 }).update.progress).toBeCloseTo(0.42);
    const reading = readRemoteStatus({ status: 'waiting', creation_datetime: 0, start_time: 1_700_000_000 });
    expect(reading.status).toBe(RunningStatus.WAITING);
    // 0 is Perceval's "unknown" time; a waiting job has no start time.
    expect(reading.update).toEqual({});
  });
});
