import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refusedField } from '../testing/thrown.js';
import { JobStatus } from './job-status.js';
import { RunningStatus } from './running-status.js';

const T0 = new Date('2025-02-19T10:30:20.000Z');

/** The predicates, for one status, as a compact record. */
function predicates(s: JobStatus) {
  return {
    waiting: s.waiting,
    running: s.running,
    completed: s.completed,
    success: s.success,
    failed: s.failed,
    canceled: s.canceled,
    maybeCompleted: s.maybeCompleted,
    unknown: s.unknown,
  };
}

describe('JobStatus', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts WAITING at progress 0, created now, with no start, stop or messages', () => {
    const s = new JobStatus();
    expect(s.status).toBe(RunningStatus.WAITING);
    expect(s.progress).toBe(0);
    expect(s.creationTime).toEqual(T0);
    expect(s.startTime).toBeUndefined();
    expect(s.stopTime).toBeUndefined();
    expect(s.progressMessage).toBeUndefined();
    expect(s.stopMessage).toBeUndefined();
    expect(s.runningTime).toBe(0);
    expect(String(s)).toBe('WAITING');
  });

  it('accepts a creation time, and refuses an invalid one', () => {
    const created = new Date('2024-01-01T00:00:00Z');
    expect(new JobStatus({ creationTime: created }).creationTime).toBe(created);
    expect(refusedField(() => new JobStatus({ creationTime: new Date('nope') }))).toBe('creationTime');
  });

  describe('predicates', () => {
    const table: [RunningStatus, Partial<ReturnType<typeof predicates>>][] = [
      [RunningStatus.WAITING, { waiting: true }],
      [RunningStatus.RUNNING, { running: true }],
      [RunningStatus.CANCEL_REQUESTED, { running: true }],
      [RunningStatus.SUCCESS, { completed: true, success: true, maybeCompleted: true }],
      [RunningStatus.ERROR, { completed: true, failed: true, maybeCompleted: true }],
      [RunningStatus.CANCELED, { completed: true, failed: true, canceled: true, maybeCompleted: true }],
      [RunningStatus.UNKNOWN, { maybeCompleted: true, unknown: true }],
      [RunningStatus.SUSPENDED, {}],
    ];
    const allFalse = predicates(new JobStatus());
    for (const key of Object.keys(allFalse) as (keyof typeof allFalse)[]) allFalse[key] = false;

    for (const [status, trueOnes] of table) {
      it(`${status}: ${Object.keys(trueOnes).join(', ') || 'none of waiting/running/completed'}`, () => {
        const s = new JobStatus();
        s.applyRemote({ status });
        expect(predicates(s)).toEqual({ ...allFalse, ...trueOnes });
      });
    }
  });

  it('startRun makes it RUNNING and stamps the start', () => {
    const s = new JobStatus();
    vi.advanceTimersByTime(2000);
    s.startRun();
    expect(s.status).toBe(RunningStatus.RUNNING);
    expect(s.startTime).toEqual(new Date(T0.getTime() + 2000));
  });

  it('runningTime counts seconds from start to now while running, then to the stop', () => {
    const s = new JobStatus();
    vi.advanceTimersByTime(1000); // waiting time is not running time
    s.startRun();
    vi.advanceTimersByTime(1500);
    expect(s.runningTime).toBe(1.5);
    vi.advanceTimersByTime(1000);
    s.stopRun();
    vi.advanceTimersByTime(60_000);
    expect(s.runningTime).toBe(2.5);
    expect(s.stopTime).toEqual(new Date(T0.getTime() + 3500));
  });

  it('stopRun() ends SUCCESS with progress 1 and no stop message', () => {
    const s = new JobStatus();
    s.startRun();
    s.updateProgress(0.3);
    s.stopRun();
    expect(s.status).toBe(RunningStatus.SUCCESS);
    expect(s.progress).toBe(1);
    expect(s.stopMessage).toBeUndefined();
  });

  it('stopRun(ERROR, message) keeps progress and records the message', () => {
    const s = new JobStatus();
    s.startRun();
    s.updateProgress(0.3);
    s.stopRun(RunningStatus.ERROR, 'RangeError: too big');
    expect(s.status).toBe(RunningStatus.ERROR);
    expect(s.progress).toBe(0.3);
    expect(s.stopMessage).toBe('RangeError: too big');
  });

  it('stopRun refuses a cause that does not complete a job', () => {
    const s = new JobStatus();
    expect(refusedField(() => s.stopRun(RunningStatus.RUNNING))).toBe('cause');
    expect(refusedField(() => s.stopRun(RunningStatus.CANCEL_REQUESTED))).toBe('cause');
    expect(s.status).toBe(RunningStatus.WAITING);
  });

  it('requestCancel moves to CANCEL_REQUESTED, which still counts as running', () => {
    const s = new JobStatus();
    s.startRun();
    s.requestCancel();
    expect(s.status).toBe(RunningStatus.CANCEL_REQUESTED);
    expect(s.running).toBe(true);
    expect(s.completed).toBe(false);
  });

  describe('updateProgress', () => {
    it('starts a waiting job', () => {
      const s = new JobStatus();
      s.updateProgress(0.1, 'building the table');
      expect(s.status).toBe(RunningStatus.RUNNING);
      expect(s.startTime).toEqual(T0);
      expect(s.progress).toBe(0.1);
      expect(s.progressMessage).toBe('building the table');
    });

    it('never moves progress backwards, but the message follows the latest update', () => {
      const s = new JobStatus();
      s.updateProgress(0.6, 'sampling');
      s.updateProgress(0.2, 'late report');
      expect(s.progress).toBe(0.6);
      expect(s.progressMessage).toBe('late report');
      s.updateProgress(0.7);
      expect(s.progress).toBe(0.7);
      expect(s.progressMessage).toBeUndefined();
    });

    it('clamps to [0,1]', () => {
      const s = new JobStatus();
      s.updateProgress(-3);
      expect(s.progress).toBe(0);
      s.updateProgress(7);
      expect(s.progress).toBe(1);
      s.updateProgress(Number.POSITIVE_INFINITY);
      expect(s.progress).toBe(1);
    });

    it('refuses NaN and non-numbers, naming the field, without changing anything', () => {
      const s = new JobStatus();
      s.updateProgress(0.4, 'a');
      expect(refusedField(() => s.updateProgress(Number.NaN, 'b'))).toBe('progress');
      expect(refusedField(() => s.updateProgress('0.5' as unknown as number))).toBe('progress');
      expect(s.progress).toBe(0.4);
      expect(s.progressMessage).toBe('a');
    });
  });

  describe('updateTimes', () => {
    it('sets creation and start times and a duration that overrides the measured running time', () => {
      const s = new JobStatus();
      const created = new Date('2025-01-01T00:00:00Z');
      const started = new Date('2025-01-01T00:00:05Z');
      s.updateTimes({ creationTime: created, startTime: started, duration: 12 });
      expect(s.creationTime).toBe(created);
      expect(s.startTime).toBe(started);
      expect(s.runningTime).toBe(12);
    });

    it('places the stop time at start + duration on a completed job', () => {
      const s = new JobStatus();
      s.stopRun(RunningStatus.SUCCESS);
      s.updateTimes({ startTime: new Date('2025-01-01T00:00:05Z'), duration: 12 });
      expect(s.stopTime).toEqual(new Date('2025-01-01T00:00:17Z'));
    });

    it('refuses invalid dates and durations, naming the field, and changes nothing then', () => {
      const s = new JobStatus();
      expect(refusedField(() => s.updateTimes({ startTime: new Date(Number.NaN) }))).toBe('startTime');
      expect(refusedField(() => s.updateTimes({ creationTime: '2025' as unknown as Date }))).toBe(
        'creationTime',
      );
      expect(refusedField(() => s.updateTimes({ startTime: new Date(), duration: -1 }))).toBe('duration');
      expect(refusedField(() => s.updateTimes({ duration: Number.NaN }))).toBe('duration');
      expect(s.startTime).toBeUndefined();
      expect(s.creationTime).toEqual(T0);
    });
  });

  describe('applyRemote', () => {
    it('mirrors a running remote status with its progress and message, stamping a start', () => {
      const s = new JobStatus();
      s.applyRemote({ status: RunningStatus.RUNNING, progress: 0.25, progressMessage: 'queued on QPU' });
      expect(s.status).toBe(RunningStatus.RUNNING);
      expect(s.progress).toBe(0.25);
      expect(s.progressMessage).toBe('queued on QPU');
      expect(s.startTime).toEqual(T0);
    });

    it('keeps progress monotone and in range whatever the server says', () => {
      const s = new JobStatus();
      s.applyRemote({ status: RunningStatus.RUNNING, progress: 0.5 });
      s.applyRemote({ progress: 0.1 });
      expect(s.progress).toBe(0.5);
      s.applyRemote({ progress: 42 });
      expect(s.progress).toBe(1);
    });

    it('only changes the fields present', () => {
      const s = new JobStatus();
      s.applyRemote({ status: RunningStatus.RUNNING, progress: 0.5, progressMessage: 'm' });
      s.applyRemote({});
      expect(s.toJSON()).toMatchObject({ status: 'RUNNING', progress: 0.5, progressMessage: 'm' });
    });

    it('a completed status stamps the stop time; SUCCESS sets progress to 1', () => {
      const s = new JobStatus();
      s.applyRemote({ status: RunningStatus.RUNNING, progress: 0.5 });
      vi.advanceTimersByTime(4000);
      s.applyRemote({ status: RunningStatus.SUCCESS });
      expect(s.progress).toBe(1);
      expect(s.stopTime).toEqual(new Date(T0.getTime() + 4000));
      expect(s.runningTime).toBe(4);
    });

    it('an ERROR carries the server stop message and the server times win over local stamps', () => {
      const s = new JobStatus();
      const start = new Date('2025-02-19T10:00:00Z');
      const stop = new Date('2025-02-19T10:00:09Z');
      s.applyRemote({
        status: RunningStatus.ERROR,
        stopMessage: 'out of memory',
        startTime: start,
        stopTime: stop,
      });
      expect(s.stopMessage).toBe('out of memory');
      expect(s.startTime).toBe(start);
      expect(s.stopTime).toBe(stop);
      expect(s.runningTime).toBe(9);
    });

    it('refuses an unknown status or bad values and then changes nothing', () => {
      const s = new JobStatus();
      expect(refusedField(() => s.applyRemote({ status: 'completed' as RunningStatus, progress: 0.5 }))).toBe(
        'status',
      );
      expect(refusedField(() => s.applyRemote({ status: RunningStatus.RUNNING, progress: Number.NaN }))).toBe(
        'progress',
      );
      expect(
        refusedField(() => s.applyRemote({ status: RunningStatus.SUCCESS, stopTime: new Date(Number.NaN) })),
      ).toBe('stopTime');
      expect(refusedField(() => s.applyRemote({ status: RunningStatus.SUCCESS, duration: -5 }))).toBe(
        'duration',
      );
      expect(s.status).toBe(RunningStatus.WAITING);
      expect(s.progress).toBe(0);
    });
  });

  it('toString gives the status name and toJSON a plain snapshot', () => {
    const s = new JobStatus();
    s.startRun();
    s.updateProgress(0.5, 'half');
    vi.advanceTimersByTime(1000);
    s.stopRun(RunningStatus.CANCELED, 'The job was canceled by the user');
    expect(`${s}`).toBe('CANCELED');
    expect(JSON.parse(JSON.stringify(s))).toEqual({
      status: 'CANCELED',
      progress: 0.5,
      progressMessage: 'half',
      creationTime: '2025-02-19T10:30:20.000Z',
      startTime: '2025-02-19T10:30:20.000Z',
      stopTime: '2025-02-19T10:30:21.000Z',
      stopMessage: 'The job was canceled by the user',
      runningTime: 1,
    });
  });
});
