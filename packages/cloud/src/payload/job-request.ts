import {
  type ConverterName,
  isSamplingCommand,
  PROBS_SIMU_SAMPLE_COUNT,
  type SamplerCommand,
  ValidationError,
} from '@bosonic/core';
import type { CreateJobRequest, JobContext, JobPayload } from '@bosonic/protocol';

/** Perceval's module of result converters, as named in `job_context.result_mapping`. */
export const CONVERTER_MODULE = 'perceval.utils';

/** What a sampler job sends, fixed when the job is made (the execute-time arguments come later). */
export interface SamplerJobPlan {
  /** The request without its execute-time parts: `payload.{command, parameters?, experiment, iterator?, max_shots}`. */
  base: CreateJobRequest;
  /** The Sampler command the user asked for. */
  command: SamplerCommand;
  /** The command the platform runs (the same, or a fallback converted client-side). */
  primitive: SamplerCommand;
}

/** The execute-time limits of a sampler job: `job(maxSamples?, maxShots?)`. */
export interface SamplerLimits {
  maxSamples: number | undefined;
  maxShots: number | undefined;
}

/**
 * Reads the arguments of a sampler job: none for `probs`; `(maxSamples?, maxShots?)` for `sample_count` and
 * `samples` (positive integers; `undefined`/`null` mean "not given").
 * @throws ValidationError (field `args`, `maxSamples` or `maxShots`).
 */
export function parseSamplerArgs(command: SamplerCommand, args: readonly unknown[]): SamplerLimits {
  if (!isSamplingCommand(command)) {
    if (args.some((arg) => arg !== undefined)) {
      throw new ValidationError(`The probs command takes no arguments (got ${args.length})`, {
        field: 'args',
      });
    }
    return { maxSamples: undefined, maxShots: undefined };
  }
  if (args.length > 2) {
    throw new ValidationError(
      `The ${command} command takes at most 2 arguments (maxSamples, maxShots), got ${args.length}`,
      { field: 'args' },
    );
  }
  return { maxSamples: countArg(args[0], 'maxSamples'), maxShots: countArg(args[1], 'maxShots') };
}

/**
 * The create-job body of a sampler job run with `args`, exactly as Perceval's Sampler + RemoteJob build it
 * (cloud-protocol.md §6):
 *
 * - the command runs natively: `max_samples` (the count, or `null`) for sampling commands;
 * - a sampling command on a probs-only platform: no `max_samples`; the count and the shot budget go to
 *   `job_context.mapping_delta_parameters`, and `job_context.result_mapping` names the converter
 *   (`["perceval.utils", "probs_to_sample_count"]`);
 * - probs on a sampling-only platform: `max_samples` = 10 000 (Perceval's `PROBS_SIMU_SAMPLE_COUNT`) and a
 *   `samples_to_probs` / `sample_count_to_probs` mapping;
 * - `maxShots` given at execute time replaces the sampler's `maxShotsPerCall` in `max_shots`;
 * - `max_samples` never exceeds `max_shots` (clamped, as Perceval does);
 * - `job_context` is always present (`null` without a mapping); `job_name` is the job's name.
 */
export function finalizeJobRequest(
  plan: SamplerJobPlan,
  args: readonly unknown[],
  jobName: string,
): CreateJobRequest {
  const { command, primitive } = plan;
  const limits = parseSamplerArgs(command, args);
  const base = plan.base.payload;
  const maxShots = limits.maxShots ?? base.max_shots ?? undefined;
  const converter: ConverterName | undefined =
    command === primitive ? undefined : (`${primitive}_to_${command}` as ConverterName);

  const commandParams: { max_samples?: number | null } = {};
  const mapping: Record<string, number | null> = {};
  if (isSamplingCommand(command)) {
    if (isSamplingCommand(primitive)) commandParams.max_samples = limits.maxSamples ?? null;
    else {
      mapping.max_samples = limits.maxSamples ?? null;
      mapping.max_shots = maxShots ?? null;
    }
  } else if (isSamplingCommand(primitive)) {
    commandParams.max_samples = PROBS_SIMU_SAMPLE_COUNT;
  }
  if (
    typeof commandParams.max_samples === 'number' &&
    maxShots !== undefined &&
    commandParams.max_samples > maxShots
  ) {
    commandParams.max_samples = maxShots;
  }

  let jobContext: JobContext | null = null;
  if (converter !== undefined) {
    jobContext = { result_mapping: [CONVERTER_MODULE, converter] };
    if (Object.keys(mapping).length > 0) jobContext.mapping_delta_parameters = mapping;
  }
  const payload: JobPayload = {
    ...base,
    ...(maxShots === undefined ? {} : { max_shots: maxShots }),
    ...commandParams,
    job_context: jobContext,
  };
  return { ...plan.base, payload, job_name: jobName };
}

function countArg(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError(`${field} must be a positive integer (got ${String(value)})`, { field });
  }
  return value;
}
