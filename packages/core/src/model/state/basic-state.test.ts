import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BasicState, toBasicState } from './basic-state.js';
import { rankOf } from './fock-space.js';

describe('BasicState construction and printing', () => {
  it('prints like Perceval', () => {
    expect(new BasicState([0, 1, 1]).toString()).toBe('|0,1,1>');
    expect(new BasicState([1, 0]).toString()).toBe('|1,0>');
    expect(new BasicState([]).toString()).toBe('|>');
    expect(String(new BasicState([0, 0]))).toBe('|0,0>');
  });

  it('parses the |..>, |..〉, [..] and (..) forms, with blanks', () => {
    for (const text of ['|0,1,0>', '[0, 1, 0]', '|0, 1, 0〉', '(0,1,0)', '  |0 , 1,0>  ']) {
      expect(BasicState.parse(text).toString()).toBe('|0,1,0>');
    }
    expect(new BasicState('|2,3>').toArray()).toEqual([2, 3]);
    expect(BasicState.parse('|>').m).toBe(0);
  });

  it('round-trips through its text form', () => {
    for (const text of [
      '|0,1,1>',
      '|12,0,3>',
      '|{0},{1}>',
      '|2{0}{1},0>',
      '|{0}{2},0>',
      '|{0}1,{3}>',
      '|>',
    ]) {
      expect(BasicState.parse(text).toString()).toBe(text);
    }
  });

  it('exposes m, n, get and toArray', () => {
    const s = new BasicState([1, 2, 3, 0]);
    expect(s.m).toBe(4);
    expect(s.n).toBe(6);
    expect(s.get(2)).toBe(3);
    expect([...s]).toEqual([1, 2, 3, 0]);
    const copy = s.toArray();
    copy[0] = 9;
    expect(s.get(0)).toBe(1);
    expect(() => s.get(4)).toThrow(ValidationError);
  });

  it('rejects negative or non-integer photon numbers', () => {
    expect(() => new BasicState([0, -1])).toThrow(ValidationError);
    expect(() => new BasicState([0.5])).toThrow(/non-negative integers/);
    expect(() => new BasicState([Number.NaN])).toThrow(expect.objectContaining({ field: 'state' }));
  });

  it('reports malformed text with its column', () => {
    const cases: Array<[string, RegExp]> = [
      ['0,1>', /expected '\|', '\[' or '\(' but found '0' at column 1/],
      ['|0, 1, 0]', /expected ',' or '>' or '〉' or '⟩' but found '\]' at column 9/],
      ['{0, 1, 0}', /at column 1/],
      ['|0,x>', /expected a photon count but found 'x' at column 4/],
      ['|0,1', /unexpected end of text: expected '>'.* at column 5/],
      ['|0,1>x', /unexpected 'x' after the state at column 6/],
      ['|{0}', /at column 5/],
      ['|1{2>', /expected '}' but found '>' at column 5/],
      ['|{X}>', /integer noise tags .* or polarizations .* at column 3/],
      ['|{P:Q}>', /"Q" is not a number or pi .* at column 5/],
      ['|{P:H>', /missing '}' at column 5/],
      ['|{}>', /empty annotation at column 3/],
      ['', /empty text/],
      ['|0,,1>', /expected a photon count but found ',' at column 4/],
    ];
    for (const [text, message] of cases) {
      expect(() => BasicState.parse(text), text).toThrow(ValidationError);
      expect(() => BasicState.parse(text), text).toThrow(message);
    }
  });
});

describe('noise tags', () => {
  it('reads tagged photons: {t} is one photon, k{t} is k photons', () => {
    const s = BasicState.parse('|2{0}{1},0>');
    expect(s.m).toBe(2);
    expect(s.n).toBe(3);
    expect(s.get(0)).toBe(3);
    expect(s.isNoisy).toBe(true);
    expect(s.photonTags()).toEqual([
      { mode: 0, tag: 0 },
      { mode: 0, tag: 0 },
      { mode: 0, tag: 1 },
    ]);
  });

  it('normalises the order of tags and merges repeated ones', () => {
    expect(BasicState.parse('|{1}2{0},0>').toString()).toBe('|2{0}{1},0>');
    expect(BasicState.parse('|{0}{0},0>').toString()).toBe('|2{0},0>');
    expect(BasicState.parse('|1{0}>').toString()).toBe('|{0}>');
    expect(BasicState.parse('|1{0}>').equals(BasicState.parse('|{0}>'))).toBe(true);
  });

  it('keeps untagged photons beside tagged ones', () => {
    const s = BasicState.parse('|{0}1,0>');
    expect(s.n).toBe(2);
    expect(s.photonTags()).toEqual([
      { mode: 0, tag: 0 },
      { mode: 0, tag: undefined },
    ]);
  });

  it('separates by tag (split_state)', () => {
    const split = BasicState.parse('|{0},{0},{3}>').separateByTag();
    expect([...split.keys()]).toEqual([0, 3]);
    expect(split.get(0)!.toString()).toBe('|1,1,0>');
    expect(split.get(3)!.toString()).toBe('|0,0,1>');
    const reversed = BasicState.parse('|{1},{0}>').separateByTag();
    expect([...reversed.entries()].map(([t, s]) => [t, s.toString()])).toEqual([
      [0, '|0,1>'],
      [1, '|1,0>'],
    ]);
    const mixed = BasicState.parse('|{0}1,1>').separateByTag();
    expect([...mixed.entries()].map(([t, s]) => [t, s.toString()])).toEqual([
      [undefined, '|1,1>'],
      [0, '|1,0>'],
    ]);
    const plain = new BasicState([1, 1]);
    expect(plain.separateByTag().get(undefined)).toBe(plain);
  });

  it('drops tags on request and on threshold detection', () => {
    const s = BasicState.parse('|2{0}{1},{2}>');
    expect(s.withoutTags().toString()).toBe('|3,1>');
    expect(s.withoutTags().isNoisy).toBe(false);
    expect(s.thresholdDetection().toString()).toBe('|1,1>');
  });

  it('builds from photons', () => {
    const s = BasicState.fromPhotons(3, [{ mode: 2, tag: 1 }, { mode: 0, tag: 0 }, { mode: 0 }]);
    expect(s.toString()).toBe('|{0}1,0,{1}>');
    expect(BasicState.fromPhotons(2, s.withoutTags().slice(0, 2).photonTags()).toString()).toBe('|2,0>');
    expect(() => BasicState.fromPhotons(2, [{ mode: 2 }])).toThrow(ValidationError);
    expect(() => BasicState.fromPhotons(2, [{ mode: 0, tag: -1 }])).toThrow(ValidationError);
  });

  it('distinguishes states by their tags in equals and key', () => {
    expect(BasicState.parse('|{0},{1}>').equals(BasicState.parse('|{1},{0}>'))).toBe(false);
    expect(BasicState.parse('|{0},{1}>').equals(new BasicState([1, 1]))).toBe(false);
    expect(BasicState.parse('|{0},{1}>').key).not.toBe(BasicState.parse('|{1},{0}>').key);
  });
});

describe('operations', () => {
  it('tensor concatenates modes (Perceval *)', () => {
    expect(new BasicState([0, 1]).tensor(new BasicState([1])).toString()).toBe('|0,1,1>');
    expect(new BasicState([1, 2]).tensor(new BasicState([3, 4])).toString()).toBe('|1,2,3,4>');
    expect(BasicState.parse('|{0},0>').tensor(BasicState.parse('|1,{2}>')).toString()).toBe('|{0},0,1,{2}>');
  });

  it('merge adds photon counts mode by mode', () => {
    expect(new BasicState([0, 1, 0]).merge(new BasicState([1, 0, 0])).toString()).toBe('|1,1,0>');
    expect(BasicState.parse('|{0},0>').merge(BasicState.parse('|{0},{1}>')).toString()).toBe('|2{0},{1}>');
    expect(() => new BasicState([1]).merge(new BasicState([1, 0]))).toThrow(ValidationError);
  });

  it('thresholdDetection caps each mode at k', () => {
    expect(new BasicState([0, 2, 1, 5]).thresholdDetection().toString()).toBe('|0,1,1,1>');
    expect(new BasicState([0, 2, 1, 5]).thresholdDetection(2).toString()).toBe('|0,2,1,2>');
  });

  it('removeModes and slice keep the other modes with their tags', () => {
    expect(new BasicState([1, 0, 2, 3]).removeModes([0, 2]).toString()).toBe('|0,3>');
    expect(BasicState.parse('|{0},1,{2}>').removeModes([1]).toString()).toBe('|{0},{2}>');
    expect(BasicState.parse('|{0},1,0>').removeModes([0]).isNoisy).toBe(false);
    expect(new BasicState([0, 1, 0, 2, 1, 1]).slice(1, 3).toString()).toBe('|1,0>');
    expect(() => new BasicState([1]).removeModes([1])).toThrow(ValidationError);
  });

  it('prodnfact is the product of factorials of the occupations', () => {
    expect(new BasicState([1, 2, 3]).prodnfact()).toBe(12);
    expect(new BasicState([0, 0, 0, 0, 0]).prodnfact()).toBe(1);
  });

  it('rank is the FSArray rank', () => {
    expect(new BasicState([2, 0, 0]).rank).toBe(0);
    expect(new BasicState([0, 1, 1]).rank).toBe(4);
    expect(new BasicState([3, 1, 4, 1, 5]).rank).toBe(rankOf([3, 1, 4, 1, 5]));
  });

  it('equals compares modes and counts', () => {
    expect(new BasicState([1, 0]).equals(BasicState.parse('|1,0>'))).toBe(true);
    expect(new BasicState([1, 0]).equals(new BasicState([1, 0, 0]))).toBe(false);
    expect(new BasicState([0, 0]).equals(new BasicState([0]))).toBe(false);
    expect(new Set([new BasicState([1, 0]).key, BasicState.parse('[1, 0]').key]).size).toBe(1);
  });

  it('serialises to its text form in JSON', () => {
    expect(JSON.stringify({ input: new BasicState([1, 1]) })).toBe('{"input":"|1,1>"}');
  });
});

describe('BasicState text within parse limits', () => {
  it('refuses more modes than maxModes (default 4096) while reading, naming the limit', () => {
    const wide = `|${new Array(5000).fill(0).join(',')}>`;
    expect(() => BasicState.parse(wide)).toThrow(/more than 4096 modes \(maxModes\)/);
    expect(() => BasicState.parse('|0,0,0>', { maxModes: 2 })).toThrow(
      expect.objectContaining({ code: 'ERR_VALIDATION', message: expect.stringMatching(/at column 6$/) }),
    );
    expect(BasicState.parse(wide, { maxModes: 5000 }).m).toBe(5000);
  });

  it('refuses more photons than maxPhotons: |1000000000> is a short text but a huge state', () => {
    expect(() => BasicState.parse('|1000000000>')).toThrow(/more than 4096 photons \(maxPhotons\)/);
    expect(() => new BasicState('|1000000000{0}>')).toThrow(/maxPhotons/);
    expect(() => BasicState.parse('|2,2>', { maxPhotons: 3 })).toThrow(ValidationError);
    expect(BasicState.parse('|1000000000>', { maxPhotons: Number.POSITIVE_INFINITY }).n).toBe(1e9);
  });

  it('refuses a text longer than maxStringLength before reading it, and never copies it into a message', () => {
    const long = `|${'0,'.repeat(3_000_000)}0>`;
    let error: unknown;
    try {
      BasicState.parse(long);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(
      /6000003 characters long, more than the limit of 4194304 characters \(maxStringLength\)/,
    );
    expect(() => BasicState.parse(`|${'0'.repeat(200)},x>`)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^Invalid BasicState "\|0{56}\.\.\."/) }),
    );
  });

  it('keeps tags when parsed with explicit limits', () => {
    expect(BasicState.parse('|{0}1,{3}>', { maxModes: 2 }).toString()).toBe('|{0}1,{3}>');
  });
});

describe('BasicState polarization annotations (Perceval `|{P:H},{P:V}>`)', () => {
  it('parses, formats and compares polarized photons', () => {
    const s = BasicState.parse('|{P:H},{P:V},0,{P:A}>');
    expect(s.toArray()).toEqual([1, 1, 0, 1]);
    expect(s.isPolarized).toBe(true);
    expect(s.isNoisy).toBe(false);
    expect(s.toString()).toBe('|{P:H},{P:V},0,{P:A}>');
    expect(s.photonPolarizations().map((p) => p.polarization?.toString())).toEqual(['H', 'V', 'A']);
    expect(s.equals(BasicState.parse('|{P:H},{P:V},0,{P:(pi/2,pi)}>'))).toBe(true);
    expect(s.equals(new BasicState([1, 1, 0, 1]))).toBe(false);
    expect(s.withoutPolarization().equals(new BasicState([1, 1, 0, 1]))).toBe(true);
  });

  it('counts several photons of a mode by polarization', () => {
    const s = BasicState.parse('|2{P:H}3{P:V}>');
    expect(s.n).toBe(5);
    expect(s.toString()).toBe('|2{P:H}3{P:V}>');
    expect(BasicState.parse('|{P:H}{P:H},1>').toString()).toBe('|2{P:H},1>');
    expect(
      BasicState.parse('|{P:H}1>')
        .photonPolarizations()
        .map((p) => p.polarization?.toString()),
    ).toEqual(['H', undefined]);
  });

  it('keeps polarizations through slices, tensor products and merges', () => {
    const a = BasicState.parse('|{P:H},0>');
    const b = BasicState.parse('|0,{P:D}>');
    expect(a.tensor(b).toString()).toBe('|{P:H},0,0,{P:D}>');
    expect(a.merge(b).toString()).toBe('|{P:H},{P:D}>');
    expect(a.tensor(b).slice(2).toString()).toBe('|0,{P:D}>');
    expect(a.tensor(new BasicState([1])).toString()).toBe('|{P:H},0,1>');
  });
});

describe('BasicState polarization with parse limits', () => {
  it('keeps polarization annotations when parsed with explicit limits', () => {
    expect(BasicState.parse('|{P:H},{P:V}>', { maxModes: 2 }).toString()).toBe('|{P:H},{P:V}>');
  });
});

describe('toBasicState', () => {
  it('takes a BasicState as it is, parses its text form, and names the field of anything else', () => {
    const state = new BasicState([1, 0]);
    expect(toBasicState(state)).toBe(state);
    expect(toBasicState('|0,2>').toString()).toBe('|0,2>');
    expect(() => toBasicState([1, 0] as never, 'input')).toThrow(
      expect.objectContaining({ name: 'ValidationError', field: 'input' }),
    );
    expect(() => toBasicState('|1,x>')).toThrow(ValidationError);
  });
});
