/** Shared pieces of the cloud tests: requests and results as the wire carries them. */
import { BSCount, BSDistribution, BSSamples } from '@bosonic/core';
import { type CreateJobRequest, type JobContext, type JobResultsContent, serialize } from '@bosonic/protocol';

/** The empty Experiment of docs/wire-protocol.md, Serialization (a placeholder where the experiment does not matter). */
export const EMPTY_EXPERIMENT = ':PCVL:Experiment:UP///38=';

/** A create-job body for `command` on `platform`. */
export function jobRequest(
  command: string,
  options: { platform?: string; maxSamples?: number; context?: JobContext | null } = {},
): CreateJobRequest {
  return {
    pcvl_version: '1.1.1',
    process_id: '6f0c7a10-0000-4000-8000-000000000000',
    platform_name: options.platform ?? 'sim:test',
    payload: {
      command,
      experiment: EMPTY_EXPERIMENT,
      max_shots: 1_000_000,
      ...(options.maxSamples === undefined ? {} : { max_samples: options.maxSamples }),
      job_context: options.context ?? null,
    },
    job_name: command,
  };
}

/** The counts of a HOM-like experiment (`|1,0>` and `|0,1>` only). */
export function homCounts(): BSCount {
  return new BSCount([
    ['|1,0>', 4841],
    ['|0,1>', 4875],
  ]);
}

/** Reference #3 of docs/reference-values.md: `BS.H({ theta: 2π/3 })` on |2,0>, three states of unequal weight. */
export function twoPhotonSplit(): BSDistribution {
  return new BSDistribution([
    ['|2,0>', 0.0625],
    ['|1,1>', 0.375],
    ['|0,2>', 0.5625],
  ]);
}

/** `{|1,0>: 0.5, |0,1>: 0.5}`. */
export function halfHalf(): BSDistribution {
  return new BSDistribution([
    ['|1,0>', 0.5],
    ['|0,1>', 0.5],
  ]);
}

/** Results a platform returns, serialized as Perceval does (`results` as a `:PCVL:zip:` string). */
export function resultsOf(
  value: BSCount | BSDistribution | BSSamples,
  perf: { global_perf?: number; physical_perf?: number; logical_perf?: number } = { global_perf: 1 },
): JobResultsContent {
  return { results: serialize(value), ...perf };
}

/** The results of a request on the test cloud, by command: probs → {@link halfHalf}, others → counts/samples. */
export function resultsFor(request: CreateJobRequest): JobResultsContent {
  const command = request.payload.command;
  if (request.payload.iterator !== undefined) {
    return {
      results_list: request.payload.iterator.map((iteration) => ({
        results: serialize(command === 'probs' ? halfHalf() : homCounts()),
        iteration: iteration as Record<string, never>,
        global_perf: 1,
      })),
    };
  }
  if (command === 'probs')
    return resultsOf(halfHalf(), { global_perf: 0.9, physical_perf: 0.9, logical_perf: 1 });
  if (command === 'samples') return resultsOf(new BSSamples(['|1,0>', '|0,1>', '|1,0>']));
  return resultsOf(homCounts());
}
