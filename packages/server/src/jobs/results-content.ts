import { BSSamples, type SamplerOutput, type SamplerResult, type SamplerResults } from '@bosonic/core';
import { type JobContext, type JobIteration, type JobResultsContent, serialize } from '@bosonic/protocol';

/**
 * Results of at most this many states (samples for BSSamples) are sent as plain `:PCVL:` text, larger ones in the
 * `:PCVL:zip:` form. Perceval reads both; compressing a handful of states costs more than it saves.
 */
export const PLAIN_RESULTS_MAX_ENTRIES = 64;

/**
 * The `results` JSON text of `GET /api/job/result/{id}` (docs/wire-protocol.md): the sampler's results as
 * `:PCVL:` values with their perf figures and the request's `job_context` echoed (Perceval's client applies the
 * result mapping it names), or for a parameter sweep one `results_list` entry per step done, each echoing the
 * step as it was sent.
 */
export function resultsContentText(
  results: SamplerResults,
  request: { wireIterations: readonly JobIteration[]; jobContext: JobContext | null | undefined },
): string {
  const content: JobResultsContent = {};
  if (results.resultsList !== undefined) {
    content.results_list = results.resultsList.map((entry, index) => ({
      results: serializeResults(entry.results),
      iteration: { ...(request.wireIterations[index] ?? {}) } as Record<string, never>,
      ...perfs(entry),
    }));
  } else {
    content.results = serializeResults(results.results);
    Object.assign(content, perfs(results));
  }
  content.job_context = request.jobContext ?? null;
  return JSON.stringify(content);
}

function serializeResults(results: SamplerOutput): string {
  const entries = results instanceof BSSamples ? results.length : results.size;
  return serialize(results, { compress: entries > PLAIN_RESULTS_MAX_ENTRIES });
}

/** The perf figures a result has, snake_case; NaN or infinite figures (JSON has none) are left out. */
function perfs(
  result: SamplerResult,
): Pick<JobResultsContent, 'global_perf' | 'physical_perf' | 'logical_perf'> {
  const out: Pick<JobResultsContent, 'global_perf' | 'physical_perf' | 'logical_perf'> = {};
  if (Number.isFinite(result.globalPerf)) out.global_perf = result.globalPerf;
  if (result.physicalPerf !== undefined && Number.isFinite(result.physicalPerf)) {
    out.physical_perf = result.physicalPerf;
  }
  if (result.logicalPerf !== undefined && Number.isFinite(result.logicalPerf))
    out.logical_perf = result.logicalPerf;
  return out;
}
