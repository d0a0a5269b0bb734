/**
 * Runs a native computation inside a LocalJob task: in sync mode on the calling thread (which blocks, and
 * receives progress calls meanwhile), in async mode on a native thread of the simulator's own, with
 * `ctx.signal` wired to the native cancel. Either way progress goes to `ctx.progress` and native errors become
 * the typed errors of `@bosonic/core`.
 */
import type { BSDistribution, BSSamples, SamplerResult, TaskContext } from '@bosonic/core';
import type { NativeAsyncJob, NativeProgress } from './binding.js';
import { callNative, fromNativeError } from './errors.js';
import { nativeBinding } from './loader.js';
import type { NativeRequest } from './request.js';
import { distributionResult, samplesResult } from './results.js';

/** Forwards native progress to the job; in sync mode its return value carries a cancel request back. */
function progressOf(ctx: TaskContext): NativeProgress {
  return (fraction, phase) => {
    ctx.progress(fraction, phase || undefined);
    return ctx.cancelRequested;
  };
}

/** Settles with the job's result; `ctx.signal` aborting (a `cancel()` of the LocalJob) cancels the native work. */
async function awaitNative<T, R>(
  job: NativeAsyncJob<T>,
  ctx: TaskContext,
  convert: (value: T) => R,
): Promise<R> {
  const cancel = (): void => job.cancel();
  ctx.signal.addEventListener('abort', cancel, { once: true });
  if (ctx.signal.aborted) cancel();
  try {
    return convert(await job.promise);
  } catch (error) {
    throw fromNativeError(error);
  } finally {
    ctx.signal.removeEventListener('abort', cancel);
  }
}

/** The output distribution of `request`. */
export function runProbs(
  request: NativeRequest,
  ctx: TaskContext,
): SamplerResult<BSDistribution> | Promise<SamplerResult<BSDistribution>> {
  const binding = callNative(nativeBinding);
  if (ctx.mode === 'sync') {
    return distributionResult(callNative(() => binding.probsSync(request, progressOf(ctx))));
  }
  const job = callNative(() => binding.probsAsync(request, progressOf(ctx)));
  return awaitNative(job, ctx, distributionResult);
}

/** Up to `maxSamples` samples of `request` (fewer when `maxShots` runs out or the job is canceled). */
export function runSamples(
  request: NativeRequest,
  maxSamples: number,
  maxShots: number | undefined,
  ctx: TaskContext,
): SamplerResult<BSSamples> | Promise<SamplerResult<BSSamples>> {
  const binding = callNative(nativeBinding);
  const shots = maxShots ?? null;
  if (ctx.mode === 'sync') {
    return samplesResult(callNative(() => binding.samplesSync(request, maxSamples, shots, progressOf(ctx))));
  }
  const job = callNative(() => binding.samplesAsync(request, maxSamples, shots, progressOf(ctx)));
  return awaitNative(job, ctx, samplesResult);
}
