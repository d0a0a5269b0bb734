import { describe, expect, it } from 'vitest';
import { formatTable, printable } from './table.js';

describe('printable', () => {
  it('shows control characters as ? so that a job name cannot drive the terminal', () => {
    expect(printable('a\u001b[2Jb\nc\u009bd')).toBe('a?[2Jb?c?d');
    expect(printable('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('cuts long text to the width given, marking the cut', () => {
    expect(printable('abcdefgh', 5)).toBe('abcd…');
    expect(printable('abc', 5)).toBe('abc');
  });
});

describe('formatTable', () => {
  it('aligns columns, numbers on the right', () => {
    const text = formatTable(
      [{ header: 'name' }, { header: 'n', align: 'right' }],
      [
        ['alpha', '1'],
        ['b', '100'],
      ],
    );
    expect(text).toBe(['name     n', 'alpha    1', 'b      100'].join('\n'));
  });
});
