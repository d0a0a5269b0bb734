import { deduceCount, ResourceLimitError, type SamplerCommand } from '@bosonic/core';
import { probsSampleCount, SAMPLES_MAX_COUNT } from '@bosonic/core/internal';
import type { NativeBackendName } from './backend.js';
import type { NativeEstimate } from './native/binding.js';

/** The sample and shot limits of one run, as a job is executed with them (`job(maxSamples, maxShots)`). */
export interface JobSizeLimits {
  /** Sample limit; default {@link SAMPLES_MAX_COUNT} for sampling commands. */
  maxSamples?: number | undefined;
  /** Shot limit; the run draws at most this many samples when it rejects nothing. */
  maxShots?: number | undefined;
}

/** What one run of a Sampler command on a `Processor` will need, known before it runs. */
export interface JobEstimate {
  /** The command asked for. */
  command: SamplerCommand;
  /** The backend that runs it (`'auto'` resolved). */
  backend: NativeBackendName;
  /** What the backend computes natively for it (core's `selectPrimitive`); the Sampler converts the rest. */
  primitive: 'probs' | 'samples';
  /**
   * Most states the results can list: output states of a distribution (an upper bound: detectors and
   * post-selection only remove states), samples of a sample list, distinct states of counts.
   */
  resultStates: number;
  /** Modes of each state of the results. */
  modes: number;
  /**
   * Estimated peak memory in bytes: the engine's run, the copy of its result handed to JavaScript and the
   * Sampler's conversion (samples or counts built from it); `Infinity` beyond addressable memory.
   */
  requiredBytes: number;
  /** The processor's memory limit (`memoryLimitBytes`, default 70 % of the available memory). */
  limitBytes: number;
  /** True when `requiredBytes` is within `limitBytes`. */
  fits: boolean;
  /** The run in words, e.g. `SLOS with 10 photons on 24 modes (92,561,040 output states)`. */
  description: string;
}

/**
 * Bytes per entry of counts or of a distribution built in JavaScript, beside the state's own bytes: the count or
 * probability (8) and the hash map's share (about 16).
 */
const ENTRY_OVERHEAD_BYTES = 24;

/** Asks the engine what its primitive needs (the native `estimate`). */
export type PrimitiveEstimator = (
  primitive: 'probs' | 'samples',
  maxSamples?: number,
  maxShots?: number,
) => NativeEstimate;

/**
 * The estimate of `command` run through `primitive`: the engine's own figure for the primitive, plus what the
 * Sampler's conversion holds in JavaScript (sample buffers of `modes` bytes per sample, count or distribution
 * entries).
 */
export function estimateRun(
  command: SamplerCommand,
  backend: NativeBackendName,
  primitive: 'probs' | 'samples',
  limits: JobSizeLimits,
  estimator: PrimitiveEstimator,
): JobEstimate {
  const maxShots = limits.maxShots;
  const drawn = deduceCount({ maxSamples: limits.maxSamples ?? SAMPLES_MAX_COUNT, maxShots });
  let native: NativeEstimate;
  let resultStates: number;
  let conversionBytes = 0;
  if (primitive === 'probs') {
    native = estimator('probs');
    const entryBytes = native.modes + ENTRY_OVERHEAD_BYTES;
    if (command === 'samples') {
      resultStates = drawn;
      conversionBytes = drawn * native.modes;
    } else if (command === 'sample_count') {
      resultStates = Math.min(drawn, native.resultStates);
      conversionBytes = resultStates * entryBytes;
    } else {
      resultStates = native.resultStates;
    }
  } else {
    const samples = command === 'probs' ? probsSampleCount(maxShots) : drawn;
    native = estimator('samples', samples, maxShots);
    resultStates = native.resultStates;
    if (command !== 'samples') conversionBytes = resultStates * (native.modes + ENTRY_OVERHEAD_BYTES);
  }
  const requiredBytes = native.requiredBytes + conversionBytes;
  const description =
    conversionBytes === 0
      ? native.description
      : `${command} from ${native.description} (${formatCount(resultStates)} result states)`;
  return {
    command,
    backend,
    primitive,
    resultStates,
    modes: native.modes,
    requiredBytes,
    limitBytes: native.limitBytes,
    fits: requiredBytes <= native.limitBytes,
    description,
  };
}

/**
 * Throws when the estimated run would not fit its memory limit.
 * @throws ResourceLimitError naming the run and both sizes, with `requiredBytes` and `limitBytes`
 */
export function checkEstimate(estimate: JobEstimate): void {
  if (estimate.fits) return;
  const required = Number.isFinite(estimate.requiredBytes)
    ? `needs ${formatBytes(estimate.requiredBytes)} of memory`
    : 'needs more memory than can be addressed';
  throw new ResourceLimitError(
    `${estimate.description} ${required}, above the limit of ${formatBytes(estimate.limitBytes)}`,
    {
      requiredBytes: estimate.requiredBytes,
      limitBytes: estimate.limitBytes,
    },
  );
}

/** `7212964680` → `7.21 GB`, as the engine writes sizes. */
function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit + 1 < units.length) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(2)} ${units[unit]}`;
}

/** `1234567` → `1,234,567`. */
function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
