import { BSCount, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';

const TEXT = ':PCVL:BSCount:{|1,0>=4841;|0,1>=4875;|1,1>=22}';
// docs/wire-protocol.md, Serialization: the same text compressed by Python's zlib.
const ZIPPED = ':PCVL:zip:eJyzCnAO87FyCnbOL80rsaquMdQxsLM1sTAxtK4x0DEEMc1NrYGiQKaRUS0ANq4Mig==';

describe(':PCVL:BSCount', () => {
  it('reads the wire-protocol example, compressed or not', () => {
    for (const text of [TEXT, ZIPPED]) {
      const counts = deserialize(text) as BSCount;
      expect(counts).toBeInstanceOf(BSCount);
      expect([...counts].map(([state, count]) => [state.toString(), count])).toEqual([
        ['|1,0>', 4841],
        ['|0,1>', 4875],
        ['|1,1>', 22],
      ]);
    }
  });

  it('writes it back byte for byte, and compressed by default to the bytes Python produces', () => {
    const counts = new BSCount([
      ['|1,0>', 4841],
      ['|0,1>', 4875],
      ['|1,1>', 22],
    ]);
    expect(serialize(counts, { compress: false })).toBe(TEXT);
    expect(serialize(counts)).toBe(ZIPPED);
  });

  it('writes an empty count as {}', () => {
    expect(serialize(new BSCount(), { compress: false })).toBe(':PCVL:BSCount:{}');
    expect((deserialize(':PCVL:BSCount:{}') as BSCount).size).toBe(0);
  });

  it.each([
    ['{|1,0>=1.5}', /not a non-negative integer/],
    ['{|1,0>=-3}', /not a non-negative integer/],
    ['{|1,0>=}', /not a non-negative integer/],
    ['{=3}', /BSCount/],
    ['[|1,0>=3]', /start with/],
  ])('refuses the malformed body %s', (body, message) => {
    expect(() => deserialize(`:PCVL:BSCount:${body}`)).toThrow(ValidationError);
    expect(() => deserialize(`:PCVL:BSCount:${body}`)).toThrow(message);
  });
});

describe(':PCVL:BSCount within maxInflatedBytes', () => {
  it('refuses counts whose decoded states (m bytes and 8 of count each) pass the limit, as they arrive', () => {
    const text = ':PCVL:BSCount:{|1,0>=1;|0,1>=2;|1,1>=3}';
    expect(() => deserialize(text, { limits: { maxInflatedBytes: 25 } })).toThrow(
      'Malformed :PCVL:BSCount: 3 states would take more than the limit of 25 bytes (maxInflatedBytes)',
    );
    expect(deserialize(text, { limits: { maxInflatedBytes: 30 } })).toBeInstanceOf(BSCount);
  });
});
