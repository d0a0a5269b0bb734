import { JobCanceledError, type LocalJob, type SamplerResults } from '@bosonic/core';
import { stopMessageOf } from '@bosonic/core/internal';
import { validateCreateJobRequest } from '@bosonic/protocol';
import { outOfTimeMessage, startDeadline } from '../jobs/execution-time-limit.js';
import { resultsContentText } from '../jobs/results-content.js';
import { createPlannedJob, planSamplerJob } from '../jobs/sampler-job-plan.js';
import { samplesProduced } from '../jobs/samples-produced.js';
import type { JobOutcome } from '../store/job-record.js';
import type { RunOrder } from './worker-messages.js';

/** A job being run. */
export interface RunningJob {
  /** Asks the job to stop; a sampling job keeps the samples drawn so far. */
  cancel(): void;
  /** How the run ended; never rejects. */
  readonly outcome: Promise<JobOutcome>;
}

/** Stop message of a job canceled before it produced anything. */
export const CANCELED_WITHOUT_RESULTS = 'Canceled by the user; no results were produced before it stopped';

/**
 * Stop message of a run stopped before its end: by its time limit of `outOfTimeAfter` seconds, or by the user when
 * that is null; `partial` when it keeps partial results.
 */
export function stoppedEarlyMessage(outOfTimeAfter: number | null, partial: boolean): string {
  if (outOfTimeAfter !== null) return outOfTimeMessage(outOfTimeAfter, partial);
  return partial ? 'Canceled by the user; partial results kept' : CANCELED_WITHOUT_RESULTS;
}

/**
 * Runs one stored job on the simulator: rebuilds its sampler job from the request, runs it asynchronously (the
 * native engine computes on a thread of its own, so `cancel()` is heard at once and several jobs can share a
 * worker), reports progress at most every
 * `order.progressIntervalMs` (and its final value), and turns the end into an outcome to store — the results
 * as their JSON text, partial ones for a canceled sampling job, or the error's message.
 */
export function runJob(
  order: RunOrder,
  onProgress: (progress: number, message: string | null) => void,
): RunningJob {
  let job: LocalJob<SamplerResults> | undefined;
  let cancelRequested = false;
  let outOfTime = false;
  const limit = order.maxExecutionTime ?? null;
  const stopMessage = (partial: boolean): string => stoppedEarlyMessage(outOfTime ? limit : null, partial);
  const cancel = (): void => {
    cancelRequested = true;
    job?.cancel().catch(() => {});
  };
  const deadline = startDeadline(limit, () => {
    outOfTime = true;
    cancel();
  });

  const run = async (): Promise<JobOutcome> => {
    let plan: ReturnType<typeof planSamplerJob>;
    let jobContext: unknown;
    try {
      const request = validateCreateJobRequest(JSON.parse(order.request));
      jobContext = request.payload.job_context;
      plan = planSamplerJob(request, order.platform, order.limits);
      job = createPlannedJob(plan);
    } catch (error) {
      return { status: 'error', results: null, message: stopMessageOf(error) };
    }
    if (cancelRequested) return { status: 'canceled', results: null, message: stopMessage(false) };

    const report = throttled(onProgress, order.progressIntervalMs);
    const unsubscribe = job.onProgress((progress, message) => report.update(progress, message ?? null));
    try {
      await job.executeAsync(...plan.args);
    } catch {
      // The failure is in the job's status; wait() below reports it.
    }
    try {
      const results = await job.wait();
      const text = resultsContentText(results, {
        wireIterations: plan.wireIterations,
        jobContext: jobContext as Parameters<typeof resultsContentText>[1]['jobContext'],
      });
      const samples = samplesProduced(results);
      return job.status.canceled
        ? {
            status: 'canceled',
            results: text,
            message: stopMessage(true),
            samples,
          }
        : { status: 'completed', results: text, message: null, samples };
    } catch (error) {
      if (error instanceof JobCanceledError) {
        return { status: 'canceled', results: null, message: stopMessage(false) };
      }
      return { status: 'error', results: null, message: job.status.stopMessage ?? stopMessageOf(error) };
    } finally {
      unsubscribe();
      // A completed job's progress is 1 by definition; an interrupted one keeps where it stopped.
      if (!job.status.success) report.flush();
    }
  };

  return {
    cancel,
    outcome: run()
      .catch(
        (error: unknown): JobOutcome => ({ status: 'error', results: null, message: stopMessageOf(error) }),
      )
      .finally(() => deadline.clear()),
  };
}

/**
 * Forwards progress at most once per `intervalMs`, the first time `intervalMs` after the start (a job shorter
 * than that reports nothing but its end), always forwarding the last value on `flush()`.
 */
export function throttled(
  forward: (progress: number, message: string | null) => void,
  intervalMs: number,
): { update(progress: number, message: string | null): void; flush(): void } {
  let last = performance.now();
  let pending: [number, string | null] | undefined;
  return {
    update(progress, message) {
      const now = performance.now();
      if (now - last >= intervalMs) {
        last = now;
        pending = undefined;
        forward(progress, message);
      } else {
        pending = [progress, message];
      }
    },
    flush() {
      if (pending !== undefined) forward(...pending);
      pending = undefined;
    },
  };
}
