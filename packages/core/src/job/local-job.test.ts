import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  JobAlreadyExecutedError,
  JobCanceledError,
  JobError,
  JobNotCompleteError,
  JobTimeoutError,
  ValidationError,
} from '../errors/index.js';
import { Job } from './job.js';
import { LocalJob, type TaskContext } from './local-job.js';
import { RunningStatus } from './running-status.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise the test resolves by hand, to hold an asynchronous task at a chosen point. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an exception');
}

/** Collects the unhandled rejections that occur while a test runs. */
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  vi.restoreAllMocks();
});

describe('LocalJob: construction and calling', () => {
  it('runs the example of the design: a callable job around any task', () => {
    const seen: unknown[][] = [];
    const custom = new LocalJob((args, ctx) => {
      seen.push(args);
      ctx.progress(0.5, 'half way');
      return { results: 42 };
    });
    expect(custom(1, 2)).toEqual({ results: 42 });
    expect(seen).toEqual([[1, 2]]);
    expect(custom).toBeInstanceOf(Job);
    expectTypeOf(custom).toBeCallableWith(1, 2);
    expectTypeOf(custom).returns.toEqualTypeOf<{ results: number }>();
  });

  it('takes a name in its options', () => {
    expect(new LocalJob(() => 1, { name: 'probs' }).name).toBe('probs');
    expect(new LocalJob(() => 1).name).toBe('Job');
  });

  it('refuses a task that is not a function, naming the field', () => {
    const error = caught(() => new LocalJob('task' as unknown as () => number));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('task');
  });
});

describe('LocalJob: executeSync', () => {
  it('runs the task on this thread in sync mode and returns its results', () => {
    let ctxSeen: TaskContext | undefined;
    const job = new LocalJob((args, ctx) => {
      ctxSeen = ctx;
      expect(job.status.status).toBe(RunningStatus.RUNNING);
      return { results: (args[0] as number) * 2 };
    });
    expect(job.executeSync(21)).toEqual({ results: 42 });
    expect(ctxSeen?.mode).toBe('sync');
    expect(ctxSeen?.cancelRequested).toBe(false);
    expect(ctxSeen?.signal.aborted).toBe(false);
  });

  it('on success: SUCCESS, progress 1, start and stop times, no stop message; results stay readable', async () => {
    const job = new LocalJob(() => 'done');
    job.executeSync();
    const { status } = job;
    expect(status.status).toBe(RunningStatus.SUCCESS);
    expect(status.progress).toBe(1);
    expect(status.startTime).toBeInstanceOf(Date);
    expect(status.stopTime).toBeInstanceOf(Date);
    expect(status.stopMessage).toBeUndefined();
    expect(job.getResults()).toBe('done');
    await expect(job.wait()).resolves.toBe('done');
  });

  it('a task that throws: ERROR with stop message "<ErrorName>: <message>"; executeSync, getResults, wait throw JobError', async () => {
    const cause = new RangeError('20 photons exceed the memory limit');
    const job = new LocalJob(() => {
      throw cause;
    });
    const error = caught(() => job.executeSync());
    expect(error).toBeInstanceOf(JobError);
    expect((error as JobError).message).toBe('RangeError: 20 photons exceed the memory limit');
    expect((error as JobError).cause).toBe(cause);
    expect(job.status.status).toBe(RunningStatus.ERROR);
    expect(job.status.stopMessage).toBe('RangeError: 20 photons exceed the memory limit');
    expect(job.isFailed).toBe(true);
    expect(() => job.getResults()).toThrow(new JobError('RangeError: 20 photons exceed the memory limit'));
    await expect(job.wait()).rejects.toBeInstanceOf(JobError);
  });

  it('a task that returns a promise makes executeSync throw a clear JobError instead of hanging', async () => {
    let ctxSeen: TaskContext | undefined;
    const job = new LocalJob(async (_args, ctx) => {
      ctxSeen = ctx;
      await sleep(1);
      throw new Error('the abandoned work fails later');
    });
    const error = caught(() => job.executeSync());
    expect(error).toBeInstanceOf(JobError);
    expect((error as JobError).message).toMatch(/returned a promise.*use executeAsync\(\) and wait\(\)/);
    expect(job.status.status).toBe(RunningStatus.ERROR);
    expect(job.status.stopMessage).toBe((error as JobError).message);
    // the abandoned work is told to stop
    expect(ctxSeen?.signal.aborted).toBe(true);
    expect(ctxSeen?.cancelRequested).toBe(true);
    // and its later rejection is not an unhandled one, nor does it change the outcome
    await sleep(20);
    expect(unhandled).toEqual([]);
    expect(job.status.status).toBe(RunningStatus.ERROR);
  });

  it('a result whose `then` getter throws is a plain value, not a promise', () => {
    const odd = Object.defineProperty({}, 'then', {
      get() {
        throw new Error('no then here');
      },
    });
    const job = new LocalJob(() => odd);
    expect(job.executeSync()).toBe(odd);
    expect(job.isSuccess).toBe(true);
  });

  it('a second execution throws JobAlreadyExecutedError, whichever way it is asked', () => {
    const job = new LocalJob(() => 1);
    job.executeSync();
    expect(() => job.executeSync()).toThrow(JobAlreadyExecutedError);
    expect(() => job()).toThrow(JobAlreadyExecutedError);
    expect(() => job.executeAsync()).toThrow(JobAlreadyExecutedError);
    expect(job.getResults()).toBe(1);
  });

  it('a failed job cannot be executed again either', () => {
    const job = new LocalJob(() => {
      throw new Error('x');
    });
    expect(() => job.executeSync()).toThrow(JobError);
    expect(() => job.executeSync()).toThrow(JobAlreadyExecutedError);
  });
});

describe('LocalJob: executeAsync', () => {
  it('never runs the task before returning: RUNNING at once, the task starts on a later tick', async () => {
    let started = false;
    const job = new LocalJob((args, ctx) => {
      started = true;
      return { mode: ctx.mode, args };
    });
    const launched = job.executeAsync('a', 2);
    expect(started).toBe(false);
    expect(job.status.status).toBe(RunningStatus.RUNNING);
    expect(job.isRunning).toBe(true);
    expect(() => job.getResults()).toThrow(JobNotCompleteError);
    await expect(launched).resolves.toBe(job);
    expect(started).toBe(true);
    expect(job.getResults()).toEqual({ mode: 'async', args: ['a', 2] });
  });

  it('resolves once launched, before an asynchronous task completes; wait() then gives the results', async () => {
    const release = gate<number>();
    const job = new LocalJob(async () => ({ results: await release.promise }));
    await job.executeAsync();
    expect(job.isRunning).toBe(true);
    expect(() => job.getResults()).toThrow(JobNotCompleteError);
    release.open(7);
    await expect(job.wait()).resolves.toEqual({ results: 7 });
    expect(job.status.progress).toBe(1);
  });

  it('a task that throws at launch: ERROR with stop message, the promise rejects with JobError', async () => {
    const cause = new ValidationError('mode 9 does not exist', { field: 'mode' });
    const job = new LocalJob(() => {
      throw cause;
    });
    const error = await job.executeAsync().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobError);
    expect((error as JobError).message).toBe('ValidationError: mode 9 does not exist');
    expect((error as JobError).cause).toBe(cause);
    expect(job.status.stopMessage).toBe('ValidationError: mode 9 does not exist');
  });

  it('ignoring the promise of a failed launch gives no unhandled rejection; the failure stays in status', async () => {
    const job = new LocalJob(() => {
      throw new TypeError('bad input');
    });
    void job.executeAsync();
    await sleep(20);
    expect(unhandled).toEqual([]);
    expect(job.isFailed).toBe(true);
    expect(job.status.stopMessage).toBe('TypeError: bad input');
  });

  it('an asynchronous task that rejects later ends ERROR (the launch itself succeeded)', async () => {
    const job = new LocalJob(async () => {
      await sleep(1);
      throw new RangeError('late failure');
    });
    await expect(job.executeAsync()).resolves.toBe(job);
    await expect(job.wait()).rejects.toThrow(new JobError('RangeError: late failure'));
    expect(job.status.status).toBe(RunningStatus.ERROR);
    await sleep(5);
    expect(unhandled).toEqual([]);
  });

  it('a second executeAsync throws synchronously and leaves the running job alone', async () => {
    const release = gate();
    const job = new LocalJob(async () => {
      await release.promise;
      return 'ok';
    });
    const first = job.executeAsync();
    expect(() => job.executeAsync()).toThrow(JobAlreadyExecutedError);
    expect(() => job.executeSync()).toThrow(JobAlreadyExecutedError);
    await first;
    release.open();
    await expect(job.wait()).resolves.toBe('ok');
  });
});

describe('LocalJob: cancel', () => {
  it('before start: CANCELED at once, the task never runs, results throw JobCanceledError', async () => {
    const task = vi.fn(() => 1);
    const job = new LocalJob(task);
    await job.cancel();
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(job.status.stopMessage).toBe('The job was canceled before it started');
    expect(() => job.getResults()).toThrow(JobCanceledError);
    await expect(job.wait()).rejects.toBeInstanceOf(JobCanceledError);
    expect(() => job.executeSync()).toThrow(/canceled before it started/);
    expect(task).not.toHaveBeenCalled();
  });

  it('between executeAsync and the launch: CANCELED at once, the task never runs, the launch resolves', async () => {
    const task = vi.fn(() => 1);
    const job = new LocalJob(task);
    const launched = job.executeAsync();
    await job.cancel();
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    await expect(launched).resolves.toBe(job);
    expect(task).not.toHaveBeenCalled();
  });

  it('while running: CANCEL_REQUESTED, the context sees it, then CANCELED with the partial results', async () => {
    const drawn: string[] = [];
    let ctxSeen: TaskContext | undefined;
    const job = new LocalJob<{ results: string[] }>(async (_args, ctx) => {
      ctxSeen = ctx;
      while (!ctx.cancelRequested) {
        drawn.push(`|${drawn.length % 2},1>`);
        await sleep(1);
      }
      return { results: [...drawn] };
    });
    await job.executeAsync();
    await sleep(5);
    const abortReasons: unknown[] = [];
    ctxSeen?.signal.addEventListener('abort', () => abortReasons.push(ctxSeen?.signal.reason));
    await job.cancel();
    expect(job.status.status).toBe(RunningStatus.CANCEL_REQUESTED);
    expect(job.isRunning).toBe(true);
    expect(ctxSeen?.cancelRequested).toBe(true);
    expect(ctxSeen?.signal.aborted).toBe(true);
    expect((abortReasons[0] as DOMException).name).toBe('AbortError');
    // cancel() resolved once the request was accepted: the results come after the job stops, and the error says so.
    expect(() => job.getResults()).toThrow(
      new JobNotCompleteError(
        'The job is CANCEL_REQUESTED: cancel() was accepted but the job has not stopped yet; ' +
          '`await job.wait()` for its partial results',
      ),
    );
    const partial = await job.wait();
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(job.status.stopMessage).toBe('The job was canceled by the user');
    expect(partial.results.length).toBeGreaterThan(0);
    expect(partial.results).toEqual(drawn);
    expect(job.getResults()).toBe(partial);
  });

  it('while running, a task that returns nothing: CANCELED with nothing, JobCanceledError', async () => {
    const job = new LocalJob<number | undefined>(async (_args, ctx) => {
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      return undefined;
    });
    await job.executeAsync();
    await job.cancel();
    await expect(job.wait()).rejects.toBeInstanceOf(JobCanceledError);
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(() => job.getResults()).toThrow(JobCanceledError);
  });

  it('while running, a task that throws after the cancel: CANCELED with nothing, the error kept as cause', async () => {
    const stopError = new Error('stopped mid-way');
    const job = new LocalJob(async (_args, ctx) => {
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      throw stopError;
    });
    await job.executeAsync();
    await job.cancel();
    const error = await job.wait().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobCanceledError);
    expect((error as JobCanceledError).cause).toBe(stopError);
    expect(job.status.status).toBe(RunningStatus.CANCELED);
  });

  it('from a progress listener during executeSync: executeSync returns the partial results', () => {
    const job = new LocalJob((_args, ctx) => {
      const samples: number[] = [];
      for (let i = 0; i < 100 && !ctx.cancelRequested; i++) {
        samples.push(i);
        ctx.progress((i + 1) / 100);
      }
      return samples;
    });
    job.onProgress((p) => {
      if (p >= 0.1) void job.cancel();
    });
    expect(job.executeSync()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(job.status.progress).toBe(0.1);
  });

  it('keeps the progress reached when an asynchronous task is canceled, including what it reports while stopping', async () => {
    const job = new LocalJob(async (_args, ctx) => {
      ctx.progress(0.14, 'sampling');
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      ctx.progress(0.15, 'stopping'); // the batch in flight when the cancel arrived
      return 'partial';
    });
    const seen: number[] = [];
    job.onProgress((p) => seen.push(p));
    await job.executeAsync();
    while (job.status.progress === 0) await sleep(1);
    await job.cancel();
    expect(await job.wait()).toBe('partial');
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(job.status.progress).toBe(0.15);
    expect(job.status.progressMessage).toBe('stopping');
    expect(seen).toEqual([0.14, 0.15]);
    expect(String(job)).toBe("LocalJob 'Job' [CANCELED 15%]");
  });

  it('a task canceled while it runs (here by itself) ends CANCELED with the value it returns', async () => {
    const job = new LocalJob((_args, ctx) => {
      void job.cancel(); // the task itself asks, e.g. on a user interrupt
      return ctx.cancelRequested ? 'partial' : 'full';
    });
    await job.executeAsync();
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(job.getResults()).toBe('partial');
  });

  it('a task that throws at launch after a cancel ends CANCELED, and the launch resolves', async () => {
    const job = new LocalJob(() => {
      void job.cancel();
      throw new Error('interrupted');
    });
    await expect(job.executeAsync()).resolves.toBe(job);
    expect(job.status.status).toBe(RunningStatus.CANCELED);
    expect(() => job.getResults()).toThrow(JobCanceledError);
  });

  it('on a finished job is a no-op', async () => {
    const ok = new LocalJob(() => 3);
    ok.executeSync();
    await expect(ok.cancel()).resolves.toBeUndefined();
    expect(ok.status.status).toBe(RunningStatus.SUCCESS);
    expect(ok.getResults()).toBe(3);

    const failed = new LocalJob(() => {
      throw new Error('x');
    });
    expect(() => failed.executeSync()).toThrow(JobError);
    await failed.cancel();
    expect(failed.status.status).toBe(RunningStatus.ERROR);
  });

  it('twice is harmless', async () => {
    const job = new LocalJob(async (_args, ctx) => {
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      return 'some';
    });
    await job.executeAsync();
    await job.cancel();
    await job.cancel();
    await expect(job.wait()).resolves.toBe('some');
  });
});

describe('LocalJob: progress', () => {
  it('listeners hear every update synchronously during executeSync, before the task returns', () => {
    const events: string[] = [];
    const job = new LocalJob((_args, ctx) => {
      ctx.progress(0.25, 'table');
      events.push('task after 0.25');
      ctx.progress(0.75, 'sampling');
      events.push('task returns');
      return null;
    });
    job.onProgress((p, m) => events.push(`${p} ${m}`));
    job.executeSync();
    expect(events).toEqual(['0.25 table', 'task after 0.25', '0.75 sampling', 'task returns', '1 sampling']);
  });

  it('never goes backwards and stays in [0,1]', () => {
    const seen: number[] = [];
    const job = new LocalJob((_args, ctx) => {
      for (const p of [0.2, -1, 0.1, 0.5, 0.4, 1.5, 0.9]) {
        ctx.progress(p);
        seen.push(job.status.progress);
      }
      return 'x';
    });
    job.executeSync();
    expect(seen).toEqual([0.2, 0.2, 0.2, 0.5, 0.5, 1, 1]);
  });

  it('a task reporting NaN progress fails with a ValidationError naming the field', () => {
    const job = new LocalJob((_args, ctx) => {
      ctx.progress(Number.NaN);
      return 1;
    });
    const error = caught(() => job.executeSync());
    expect((error as JobError).message).toMatch(/^ValidationError: progress must be a number/);
    expect(((error as JobError).cause as ValidationError).field).toBe('progress');
  });

  it('an unsubscribed listener hears nothing more', async () => {
    const step = gate();
    const heard: number[] = [];
    const job = new LocalJob(async (_args, ctx) => {
      ctx.progress(0.3);
      await step.promise;
      ctx.progress(0.6);
      return 1;
    });
    const off = job.onProgress((p) => heard.push(p));
    await job.executeAsync();
    off();
    step.open();
    await job.wait();
    expect(heard).toEqual([0.3]);
  });

  it('a throwing listener does not break the job', () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const job = new LocalJob((_args, ctx) => {
      ctx.progress(0.5);
      return 'fine';
    });
    job.onProgress(() => {
      throw new Error('listener bug');
    });
    expect(job.executeSync()).toBe('fine');
    expect(process.emitWarning).toHaveBeenCalledTimes(1);
  });

  it('reports after completion are ignored', async () => {
    let later: TaskContext | undefined;
    const job = new LocalJob((_args, ctx) => {
      later = ctx;
      ctx.progress(0.4);
      return 'x';
    });
    const heard: number[] = [];
    job.onProgress((p) => heard.push(p));
    job.executeSync();
    later?.progress(0.9, 'too late');
    expect(heard).toEqual([0.4, 1]);
    expect(job.status.progressMessage).toBeUndefined();
  });
});

describe('LocalJob: wait', () => {
  it('a timeout rejects with JobTimeoutError; the job keeps running and completes afterwards', async () => {
    const release = gate();
    const job = new LocalJob(async (_args, ctx) => {
      ctx.progress(0.5);
      await release.promise;
      return 'finished';
    });
    await job.executeAsync();
    await expect(job.wait({ timeoutMs: 5 })).rejects.toBeInstanceOf(JobTimeoutError);
    expect(job.isRunning).toBe(true);
    release.open();
    await expect(job.wait({ timeoutMs: 10_000 })).resolves.toBe('finished');
    expect(job.isSuccess).toBe(true);
  });

  it('an aborted signal rejects with an AbortError; the job keeps running and completes afterwards', async () => {
    const release = gate();
    const job = new LocalJob(async () => {
      await release.promise;
      return 'finished';
    });
    await job.executeAsync();
    const controller = new AbortController();
    const waiting = job.wait({ signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(job.isRunning).toBe(true);
    release.open();
    await expect(job.wait()).resolves.toBe('finished');
  });
});
