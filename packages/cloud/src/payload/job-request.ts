import type { SamplerCommand } from '@bosonic/core';
import {
  converterName,
  isSamplingCommand,
  PROBS_SIMU_SAMPLE_COUNT,
  parseSamplingArguments,
} from '@bosonic/core/internal';
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

/**
 * The create-job body of a sampler job run with `args`, exactly as Perceval's Sampler + RemoteJob build it
 * (docs/wire-protocol.md, Job payload):
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
 *
 * @throws ValidationError for bad arguments (core's `parseSamplingArguments`: field `args`, `maxSamples` or
 *   `maxShots`).
 */
export function finalizeJobRequest(
  plan: SamplerJobPlan,
  args: readonly unknown[],
  jobName: string,
): CreateJobRequest {
  const { command, primitive } = plan;
  const limits = parseSamplingArguments(command, args);
  const base = plan.base.payload;
  const maxShots = limits.maxShots ?? base.max_shots ?? undefined;
  const converter = converterName(command, primitive);

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
