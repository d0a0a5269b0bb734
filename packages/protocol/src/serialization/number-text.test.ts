import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from './deserialize.js';
import { parseCountText, parseFloatText } from './number-text.js';

describe('numbers in :PCVL: bodies', () => {
  it("read Perceval's float spellings and refuse the rest", () => {
    for (const [text, value] of [
      ['1', 1],
      ['1.', 1],
      ['1.5', 1.5],
      ['.5', 0.5],
      ['-1e-5', -1e-5],
      ['+2E+3', 2000],
      ['1.234567e-4', 1.234567e-4],
    ] as const) {
      expect(parseFloatText(text, 'BSDistribution', 'p')).toBe(value);
    }
    for (const text of ['', '.', 'e5', '1e', '1.2.3', 'inf', 'nan', '1_000', ' 1', '1e400']) {
      expect(() => parseFloatText(text, 'BSDistribution', 'p'), text).toThrow(ValidationError);
    }
    expect(parseCountText('4841', 'BSCount', 'count')).toBe(4841);
    expect(() => parseCountText('-1', 'BSCount', 'count')).toThrow(ValidationError);
  });

  it('refuse 4 million digits in linear time (the float pattern backtracked quadratically: hours for this value)', () => {
    const digits = '0'.repeat(4_000_000);
    expect(() => parseFloatText(`${digits}x`, 'BSDistribution', 'p')).toThrow(ValidationError);
    // …and quote at most 40 characters of it.
    expect(() => deserialize(`:PCVL:BSDistribution:{|1>=${digits}x}`)).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        field: 'BSDistribution',
        message: `Malformed :PCVL:BSDistribution: the probability of '|1>' '${'0'.repeat(37)}...' is not a finite number`,
      }),
    );
    expect(parseFloatText(`${digits}.5`, 'BSDistribution', 'p')).toBe(0.5);
  });
});
