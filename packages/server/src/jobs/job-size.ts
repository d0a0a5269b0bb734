import { ResourceLimitError, type SamplerCommand, ValidationError } from '@bosonic/core';
import type { SamplerRunLimits } from '@bosonic/core/internal';
import { type Processor, stateSpaceSize } from '@bosonic/simulator';
import { MAX_RESULT_SAMPLE_MODES, MAX_RESULT_STATES } from '../platforms/capacity.js';

/**
 * What a job will hold in memory and return, checked from its request before it is accepted (issue 14, item 8):
 * a job that cannot fit is refused at creation with a 4xx naming the field, instead of being accepted and failing
 * minutes later. Memory is the simulator's own estimate (`Processor.estimate`, which its jobs check again before
 * running): one rule, so that the server refuses exactly what the simulator would. The size of one result is
 * this server's limit ({@link MAX_RESULT_STATES}, {@link MAX_RESULT_SAMPLE_MODES}).
 */

/**
 * Refuses a job whose runs would not fit the simulator's memory limit, or whose results this server could not
 * build or return.
 * @param processor the job's processor (the experiment the server decoded, with the server's memory limit)
 * @param runs each run's sweep step and sample limits, as the job will run them (core's `planSamplerRuns`)
 * @param photons most photons of any input state of any run (bounds the distinct states counts can hold)
 * @throws ResourceLimitError naming the field and the sizes; ValidationError for a run the engine refuses.
 */
export function checkJobFits(
  processor: Processor,
  command: SamplerCommand,
  runs: readonly SamplerRunLimits[],
  photons: number,
): void {
  const field = command === 'probs' ? 'payload.experiment' : 'payload.max_samples';
  let sampleModes = 0;
  for (const run of runs) {
    const estimate = processor.estimate(command, run, run.iteration);
    if (!estimate.fits) {
      const required = Number.isFinite(estimate.requiredBytes)
        ? `needs ${bytes(estimate.requiredBytes)} of memory`
        : 'needs more memory than can be addressed';
      throw new ResourceLimitError(
        `${field}: ${estimate.description} ${required}, above this server's limit of ` +
          `${bytes(estimate.limitBytes)} per job; ${command === 'probs' ? 'use fewer photons or modes' : 'ask for fewer samples'}`,
        { requiredBytes: estimate.requiredBytes, limitBytes: estimate.limitBytes },
      );
    }
    if (command === 'samples') {
      sampleModes += estimate.resultStates * estimate.modes;
      continue;
    }
    // Counts list at most the distinct output states, however many samples were drawn.
    const states =
      command === 'sample_count'
        ? Math.min(estimate.resultStates, stateSpaceSize(photons, estimate.modes))
        : estimate.resultStates;
    if (states > MAX_RESULT_STATES) {
      throw new ResourceLimitError(
        `${field}: ${estimate.description} may list ${group(states)} states, more than the ` +
          `${group(MAX_RESULT_STATES)} one result of this server may hold; ` +
          (command === 'probs'
            ? 'use fewer photons or modes, or sample it on sim:clifford2017'
            : 'ask for fewer samples'),
      );
    }
  }
  if (sampleModes > MAX_RESULT_SAMPLE_MODES) {
    const modes = processor.experiment.m;
    throw new ResourceLimitError(
      `payload.max_samples: ${group(sampleModes / modes)} samples of ${modes} modes are more than one result of ` +
        `this server may hold (${group(Math.floor(MAX_RESULT_SAMPLE_MODES / modes))} samples of ${modes} modes); ` +
        'ask for fewer samples, or for sample_count',
    );
  }
}

/**
 * Refuses a sample or shot count of 0, naming its field: a sampling job draws at least one sample.
 * @throws ValidationError naming the field of a 0.
 */
export function checkSampleCounts(
  payload: { max_samples?: number | null; max_shots?: number | null },
  iterations: readonly { max_samples?: number | null; max_shots?: number | null }[],
): void {
  checkPositive(payload.max_samples, 'payload.max_samples');
  checkPositive(payload.max_shots, 'payload.max_shots');
  iterations.forEach((step, i) => {
    checkPositive(step.max_samples, `payload.iterator[${i}].max_samples`);
    checkPositive(step.max_shots, `payload.iterator[${i}].max_shots`);
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
