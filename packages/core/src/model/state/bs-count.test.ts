import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BasicState } from './basic-state.js';
import { BSCount, stateValuePairs } from './bs-count.js';
import { BSSamples } from './bs-samples.js';
import { fockSpace } from './fock-space.js';

describe('BSCount', () => {
  it('counts detections and prints like Perceval', () => {
    const counts = new BSCount([
      ['|1,0>', 392],
      [new BasicState([0, 1]), 600],
    ]);
    counts.add('|0,1>', 8);
    expect(counts.get('|0,1>')).toBe(608);
    expect(counts.get('|1,1>')).toBe(0);
    expect(counts.total()).toBe(1000);
    expect(counts.size).toBe(2);
    expect(counts.m).toBe(2);
    expect(counts.toString()).toBe('{\n\t|1,0>: 392\n\t|0,1>: 608\n}');
    expect(new BSCount().toString()).toBe('{}');
  });

  it('reads and writes its JSON form (the :PCVL: dict shape)', () => {
    const counts = new BSCount({ '|1,0>': 4841, '|0,1>': 4875, '|1,1>': 22 });
    expect(JSON.stringify(counts)).toBe('{"|1,0>":4841,"|0,1>":4875,"|1,1>":22}');
    expect(new BSCount(counts.toJSON()).get('|1,1>')).toBe(22);
  });

  it('accumulates straight from photon counts in a flat buffer', () => {
    const counts = BSCount.forModes(2);
    const flat = new Uint8Array([1, 0, 0, 1, 1, 0, 1, 0]);
    for (let offset = 0; offset < flat.length; offset += 2) counts.addOccupations(flat, 1, offset);
    expect(counts.get('|1,0>')).toBe(3);
    expect(counts.get('|0,1>')).toBe(1);
    const inferred = new BSCount().addOccupations([0, 2, 1]);
    expect(inferred.m).toBe(3);
    expect(() => new BSCount().addOccupations(flat, 1, 2)).toThrow(/forModes/);
    expect(() => counts.addOccupations(flat, 1, 7)).toThrow(ValidationError);
  });

  it('holds many distinct states without a JS Map', () => {
    const space = fockSpace(12, 9);
    expect(space.size).toBe(167_960);
    const counts = BSCount.forModes(12);
    space.forEach((occ, rank) => {
      counts.addOccupations(occ, 1 + (rank % 3));
    });
    expect(counts.size).toBe(space.size);
    expect(counts.get(new BasicState(space.unrank(123_457)))).toBe(1 + (123_457 % 3));
  });

  it('wraps flat sparse arrays of Float64 or Uint32 counts', () => {
    const a = BSCount.fromSparse(2, new Uint8Array([1, 0, 0, 1]), new Uint32Array([7, 3]));
    expect(a.get('|1,0>')).toBe(7);
    expect(a.total()).toBe(10);
    const b = BSCount.fromSparse(2, new Uint8Array([1, 0, 0, 1]), new Float64Array([7, 0]));
    expect(b.size).toBe(1);
    expect([...b.keys()].map(String)).toEqual(['|1,0>']);
    const { states, counts } = a.toSparse();
    expect(Array.from(states)).toEqual([1, 0, 0, 1]);
    expect(Array.from(counts)).toEqual([7, 3]);
    expect(() => BSCount.fromSparse(2, new Uint8Array(2), new Float64Array([1.5]))).toThrow(ValidationError);
  });

  it('counts the samples of a BSSamples in order of first sight', () => {
    const counts = BSCount.fromSamples(new BSSamples(['|0,1>', '|1,0>', '|0,1>', '|0,1>']));
    expect([...counts].map(([s, c]) => `${s}=${c}`)).toEqual(['|0,1>=3', '|1,0>=1']);
    expect(BSCount.fromSamples(new BSSamples()).size).toBe(0);
  });

  it('refuses bad counts, noisy states and inconsistent modes', () => {
    const counts = new BSCount([['|1,0>', 1]]);
    expect(() => counts.add('|1,0>', -1)).toThrow(expect.objectContaining({ field: 'count' }));
    expect(() => counts.add('|1,0>', 0.5)).toThrow(ValidationError);
    expect(() => counts.add('|1>')).toThrow(ValidationError);
    expect(() => counts.add('|{0},0>')).toThrow(/noise tags/);
    expect(counts.get('|1>')).toBe(0);
  });

  it('visits occupations without making states', () => {
    const counts = new BSCount({ '|2,0>': 1, '|0,2>': 0, '|1,1>': 2 });
    const seen: string[] = [];
    counts.forEachOccupation((occ, c) => seen.push(`${Array.from(occ).join('')}:${c}`));
    expect(seen).toEqual(['20:1', '11:2']);
  });
});

describe('stateValuePairs (the entries BSCount and BSDistribution are built from)', () => {
  it('passes pairs through and reads a JSON-form object as pairs, in order', () => {
    const pairs: [string, number][] = [
      ['|1,0>', 392],
      ['|0,1>', 608],
    ];
    expect(stateValuePairs(pairs)).toBe(pairs);
    expect([...stateValuePairs({ '|1,0>': 392, '|0,1>': 608 })]).toEqual(pairs);
    expect([...stateValuePairs(new Map(pairs))]).toEqual(pairs);
  });
});
