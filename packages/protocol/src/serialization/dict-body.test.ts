import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS as LIMITS } from './decode-limits.js';
import { readDictEntries, writeDictBody } from './dict-body.js';

/** Cuts a text into pieces of 1 to `max` characters, as an inflater may hand them over. */
function cut(text: string, max: number): string[] {
  const pieces: string[] = [];
  for (let at = 0, size = 1; at < text.length; at += size, size = (size % max) + 1) {
    pieces.push(text.slice(at, at + size));
  }
  return pieces;
}

describe('the {key=value;…} body', () => {
  const body = '{|1,0>=0.487179;|0,1>=0.487179;|1,1>=0.001923}';
  const entries = [
    ['|1,0>', '0.487179'],
    ['|0,1>', '0.487179'],
    ['|1,1>', '0.001923'],
  ];

  it('reads entries in order, however the text is cut into pieces', () => {
    for (const max of [1, 2, 3, 7, 100]) {
      expect([...readDictEntries(cut(body, max), 'BSDistribution', LIMITS)]).toEqual(entries);
    }
  });

  it('writes what it reads', () => {
    const pieces: string[] = [];
    writeDictBody(entries as [string, string][], (piece) => pieces.push(piece));
    expect(pieces.join('')).toBe(body);
    const empty: string[] = [];
    writeDictBody([], (piece) => empty.push(piece));
    expect(empty.join('')).toBe('{}');
  });

  it('reads {} as no entry, and a single entry', () => {
    expect([...readDictEntries(['{}'], 'BSCount', LIMITS)]).toEqual([]);
    expect([...readDictEntries(['{', '|1>=3', '}'], 'BSCount', LIMITS)]).toEqual([['|1>', '3']]);
  });

  it.each(['', '{', '}', '{;}', '{a=1;;b=2}', '{a}', '{a=1=2}', 'a=1}'])('refuses %j', (text) => {
    expect(() => [...readDictEntries(cut(text, 2), 'BSCount', LIMITS)]).toThrow(ValidationError);
  });
});

describe('the {key=value;…} body within limits', () => {
  it('refuses an entry longer than maxStringLength as soon as it passes it, however it is cut', () => {
    const limits = { ...LIMITS, maxStringLength: 10 };
    expect([...readDictEntries(['{|1,0,0>=1;', '|0,0,1>=2}'], 'BSCount', limits)]).toHaveLength(2);
    for (const max of [1, 3, 100]) {
      expect(() => [...readDictEntries(cut('{|1,0,0,0,0>=1}', max), 'BSCount', limits)]).toThrow(
        /An entry of the :PCVL:BSCount body is longer than the limit of 10 characters \(maxStringLength\)/,
      );
    }
  });

  it('stops reading an endless entry without holding it: the pieces after the refusal are never asked for', () => {
    let handed = 0;
    function* endless(): Generator<string> {
      yield '{|';
      for (;;) {
        handed++;
        yield '0,'.repeat(1000);
      }
    }
    expect(() => [...readDictEntries(endless(), 'BSCount', LIMITS)]).toThrow(/maxStringLength/);
    // The first piece that takes the entry past the limit is the last one read.
    expect(handed).toBe(Math.floor((LIMITS.maxStringLength - 2) / 2000) + 1);
  });
});
