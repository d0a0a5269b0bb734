import { BSCount, BSSamples, type SamplerOutput, type SamplerResults } from '@bosonic/core';

/**
 * Samples (or shots' outputs) a job produced, for usage figures: the sum of counts of `sample_count` results, the
 * length of `samples` results, over every iteration of a sweep; probabilities count none.
 */
export function samplesProduced(results: SamplerResults): number {
  const outputs: SamplerOutput[] =
    results.resultsList !== undefined ? results.resultsList.map((entry) => entry.results) : [results.results];
  let total = 0;
  for (const output of outputs) {
    if (output instanceof BSCount) total += output.total();
    else if (output instanceof BSSamples) total += output.length;
  }
  return total;
}
