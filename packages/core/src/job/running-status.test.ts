import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import {
  isRunningStatus,
  RunningStatus,
  runningStatusFromWire,
  runningStatusToWire,
} from './running-status.js';

describe('RunningStatus', () => {
  it('is string-valued, each value its own name, in Perceval order', () => {
    expect(Object.values(RunningStatus)).toEqual([
      'WAITING',
      'RUNNING',
      'SUCCESS',
      'ERROR',
      'CANCELED',
      'SUSPENDED',
      'CANCEL_REQUESTED',
      'UNKNOWN',
    ]);
    expect(`${RunningStatus.CANCEL_REQUESTED}`).toBe('CANCEL_REQUESTED');
  });

  it('recognizes its own values only', () => {
    expect(isRunningStatus(RunningStatus.SUCCESS)).toBe(true);
    expect(isRunningStatus('success')).toBe(false);
    expect(isRunningStatus('completed')).toBe(false);
    expect(isRunningStatus(2)).toBe(false);
  });
});

describe('runningStatusFromWire', () => {
  it('reads "completed" as SUCCESS', () => {
    expect(runningStatusFromWire('completed')).toBe(RunningStatus.SUCCESS);
  });

  it('reads every status the cloud sends by its lower-case name', () => {
    expect(runningStatusFromWire('waiting')).toBe(RunningStatus.WAITING);
    expect(runningStatusFromWire('running')).toBe(RunningStatus.RUNNING);
    expect(runningStatusFromWire('error')).toBe(RunningStatus.ERROR);
    expect(runningStatusFromWire('canceled')).toBe(RunningStatus.CANCELED);
    expect(runningStatusFromWire('suspended')).toBe(RunningStatus.SUSPENDED);
    expect(runningStatusFromWire('cancel_requested')).toBe(RunningStatus.CANCEL_REQUESTED);
    expect(runningStatusFromWire('unknown')).toBe(RunningStatus.UNKNOWN);
  });

  it('matches names case-insensitively, as Perceval upper-cases them', () => {
    expect(runningStatusFromWire('RUNNING')).toBe(RunningStatus.RUNNING);
    expect(runningStatusFromWire('Completed')).toBe(RunningStatus.SUCCESS);
    expect(runningStatusFromWire('success')).toBe(RunningStatus.SUCCESS);
  });

  it('maps anything it does not know to UNKNOWN', () => {
    expect(runningStatusFromWire('cancelled')).toBe(RunningStatus.UNKNOWN);
    expect(runningStatusFromWire('')).toBe(RunningStatus.UNKNOWN);
    expect(runningStatusFromWire(' running')).toBe(RunningStatus.UNKNOWN);
    expect(runningStatusFromWire(null as unknown as string)).toBe(RunningStatus.UNKNOWN);
    expect(runningStatusFromWire(3 as unknown as string)).toBe(RunningStatus.UNKNOWN);
  });
});

describe('runningStatusToWire', () => {
  it('writes SUCCESS as "completed" and the others as lower-case names', () => {
    expect(runningStatusToWire(RunningStatus.SUCCESS)).toBe('completed');
    expect(runningStatusToWire(RunningStatus.CANCEL_REQUESTED)).toBe('cancel_requested');
    expect(runningStatusToWire(RunningStatus.WAITING)).toBe('waiting');
  });

  it('round-trips every status through the wire', () => {
    for (const status of Object.values(RunningStatus)) {
      expect(runningStatusFromWire(runningStatusToWire(status))).toBe(status);
    }
  });

  it('refuses a value that is not a RunningStatus, naming the field', () => {
    expect(() => runningStatusToWire('completed' as RunningStatus)).toThrow(ValidationError);
    try {
      runningStatusToWire(undefined as unknown as RunningStatus);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('status');
    }
  });
});
