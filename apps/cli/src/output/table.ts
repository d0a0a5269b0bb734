/**
 * Text from a server (job names, tags, messages) made safe for a terminal: control characters, which could move
 * the cursor or change colours, are shown as `?`, and the text is cut to `max` characters (`…` marks a cut).
 */
export function printable(text: string, max = Number.POSITIVE_INFINITY): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '?' : char;
  }
  const chars = [...out];
  return chars.length <= max ? out : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Rows as an aligned text table under a header: columns separated by two spaces, each as wide as its widest
 * cell, numbers (`align: 'right'`) aligned on the right.
 */
export function formatTable(
  columns: readonly { header: string; align?: 'left' | 'right' }[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((column, i) =>
    Math.max([...column.header].length, ...rows.map((row) => [...(row[i] ?? '')].length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - [...cell].length);
        return columns[i]!.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join('\n');
}
