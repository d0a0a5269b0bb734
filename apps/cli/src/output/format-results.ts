import {
  BSCount,
  BSDistribution,
  BSSamples,
  type SamplerIterationResult,
  type SamplerOutput,
  type SamplerResult,
  type SamplerResults,
  type StateRow,
  topStates,
} from '@bosonic/core';
import { barCells } from './progress-bar.js';

export { type StateRow, topStates };

/** A probability with 6 significant digits, as Perceval prints them. */
export function formatProbability(p: number): string {
  if (p === 0) return '0';
  return Number(p.toPrecision(6)).toString();
}

/** A performance figure for humans: `1`, `0.111111`, or `n/a` when the cloud did not give it. */
function formatPerf(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Number.isNaN(value) ? 'n/a' : formatProbability(value);
}

/** Options of {@link formatResultText}. */
export interface FormatOptions {
  /** Rows of the table (default 10). */
  top?: number;
  /** Width of the histogram bars in cells (default 40). */
  barWidth?: number;
}

/** The table of the most frequent output states, each with its value and a histogram bar. */
function stateTable(
  rows: StateRow[],
  header: string,
  format: (value: number) => string,
  barWidth: number,
): string[] {
  if (rows.length === 0) return ['(no output state)'];
  const max = Math.max(...rows.map((row) => row.value));
  const stateWidth = Math.max('state'.length, ...rows.map((row) => row.state.length));
  const values = rows.map((row) => format(row.value));
  const valueWidth = Math.max(header.length, ...values.map((v) => v.length));
  const lines = [`${'state'.padEnd(stateWidth)}  ${header.padStart(valueWidth)}`];
  rows.forEach((row, i) => {
    const bar = barCells(max > 0 ? row.value / max : 0, barWidth);
    lines.push(`${row.state.padEnd(stateWidth)}  ${(values[i] ?? '').padStart(valueWidth)}  ${bar}`);
  });
  return lines;
}

/** Text lines for one result (no header). */
function formatOutput(output: SamplerOutput, options: FormatOptions): string[] {
  const top = options.top ?? 10;
  const barWidth = options.barWidth ?? 40;
  if (output instanceof BSDistribution) {
    const lines = stateTable(topStates(output, top), 'probability', formatProbability, barWidth);
    if (output.size > top) lines.push(`… ${output.size - top} more of ${output.size} output states`);
    else lines.push(`${output.size} output state${output.size === 1 ? '' : 's'}`);
    return lines;
  }
  const counts = output instanceof BSSamples ? BSCount.fromSamples(output) : output;
  const total = counts.total();
  const format = (value: number) => `${value} (${((100 * value) / (total || 1)).toFixed(1)}%)`;
  const lines = stateTable(
    topStates(counts, top),
    output instanceof BSSamples ? 'samples' : 'count',
    format,
    barWidth,
  );
  const rest =
    counts.size > top
      ? `… ${counts.size - top} more of ${counts.size} states`
      : `${counts.size} ${counts.size === 1 ? 'state' : 'states'}`;
  lines.push(`${rest}, ${total} ${output instanceof BSSamples ? 'samples' : 'counts'} in all`);
  if (output instanceof BSSamples && output.length > 0) {
    const first = Array.from(
      { length: Math.min(5, output.length) },
      (_, i) => output.at(i)?.toString() ?? '',
    );
    lines.push(`first samples: ${first.join(' ')}${output.length > 5 ? ' …' : ''}`);
  }
  return lines;
}

/** The perf line of a result: `global perf 0.111111 · physical perf 1 · logical perf 0.111111`. */
function perfLine(result: SamplerResult): string {
  const parts = [`global perf ${formatPerf(result.globalPerf)}`];
  const physical = formatPerf(result.physicalPerf);
  const logical = formatPerf(result.logicalPerf);
  if (physical !== undefined) parts.push(`physical perf ${physical}`);
  if (logical !== undefined) parts.push(`logical perf ${logical}`);
  return parts.join(' · ');
}

function describeIteration(entry: SamplerIterationResult, index: number): string {
  const parts: string[] = [];
  const iteration = entry.iteration;
  if (iteration.circuitParams !== undefined) {
    parts.push(...Object.entries(iteration.circuitParams).map(([name, value]) => `${name}=${value}`));
  }
  if (iteration.inputState !== undefined) parts.push(`input ${iteration.inputState.toString()}`);
  if (iteration.minDetectedPhotons !== undefined) parts.push(`min photons ${iteration.minDetectedPhotons}`);
  return `iteration ${index + 1}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Results as text for a terminal: the performance figures, then a table of the most frequent output states
 * with their probability (or count) and a histogram bar, and how many states were left out. A sweep prints one
 * such block per iteration.
 */
export function formatResultText(value: SamplerResults, options: FormatOptions = {}): string {
  if (value.resultsList !== undefined) {
    return value.resultsList
      .map((entry, i) =>
        [describeIteration(entry, i), perfLine(entry), ...formatOutput(entry.results, options)].join('\n'),
      )
      .join('\n\n');
  }
  return [perfLine(value), '', ...formatOutput(value.results, options)].join('\n');
}

/** A result as JSON-ready data: states as text keys (`probs`, `sample_count`) or a list of states (`samples`). */
function resultJson(result: SamplerResult): Record<string, unknown> {
  const json: Record<string, unknown> = {
    results: result.results.toJSON(),
    globalPerf: nullIfNaN(result.globalPerf),
  };
  if (result.physicalPerf !== undefined) json.physicalPerf = nullIfNaN(result.physicalPerf);
  if (result.logicalPerf !== undefined) json.logicalPerf = nullIfNaN(result.logicalPerf);
  return json;
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/**
 * Results as JSON-ready data: `{ results, globalPerf, physicalPerf?, logicalPerf? }`, or
 * `{ resultsList: [{ iteration, results, … }] }` for a sweep. (A perf figure the cloud left out is `null`.)
 */
export function resultsToJson(value: SamplerResults): Record<string, unknown> {
  if (value.resultsList !== undefined) {
    return {
      resultsList: value.resultsList.map((entry) => ({ iteration: entry.iteration, ...resultJson(entry) })),
    };
  }
  return resultJson(value);
}

/** Number of results held (states with a probability, counts, samples), e.g. to say how much a cancel kept. */
export function resultSize(value: SamplerResults): number {
  const sizeOf = (output: SamplerOutput) =>
    output instanceof BSSamples ? output.length : output instanceof BSCount ? output.total() : output.size;
  if (value.resultsList !== undefined)
    return value.resultsList.reduce((sum, entry) => sum + sizeOf(entry.results), 0);
  return sizeOf(value.results);
}
