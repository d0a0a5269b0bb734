import { formatSignificant } from '../../model/state/format-number.js';

/**
 * A text table in the layout Perceval's `pdisplay_analyzer` prints (tabulate's "pretty" format): a header row of
 * output labels, one row per input, values centred and rounded to 1e-6.
 */
export function formatAnalyzerTable(
  rowLabels: readonly string[],
  columnLabels: readonly string[],
  values: readonly (readonly number[])[],
): string {
  const cells = values.map((row) => row.map((v) => formatSignificant(Math.round(v * 1e6) / 1e6, 6)));
  const columns = [
    ['', ...rowLabels],
    ...columnLabels.map((label, j) => [label, ...cells.map((row) => row[j]!)]),
  ];
  const widths = columns.map((column) => Math.max(...column.map((text) => text.length)) + 2);
  const rule = `+${widths.map((w) => '-'.repeat(w)).join('+')}+`;
  const line = (row: number): string =>
    `|${columns
      .map((column, j) => {
        const text = column[row]!;
        const inner = widths[j]! - 2;
        const margin = inner - text.length;
        // The label column is left-aligned, values centred with Python's str.center rule (which tabulate uses).
        const left = Math.floor(margin / 2) + (margin & inner & 1);
        return j === 0
          ? ` ${text.padEnd(inner + 1)}`
          : ` ${' '.repeat(left)}${text}${' '.repeat(margin - left)} `;
      })
      .join('|')}|`;
  return [rule, line(0), rule, ...rowLabels.map((_, i) => line(i + 1)), rule].join('\n');
}
