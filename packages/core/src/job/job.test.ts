import { inspect } from 'node:util';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  JobAlreadyExecutedError,
  JobCanceledError,
  JobError,
  JobNotCompleteError,
  JobTimeoutError,
  ValidationError,
} from '../errors/index.js';
import { Job, type JobOptions, type ProgressListener } from './job.js';
import type { JobStatusUpdate } from './job-status.js';
import { RunningStatus } from './running-status.js';

/**
 * A job driven by hand through the protected hooks, the way a remote job drives them from the server's answers.
 * `executeSync` completes at once with its arguments as results.
 */
class ManualJob<R = unknown[]> extends Job<R> {
  constructor(options?: JobOptions) {
    super(options);
  }

  executeSync(...args: unknown[]): R {
    this.beginExecution();
    this.rawStatus.startRun();
    this.settleSuccess(args as R);
    return this.getResults();
  }

  executeAsync(): Promise<this> {
    this.beginExecution();
    this.rawStatus.startRun();
    return Promise.resolve(this);
  }

  cancel(): Promise<void> {
    this.markCancelRequested();
    return Promise.resolve();
  }

  progress(p: number, message?: string): void {
    this.reportProgress(p, message);
  }
  remote(update: JobStatusUpdate): void {
    this.applyRemoteStatus(update);
  }
  succeed(results: R): boolean {
    return this.settleSuccess(results);
  }
  fail(message: string, cause?: unknown): boolean {
    return this.settleError(message, cause);
  }
  stopCanceled(outcome?: { results?: R | null; message?: string; cause?: unknown }): boolean {
    return this.settleCanceled(outcome);
  }
  get begun(): boolean {
    return this.executionBegun;
  }
}

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Job: callable instances and name', () => {
  it('is a function: job(...args) is job.executeSync(...args)', () => {
    const job = new ManualJob();
    expect(typeof job).toBe('function');
    expect(job(1, 'two')).toEqual([1, 'two']);
    expect(job.isSuccess).toBe(true);
    expect(job).toBeInstanceOf(Job);
  });

  it("is named 'Job' by default, as Perceval", () => {
    expect(new ManualJob().name).toBe('Job');
  });

  it('takes a name from its options or by assignment; an empty name becomes "unnamed"', () => {
    const job = new ManualJob({ name: 'sample_count' });
    expect(job.name).toBe('sample_count');
    job.name = 'probs';
    expect(job.name).toBe('probs');
    job.name = '';
    expect(job.name).toBe('unnamed');
  });

  it('refuses a name that is not a string, naming the field', () => {
    const job = new ManualJob();
    expect(() => {
      job.name = 42 as unknown as string;
    }).toThrow(ValidationError);
    expect(() => new ManualJob({ name: null as unknown as string })).toThrow(/must be a string/);
    const error = (() => {
      try {
        job.name = {} as unknown as string;
      } catch (e) {
        return e;
      }
    })();
    expect((error as ValidationError).field).toBe('name');
    expect(job.name).toBe('Job');
  });

  it('refuses options that are not an object', () => {
    expect(() => new ManualJob(null as unknown as JobOptions)).toThrow(ValidationError);
  });

  it('prints its class, name and status', () => {
    const job = new ManualJob({ name: 'sweep' });
    expect(String(job)).toBe("ManualJob 'sweep' [WAITING]");
    job.progress(0.425);
    expect(String(job)).toBe("ManualJob 'sweep' [RUNNING 42%]");
    expect(inspect(job)).toBe("ManualJob 'sweep' [RUNNING 42%]");
  });

  it('prints the progress a job stopped at when it was canceled or failed, none once it succeeded', () => {
    const canceled = new ManualJob({ name: 'sweep' });
    void canceled.executeAsync();
    canceled.progress(0.14);
    void canceled.cancel();
    canceled.stopCanceled();
    expect(String(canceled)).toBe("ManualJob 'sweep' [CANCELED 14%]");
    const failed = new ManualJob({ name: 'sweep' });
    void failed.executeAsync();
    failed.progress(0.6);
    failed.fail('out of memory');
    expect(String(failed)).toBe("ManualJob 'sweep' [ERROR 60%]");
    const succeeded = new ManualJob({ name: 'sweep' });
    succeeded.executeSync();
    expect(String(succeeded)).toBe("ManualJob 'sweep' [SUCCESS]");
  });
});

describe('Job: single execution', () => {
  it('throws JobAlreadyExecutedError on a second execution', async () => {
    const job = new ManualJob();
    job(1);
    expect(() => job(2)).toThrow(JobAlreadyExecutedError);
    const again = new ManualJob();
    await again.executeAsync();
    expect(() => again.executeSync()).toThrow(/already executed \(status RUNNING\)/);
    expect(again.begun).toBe(true);
  });

  it('refuses to execute a job canceled before it started', () => {
    const job = new ManualJob();
    job.stopCanceled();
    expect(() => job.executeSync()).toThrow(/canceled before it started/);
    expect(job.begun).toBe(false);
  });
});

describe('Job: getResults', () => {
  it('throws JobNotCompleteError before completion (waiting, running, suspended)', () => {
    const job = new ManualJob();
    expect(() => job.getResults()).toThrow(JobNotCompleteError);
    job.progress(0.5);
    expect(() => job.getResults()).toThrow(
      'The job is RUNNING; its results are not available until it completes (`await job.wait()`)',
    );
    job.remote({ status: RunningStatus.SUSPENDED });
    expect(() => job.getResults()).toThrow(JobNotCompleteError);
  });

  it('returns the results on SUCCESS', () => {
    const job = new ManualJob<{ results: number }>();
    job.succeed({ results: 7 });
    expect(job.getResults()).toEqual({ results: 7 });
  });

  it('throws JobError with the stop message as message and the original error as cause on ERROR', () => {
    const job = new ManualJob();
    const cause = new RangeError('n too large');
    job.fail('RangeError: n too large', cause);
    try {
      job.getResults();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JobError);
      expect((error as JobError).message).toBe('RangeError: n too large');
      expect((error as JobError).cause).toBe(cause);
    }
  });

  it('returns partial results on CANCELED', () => {
    const job = new ManualJob<string[]>();
    job.stopCanceled({ results: ['|1,0>', '|0,1>'] });
    expect(job.getResults()).toEqual(['|1,0>', '|0,1>']);
    expect(job.isFailed).toBe(true);
  });

  it('throws JobCanceledError on CANCELED with nothing (undefined or null)', () => {
    const none = new ManualJob();
    const cause = new Error('stopped');
    none.stopCanceled({ cause });
    expect(() => none.getResults()).toThrow(JobCanceledError);
    try {
      none.getResults();
    } catch (error) {
      expect((error as JobCanceledError).cause).toBe(cause);
    }
    const nulled = new ManualJob();
    nulled.stopCanceled({ results: null });
    expect(() => nulled.getResults()).toThrow(JobCanceledError);
  });

  it('on UNKNOWN, throws JobError as no results are held', () => {
    const job = new ManualJob();
    job.remote({ status: RunningStatus.UNKNOWN });
    expect(() => job.getResults()).toThrow(/UNKNOWN/);
  });

  it('refuses a SUCCESS set behind its back, without results', () => {
    const job = new ManualJob();
    job.status.applyRemote({ status: RunningStatus.SUCCESS });
    expect(() => job.getResults()).toThrow(JobError);
  });
});

describe('Job: settle hooks', () => {
  it('complete once: later settles are ignored and report false', () => {
    const job = new ManualJob<number>();
    expect(job.succeed(1)).toBe(true);
    expect(job.fail('late')).toBe(false);
    expect(job.stopCanceled({ results: 2 })).toBe(false);
    expect(job.succeed(3)).toBe(false);
    expect(job.getResults()).toBe(1);
    expect(job.status.status).toBe(RunningStatus.SUCCESS);
  });

  it('a canceled job gets a stop message by default', () => {
    const job = new ManualJob();
    job.stopCanceled();
    expect(job.status.stopMessage).toBe('The job was canceled');
  });

  it('markCancelRequested moves a running job to CANCEL_REQUESTED, still running', async () => {
    const job = new ManualJob();
    await job.executeAsync();
    await job.cancel();
    expect(job.status.status).toBe(RunningStatus.CANCEL_REQUESTED);
    expect(job.isRunning).toBe(true);
    expect(job.isComplete).toBe(false);
  });

  it('applyRemoteStatus refuses completing statuses (results must come with completion)', () => {
    const job = new ManualJob();
    for (const status of [RunningStatus.SUCCESS, RunningStatus.ERROR, RunningStatus.CANCELED]) {
      expect(() => job.remote({ status })).toThrow(/settle/);
    }
    expect(job.isWaiting).toBe(true);
  });

  it('a completed job ignores later progress and remote statuses', () => {
    const job = new ManualJob();
    job.progress(0.3);
    job.fail('boom');
    job.progress(0.9);
    job.remote({ status: RunningStatus.RUNNING, progress: 0.8 });
    expect(job.status.progress).toBe(0.3);
    expect(job.status.status).toBe(RunningStatus.ERROR);
  });
});

describe('Job: predicates follow the status', () => {
  it('waiting → running → success', () => {
    const job = new ManualJob<number>();
    expect([job.isWaiting, job.isRunning, job.isComplete]).toEqual([true, false, false]);
    job.progress(0.1);
    expect([job.isWaiting, job.isRunning, job.isComplete]).toEqual([false, true, false]);
    job.succeed(1);
    expect([job.isRunning, job.isComplete, job.isSuccess, job.isFailed]).toEqual([false, true, true, false]);
  });
});

describe('Job: progress listeners', () => {
  it('hear every update, synchronously, with the monotone clamped progress and the message', () => {
    const job = new ManualJob();
    const heard: [number, string | undefined][] = [];
    job.onProgress((p, m) => heard.push([p, m]));
    job.progress(0.2, 'a');
    expect(heard).toEqual([[0.2, 'a']]);
    job.progress(0.1, 'b');
    job.progress(3);
    expect(heard).toEqual([
      [0.2, 'a'],
      [0.2, 'b'],
      [1, undefined],
    ]);
  });

  it('receive the message as optional: a string when the update gives one, undefined (never "undefined") otherwise', () => {
    // The listener's type says so, and `typecheck` holds it there.
    expectTypeOf<Parameters<ProgressListener>[1]>().toEqualTypeOf<string | undefined>();
    const job = new ManualJob<number>();
    const messages: unknown[] = [];
    job.onProgress((_p, m) => messages.push(m));
    job.progress(0.5, 'sampling');
    job.progress(0.75);
    job.succeed(1);
    expect(messages).toEqual(['sampling', undefined, undefined]);
  });

  it('hear the final 1 on success', () => {
    const job = new ManualJob<number>();
    const heard: number[] = [];
    job.onProgress((p) => heard.push(p));
    job.progress(0.5);
    job.succeed(1);
    expect(heard).toEqual([0.5, 1]);
  });

  it('hear remote updates only when progress or message changed', () => {
    const job = new ManualJob();
    const heard: number[] = [];
    job.onProgress((p) => heard.push(p));
    job.remote({ status: RunningStatus.RUNNING, progress: 0.4, progressMessage: 'x' });
    job.remote({ status: RunningStatus.RUNNING, progress: 0.4, progressMessage: 'x' });
    job.remote({ progress: 0.3 });
    job.remote({ progress: 0.6 });
    expect(heard).toEqual([0.4, 0.6]);
  });

  it('stop hearing once unsubscribed (twice is harmless), even in the middle of a round', () => {
    const job = new ManualJob();
    const heard: string[] = [];
    let offSecond = (): void => {};
    const offFirst = job.onProgress(() => {
      heard.push('first');
      offSecond();
    });
    offSecond = job.onProgress(() => heard.push('second'));
    job.progress(0.1);
    expect(heard).toEqual(['first']);
    offFirst();
    offFirst();
    job.progress(0.2);
    expect(heard).toEqual(['first']);
  });

  it('the same function subscribed twice is called twice and unsubscribed separately', () => {
    const job = new ManualJob();
    let calls = 0;
    const listener = (): void => {
      calls += 1;
    };
    const off = job.onProgress(listener);
    job.onProgress(listener);
    job.progress(0.1);
    off();
    job.progress(0.2);
    expect(calls).toBe(3);
  });

  it('a throwing listener does not break the job or other listeners, and is reported once as a warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const job = new ManualJob<number>({ name: 'noisy' });
    const heard: number[] = [];
    job.onProgress(() => {
      throw new TypeError('listener bug');
    });
    job.onProgress((p) => heard.push(p));
    job.progress(0.2);
    job.progress(0.4);
    job.succeed(5);
    expect(heard).toEqual([0.2, 0.4, 1]);
    expect(job.getResults()).toBe(5);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toBe(
      "A progress listener of job 'noisy' threw (TypeError: listener bug); the job goes on",
    );
    expect(warn.mock.calls[0]?.[1]).toEqual({ type: 'BosonicWarning', code: 'BOSONIC_PROGRESS_LISTENER' });
  });

  it('refuses a listener that is not a function', () => {
    expect(() => new ManualJob().onProgress('nope' as unknown as () => void)).toThrow(ValidationError);
  });

  it('reportProgress refuses NaN, naming the field', () => {
    const job = new ManualJob();
    try {
      job.progress(Number.NaN);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).field).toBe('progress');
    }
  });
});

describe('Job: wait', () => {
  it('resolves with the results once the job succeeds', async () => {
    const job = new ManualJob<string>();
    const waiting = job.wait();
    setTimeout(() => job.succeed('done'), 5);
    await expect(waiting).resolves.toBe('done');
  });

  it('resolves at once for a job already complete, and rejects as getResults for a failed one', async () => {
    const ok = new ManualJob<number>();
    ok.succeed(1);
    await expect(ok.wait()).resolves.toBe(1);
    const failed = new ManualJob();
    failed.fail('ValueError: bad');
    await expect(failed.wait()).rejects.toThrow(new JobError('ValueError: bad'));
    const canceled = new ManualJob();
    canceled.stopCanceled();
    await expect(canceled.wait()).rejects.toBeInstanceOf(JobCanceledError);
  });

  it('lets several waiters wait, including one that started before the job was executed', async () => {
    const job = new ManualJob<number>();
    const early = job.wait();
    await job.executeAsync();
    const late = job.wait();
    job.succeed(9);
    await expect(Promise.all([early, late])).resolves.toEqual([9, 9]);
  });

  it('rejects with JobTimeoutError after timeoutMs, and the job keeps running and completes later', async () => {
    const job = new ManualJob<number>();
    await job.executeAsync();
    const error = await rejection(job.wait({ timeoutMs: 5 }));
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect((error as JobTimeoutError).timeoutMs).toBe(5);
    expect((error as JobTimeoutError).message).toMatch(/within 5 ms \(status RUNNING\); it keeps running/);
    expect(job.isRunning).toBe(true);
    job.succeed(3);
    await expect(job.wait()).resolves.toBe(3);
  });

  it('timeoutMs 0 gives up at once on a job not complete', async () => {
    const job = new ManualJob();
    await expect(job.wait({ timeoutMs: 0 })).rejects.toBeInstanceOf(JobTimeoutError);
  });

  it('holds a timer only until the job completes (nothing keeps the process alive afterwards)', async () => {
    vi.useFakeTimers();
    const job = new ManualJob<number>();
    const waiting = job.wait({ timeoutMs: 60_000 });
    expect(vi.getTimerCount()).toBe(1);
    job.succeed(1);
    await expect(waiting).resolves.toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('holds no timer at all without a timeout', () => {
    vi.useFakeTimers();
    const job = new ManualJob();
    void job.wait();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits past the 2^31 ms limit of setTimeout instead of firing early', async () => {
    vi.useFakeTimers();
    const job = new ManualJob();
    let settled = false;
    const waiting = job.wait({ timeoutMs: 3_000_000_000 }).catch((error: unknown) => {
      settled = true;
      return error;
    });
    await vi.advanceTimersByTimeAsync(2_999_999_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await waiting).toBeInstanceOf(JobTimeoutError);
  });

  it("rejects with the signal's reason (AbortError by default) when aborted; the job keeps running", async () => {
    const job = new ManualJob<number>();
    await job.executeAsync();
    const controller = new AbortController();
    const waiting = rejection(job.wait({ signal: controller.signal, timeoutMs: 60_000 }));
    controller.abort();
    const error = await waiting;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(job.isRunning).toBe(true);

    const custom = new AbortController();
    const reason = new Error('user left');
    const second = rejection(job.wait({ signal: custom.signal }));
    custom.abort(reason);
    expect(await second).toBe(reason);

    job.succeed(4);
    await expect(job.wait()).resolves.toBe(4);
  });

  it('rejects at once with the reason of an already aborted signal, even for a complete job', async () => {
    const job = new ManualJob<number>();
    job.succeed(1);
    const reason = new Error('too late');
    await expect(job.wait({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('forgets its abort listener once the job completes', async () => {
    const job = new ManualJob<number>();
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const waiting = job.wait({ signal: controller.signal });
    job.succeed(2);
    await expect(waiting).resolves.toBe(2);
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
    controller.abort(); // harmless now
  });

  it('rejects bad options with ValidationError naming the field', async () => {
    const job = new ManualJob();
    const negative = await rejection(job.wait({ timeoutMs: -1 }));
    expect((negative as ValidationError).field).toBe('timeoutMs');
    const nan = await rejection(job.wait({ timeoutMs: Number.NaN }));
    expect((nan as ValidationError).field).toBe('timeoutMs');
    const text = await rejection(job.wait({ timeoutMs: '5' as unknown as number }));
    expect((text as ValidationError).field).toBe('timeoutMs');
    const signal = await rejection(job.wait({ signal: {} as AbortSignal }));
    expect((signal as ValidationError).field).toBe('signal');
    const options = await rejection(job.wait(null as unknown as undefined));
    expect((options as ValidationError).field).toBe('options');
  });
});
