import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { fockSpace } from './fock-space.js';
import { SparseStateMap } from './sparse-state-map.js';

describe('SparseStateMap', () => {
  it('stores values by state and keeps insertion order', () => {
    const map = new SparseStateMap(3);
    map.set([0, 1, 1], 0.25);
    map.set([2, 0, 0], 0.5);
    map.add([0, 1, 1], 0.25);
    expect(map.size).toBe(2);
    expect(map.get([0, 1, 1])).toBe(0.5);
    expect(map.get([2, 0, 0])).toBe(0.5);
    expect(map.get([1, 1, 0])).toBe(0);
    expect(map.indexOf([1, 1, 0])).toBe(-1);
    expect(Array.from(map.statesView())).toEqual([0, 1, 1, 2, 0, 0]);
    expect(Array.from(map.valuesView())).toEqual([0.5, 0.5]);
    expect(map.stateInto(1, [9, 9, 9])).toEqual([2, 0, 0]);
  });

  it('finds every state of a large space after growing and rehashing', () => {
    const space = fockSpace(8, 5);
    const map = new SparseStateMap(8);
    space.forEach((occ, rank) => {
      map.set(occ, rank);
    });
    expect(map.size).toBe(space.size);
    let wrong = 0;
    space.forEach((occ, rank) => {
      if (map.get(occ) !== rank) wrong++;
    });
    expect(wrong).toBe(0);
  });

  it('reads states at an offset of a flat buffer', () => {
    const map = new SparseStateMap(2);
    const flat = new Uint8Array([1, 0, 0, 1, 1, 0]);
    map.add(flat, 1, 0);
    map.add(flat, 1, 2);
    map.add(flat, 1, 4);
    expect(map.size).toBe(2);
    expect(map.get([1, 0])).toBe(2);
  });

  it('adopts flat arrays and merges repeated states by summing their values', () => {
    const states = new Uint8Array([1, 0, 0, 1, 1, 0, 2, 0]);
    const values = new Float64Array([0.1, 0.2, 0.3, 0.4]);
    const map = SparseStateMap.adopt(2, states, values);
    // The index (and the merge) waits for the first lookup.
    expect(map.size).toBe(4);
    expect(map.get([1, 0])).toBeCloseTo(0.4, 15);
    expect(map.size).toBe(3);
    expect(Array.from(map.statesView())).toEqual([1, 0, 0, 1, 2, 0]);
    expect(() => SparseStateMap.adopt(2, new Uint8Array(3), new Float64Array(2))).toThrow(ValidationError);
    const again = SparseStateMap.adopt(1, new Uint8Array([3, 3]), new Float64Array([1, 2]));
    again.compact();
    expect(again.size).toBe(1);
    again.add([4], 1);
    expect(Array.from(again.valuesView())).toEqual([3, 1]);
  });

  it('refuses more than 255 photons in a mode', () => {
    const map = new SparseStateMap(1);
    expect(() => map.set([256], 1)).toThrow(ValidationError);
    expect(map.get([256])).toBe(0);
  });

  it('handles the zero-mode state', () => {
    const map = new SparseStateMap(0);
    map.add([], 2);
    map.add([], 3);
    expect(map.size).toBe(1);
    expect(map.get([])).toBe(5);
  });
});
