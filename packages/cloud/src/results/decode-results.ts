import {
  BSCount,
  BSDistribution,
  BSSamples,
  type SamplerIterationResult,
  type SamplerOutput,
  type SamplerResult,
  type SamplerResults,
  ValidationError,
} from '@bosonic/core';
import { deserialize, type JobContext, parseJobResultsText } from '@bosonic/protocol';
import { iterationFromWire } from '../payload/iteration-wire.js';
import { applyResultMapping, type MappingParameters, mappingRng } from './result-mapping.js';

/** Options of {@link decodeJobResults}. */
export interface DecodeResultsOptions {
  /** The context the job was sent with, used when the server does not echo it back. */
  fallbackContext?: JobContext | null;
  /** Seed of the conversions that sample, for results of no job (`jobId` undefined); random when omitted. */
  seed?: number | undefined;
  /**
   * The job's id: the conversions that sample draw from a generator derived from it alone, so that decoding the
   * same job's results again, in any process, gives the same counts (`seed` is then not used).
   */
  jobId?: string | undefined;
}

/**
 * Decodes the `results` JSON text of `GET /api/job/result/{id}` into sampler results, as Perceval's
 * `RemoteJob._get_results`: `:PCVL:` strings are deserialized (leniently: unknown tags stay text), then the job
 * context's `result_mapping` converter, if any, is applied with `mapping_delta_parameters` — to `results`, or to
 * each entry of `results_list` with its iteration's own `max_samples` / `max_shots` taking precedence.
 *
 * Perf figures are renamed (`global_perf` → `globalPerf`, …); a `global_perf` the cloud left out is the product
 * of the other two when both are given, else `NaN`.
 *
 * @throws ValidationError naming the field when the text is not JSON, a `:PCVL:` string is malformed, a result
 *   is not a BSCount, BSDistribution or BSSamples, or the mapping cannot be applied.
 */
export function decodeJobResults(text: string, options: DecodeResultsOptions = {}): SamplerResults {
  const content = parseJobResultsText(text);
  const context = content.job_context ?? options.fallbackContext ?? null;
  const mapping = context?.result_mapping?.[1];
  const parameters = (context?.mapping_delta_parameters ?? {}) as MappingParameters;
  const rng = mappingRng(options.seed, options.jobId);
  const convert = (value: unknown, overrides: Record<string, unknown>, field: string): SamplerOutput => {
    const decoded = deserialize(value, { strict: false });
    if (mapping === undefined) return checkOutput(decoded, field);
    const merged: MappingParameters = { ...parameters };
    for (const key of Object.keys(parameters)) {
      if (overrides[key] !== undefined && overrides[key] !== null) merged[key] = overrides[key];
    }
    return applyResultMapping(mapping, decoded, merged, rng);
  };
  if (content.results_list !== undefined) {
    const resultsList = content.results_list.map((item, index): SamplerIterationResult => {
      const wireIteration = item.iteration ?? {};
      return {
        results: convert(item.results, wireIteration, `results_list[${index}].results`),
        iteration: iterationFromWire(
          deserialize(wireIteration, { strict: false }) as Record<string, unknown>,
        ),
        ...perfs(item),
      };
    });
    return { resultsList };
  }
  if (content.results === undefined || content.results === null) {
    throw new ValidationError('results: the cloud answered without results', { field: 'results' });
  }
  const result: SamplerResult = { results: convert(content.results, {}, 'results'), ...perfs(content) };
  return result;
}

function perfs(source: {
  global_perf?: number | null;
  physical_perf?: number | null;
  logical_perf?: number | null;
}): Omit<SamplerResult, 'results'> {
  const physical = source.physical_perf ?? undefined;
  const logical = source.logical_perf ?? undefined;
  const global =
    source.global_perf ?? (physical !== undefined && logical !== undefined ? physical * logical : Number.NaN);
  return {
    globalPerf: global,
    ...(physical === undefined ? {} : { physicalPerf: physical }),
    ...(logical === undefined ? {} : { logicalPerf: logical }),
  };
}

function checkOutput(value: unknown, field: string): SamplerOutput {
  if (value instanceof BSCount || value instanceof BSDistribution || value instanceof BSSamples) return value;
  const got =
    typeof value === 'string'
      ? `the text ${value.length > 40 ? `${value.slice(0, 37)}...` : value}`
      : value === null
        ? 'null'
        : typeof value;
  throw new ValidationError(`${field}: expected a BSCount, BSDistribution or BSSamples, got ${got}`, {
    field,
  });
}
