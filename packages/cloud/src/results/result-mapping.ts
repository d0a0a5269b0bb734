import {
  BSCount,
  BSDistribution,
  BSSamples,
  type ConversionOptions,
  probsToSampleCount,
  probsToSamples,
  Rng,
  type SamplerOutput,
  sampleCountToProbs,
  sampleCountToSamples,
  samplesToProbs,
  samplesToSampleCount,
  ValidationError,
} from '@bosonic/core';
import { type ConverterName, randomSeed } from '@bosonic/core/internal';

/** The keyword arguments Perceval's converters read (`mapping_delta_parameters`). */
export interface MappingParameters {
  count?: number | null;
  max_samples?: number | null;
  max_shots?: number | null;
  [key: string]: unknown;
}

/**
 * Applies the converter a job context names (`result_mapping: ["perceval.utils", "<name>"]`) to one result, as
 * Perceval's `RemoteJob` does client-side, with our converters: `probs_to_sample_count`, `probs_to_samples`,
 * `samples_to_sample_count`, `samples_to_probs`, `sample_count_to_probs`, `sample_count_to_samples`.
 *
 * @param rng the randomness of the conversions that sample (from the job's seed).
 * @throws ValidationError (field `job_context.result_mapping`) for a converter we do not know or a result of the
 *   wrong type; (field `job_context.mapping_delta_parameters`) when a conversion from probabilities has no count.
 */
export function applyResultMapping(
  name: string,
  value: unknown,
  parameters: MappingParameters,
  rng: Rng,
): SamplerOutput {
  const field = 'job_context.result_mapping';
  switch (name as ConverterName) {
    case 'probs_to_sample_count':
      return probsToSampleCount(
        expect(value, BSDistribution, name, field),
        countOptions(parameters, rng, true),
      );
    case 'probs_to_samples':
      return probsToSamples(expect(value, BSDistribution, name, field), countOptions(parameters, rng, true));
    case 'samples_to_sample_count':
      return samplesToSampleCount(expect(value, BSSamples, name, field));
    case 'samples_to_probs':
      return samplesToProbs(expect(value, BSSamples, name, field));
    case 'sample_count_to_probs':
      return sampleCountToProbs(expect(value, BSCount, name, field));
    case 'sample_count_to_samples':
      return sampleCountToSamples(expect(value, BSCount, name, field), countOptions(parameters, rng, false));
    default:
      throw new ValidationError(`Unknown result mapping '${name}': bosonic cannot convert these results`, {
        field,
      });
  }
}

/**
 * The randomness of a job's conversions. For a job (`jobId` given) it is derived from the job's id alone, so that
 * every fetch of its results, in any process (a refresh, `resumeJob`, the CLI), converts them to the same counts or
 * samples: the sampler's seed is not sent to the cloud, so a process resuming the job by id could not use it.
 * Results of no job (`jobId` undefined) use the seed, or a random one.
 */
export function mappingRng(seed: number | undefined, jobId?: string): Rng {
  if (jobId === undefined) return new Rng(seed ?? randomSeed(), 1);
  return new Rng(0, jobStream(jobId));
}

/**
 * A stream index (below 2^52, a safe integer) from a job id: two 32-bit FNV-1a hashes of its UTF-16 code units,
 * from different offset bases, as the high (20 bits) and low words.
 */
function jobStream(jobId: string): number {
  let high = 0x811c9dc5;
  let low = 0x050c5d1f;
  for (let i = 0; i < jobId.length; i++) {
    const unit = jobId.charCodeAt(i);
    high = Math.imul(high ^ unit, 0x01000193) >>> 0;
    low = Math.imul(low ^ unit, 0x01000193) >>> 0;
  }
  return (high & 0xfffff) * 2 ** 32 + low;
}

/**
 * Perceval's keyword arguments as our converters' options (the converters deduce the count as Perceval's
 * `_deduce_count`: `count`, else the smaller of the limits, else whichever is given).
 */
function countOptions(parameters: MappingParameters, rng: Rng, required: boolean): ConversionOptions {
  const options: ConversionOptions = { rng };
  const count = countValue(parameters.count, 'count');
  const maxSamples = countValue(parameters.max_samples, 'max_samples');
  const maxShots = countValue(parameters.max_shots, 'max_shots');
  if (count !== undefined) options.count = count;
  if (maxSamples !== undefined) options.maxSamples = maxSamples;
  if (maxShots !== undefined) options.maxShots = maxShots;
  if (required && count === undefined && maxSamples === undefined && maxShots === undefined) {
    throw new ValidationError('This result mapping needs a count, max_samples or max_shots', {
      field: 'job_context.mapping_delta_parameters',
    });
  }
  return options;
}

function countValue(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(
      `mapping_delta_parameters.${key} must be a non-negative integer, got ${String(value)}`,
      {
        field: 'job_context.mapping_delta_parameters',
      },
    );
  }
  return value;
}

/**
 * The names of the result types a mapping reads: bundlers may rename classes (`_BSCount`), so an error
 * message names them from here, not from `constructor.name`.
 */
const RESULT_TYPE_NAMES: readonly (readonly [abstract new (...args: never[]) => unknown, string])[] = [
  [BSCount, 'BSCount'],
  [BSDistribution, 'BSDistribution'],
  [BSSamples, 'BSSamples'],
];

function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const known = RESULT_TYPE_NAMES.find(([type]) => value instanceof type);
  return known?.[1] ?? (typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value);
}

function expect<T>(
  value: unknown,
  type: abstract new (...args: never[]) => T,
  name: string,
  field: string,
): T {
  if (value instanceof type) return value;
  const wanted = RESULT_TYPE_NAMES.find(([known]) => known === type)?.[1] ?? type.name;
  throw new ValidationError(`The result mapping ${name} expects a ${wanted}, got ${typeName(value)}`, {
    field,
  });
}
