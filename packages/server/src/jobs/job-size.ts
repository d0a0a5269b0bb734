import { ResourceLimitError, type SamplerCommand, ValidationError } from '@bosonic/core';
import type { NativeBackendName } from '@bosonic/simulator';
import { stateSpaceSize } from '@bosonic/simulator';
import { MAX_RESULT_SAMPLE_MODES, MAX_RESULT_STATES, SAMPLE_BYTES_PER_MODE } from '../platforms/capacity.js';

/**
 * What a job will hold in memory and return, estimated from its request before it is accepted (issue 14, item 8):
 * a job that cannot fit is refused at creation with a 4xx naming the field, instead of being accepted and failing
 * minutes later.
 */

/** The sizes of a job, as its request gives them. */
export interface JobSize {
  command: SamplerCommand;
  backend: NativeBackendName;
  /** Most photons of any input state of any run. */
  photons: number;
  modes: number;
  /** Samples of each run (`max_samples`, bounded by `max_shots`), for sampling commands. */
  samplesPerRun: readonly number[];
  /** Memory one job may use. */
  memoryLimitBytes: number;
}

/**
 * Refuses a job whose results this server could not build or return, or whose samples would not fit its memory.
 * @throws ResourceLimitError naming the field and the sizes.
 */
export function checkJobFits(size: JobSize): void {
  const { backend, command, photons, modes } = size;
  // SLOS and Naive compute the whole output distribution whatever the command (samples are drawn from it).
  if (backend !== 'CliffordClifford2017') {
    const states = stateSpaceSize(photons, modes);
    if (states > MAX_RESULT_STATES) {
      throw new ResourceLimitError(
        `payload.experiment: the output distribution of ${photons} photons on ${modes} modes has ` +
          `${group(states)} states, more than the ${group(MAX_RESULT_STATES)} one result of this server may hold; ` +
          'use fewer photons or modes, or sample it on sim:clifford2017',
      );
    }
  }
  if (command === 'probs') return;
  const largest = Math.max(0, ...size.samplesPerRun);
  const sampleBytes = largest * modes * SAMPLE_BYTES_PER_MODE;
  if (sampleBytes > size.memoryLimitBytes) {
    throw new ResourceLimitError(
      `payload.max_samples: drawing ${group(largest)} samples of ${modes} modes needs ${bytes(sampleBytes)} of ` +
        `memory, above this server's limit of ${bytes(size.memoryLimitBytes)} per job; ask for fewer samples`,
      { requiredBytes: sampleBytes, limitBytes: size.memoryLimitBytes },
    );
  }
  const total = size.samplesPerRun.reduce((sum, samples) => sum + samples, 0);
  if (command === 'samples' && total * modes > MAX_RESULT_SAMPLE_MODES) {
    throw new ResourceLimitError(
      `payload.max_samples: ${group(total)} samples of ${modes} modes are more than one result of this server ` +
        `may hold (${group(Math.floor(MAX_RESULT_SAMPLE_MODES / modes))} samples of ${modes} modes); ` +
        'ask for fewer samples, or for sample_count',
    );
  }
  if (command === 'sample_count' && backend === 'CliffordClifford2017') {
    const distinct = Math.min(total, stateSpaceSize(photons, modes));
    if (distinct > MAX_RESULT_STATES) {
      throw new ResourceLimitError(
        `payload.max_samples: ${group(total)} samples of ${photons} photons on ${modes} modes may count up to ` +
          `${group(distinct)} distinct states, more than the ${group(MAX_RESULT_STATES)} one result of this ` +
          'server may hold; ask for fewer samples',
      );
    }
  }
}

/**
 * Samples of each run of a sampling job: a run's `max_samples` (its iteration's, else the payload's), bounded by
 * its `max_shots` likewise. A count of 0 is refused: a sampling job draws at least one sample.
 * @throws ValidationError naming the field of a 0.
 */
export function samplesPerRun(
  payload: { max_samples?: number | null; max_shots?: number | null },
  iterations: readonly { max_samples?: number | null; max_shots?: number | null }[],
): number[] {
  checkPositive(payload.max_samples, 'payload.max_samples');
  checkPositive(payload.max_shots, 'payload.max_shots');
  iterations.forEach((step, i) => {
    checkPositive(step.max_samples, `payload.iterator[${i}].max_samples`);
    checkPositive(step.max_shots, `payload.iterator[${i}].max_shots`);
  });
  const runs = iterations.length > 0 ? iterations : [{}];
  return runs.map((step) => {
    const samples = step.max_samples ?? payload.max_samples ?? Number.POSITIVE_INFINITY;
    const shots = step.max_shots ?? payload.max_shots ?? Number.POSITIVE_INFINITY;
    return Math.min(samples, shots);
  });
}

function checkPositive(value: number | null | undefined, field: string): void {
  if (value === 0) {
    throw new ValidationError(`${field}: must be at least 1 (a sampling job draws at least one sample)`, {
      field,
    });
  }
}

function group(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function bytes(value: number): string {
  return value >= 1e9 ? `${(value / 1e9).toFixed(2)} GB` : `${(value / 1e6).toFixed(2)} MB`;
}
