import { BSCount, BSDistribution, BSSamples, type StateRow, topStates, ValidationError } from '@bosonic/core';
import { deserialize, parseJobResultsText } from '@bosonic/protocol';

/** The most probable (or most frequent) output states of a job's results, for a bar chart. */
export interface ResultsHistogram {
  /** `probability` for a distribution, `count` for counts and samples. */
  kind: 'probability' | 'count';
  /** The largest entries, largest first. */
  states: StateRow[];
  /** Distinct states in the results. */
  distinct: number;
  /** Sum of the values (1 for a normalised distribution, the number of samples otherwise). */
  total: number;
  /** Which iteration of a sweep this is (0-based), and how many there are (1 without a sweep). */
  iteration: number;
  iterations: number;
}

/**
 * The `top` largest states of one iteration of a job's stored results (the JSON text of `JobResultsContent`):
 * samples are counted first.
 * @param iterationField what the caller calls `iteration` in errors (the route: `query.iteration`).
 * @throws ValidationError when the results do not read, or `iteration` is not one of theirs.
 */
export function resultsHistogram(
  text: string,
  top: number,
  iteration = 0,
  iterationField = 'iteration',
): ResultsHistogram {
  const content = parseJobResultsText(text);
  const outputs = content.results_list?.map((entry) => entry.results) ?? [content.results];
  if (iteration >= outputs.length) {
    throw new ValidationError(
      `${iterationField}: these results have ${outputs.length} iteration(s), numbered from 0`,
      { field: iterationField },
    );
  }
  const output = deserialize(outputs[iteration]);
  if (!(output instanceof BSDistribution || output instanceof BSCount || output instanceof BSSamples)) {
    throw new ValidationError('results: they hold no distribution, counts or samples to chart', {
      field: 'results',
    });
  }
  const distinct = output instanceof BSSamples ? new Set(output.toJSON()).size : output.size;
  const total = output instanceof BSSamples ? output.length : output.total();
  return {
    kind: output instanceof BSDistribution ? 'probability' : 'count',
    states: topStates(output, top),
    distinct,
    total,
    iteration,
    iterations: outputs.length,
  };
}
