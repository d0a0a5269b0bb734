import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BasicState } from './basic-state.js';
import { BSSamples } from './bs-samples.js';

describe('BSSamples', () => {
  it('keeps samples in order and prints like Perceval', () => {
    const samples = new BSSamples(['|1,0>', new BasicState([0, 1])]);
    samples.push('|1,0>');
    expect(samples.length).toBe(3);
    expect(samples.m).toBe(2);
    expect(samples.toString()).toBe('[ |1,0>, |0,1>, |1,0> ]');
    expect([...samples].map(String)).toEqual(['|1,0>', '|0,1>', '|1,0>']);
    expect(samples.at(1)!.toString()).toBe('|0,1>');
    expect(samples.at(-1)!.toString()).toBe('|1,0>');
    expect(samples.at(3)).toBeUndefined();
    expect(JSON.stringify(samples)).toBe('["|1,0>","|0,1>","|1,0>"]');
  });

  it('prints an empty list as []', () => {
    expect(new BSSamples().toString()).toBe('[]');
    expect(new BSSamples().m).toBeUndefined();
  });

  it('abbreviates long lists after ten samples', () => {
    const flat = new Uint8Array(2 * 10_000);
    for (let i = 0; i < 10_000; i++) flat[2 * i + (i % 2)] = 1;
    const samples = BSSamples.fromFlat(2, flat);
    expect(samples.length).toBe(10_000);
    expect(samples.toString()).toBe(
      '[ |1,0>, |0,1>, |1,0>, |0,1>, |1,0>, |0,1>, |1,0>, |0,1>, |1,0>, |0,1>, ... (size=10000) ]',
    );
  });

  it('materialises states lazily from flat occupations and can append to them', () => {
    const samples = BSSamples.fromFlat(3, new Uint8Array([0, 1, 1, 2, 0, 0]));
    expect(samples.at(0)!.toString()).toBe('|0,1,1>');
    samples.push(new BasicState([0, 0, 2]));
    expect(Array.from(samples.toFlat())).toEqual([0, 1, 1, 2, 0, 0, 0, 0, 2]);
  });

  it('grows past its initial capacity', () => {
    const samples = new BSSamples();
    for (let i = 0; i < 1000; i++) samples.push(new BasicState([i % 5, 1]));
    expect(samples.length).toBe(1000);
    expect(samples.at(999)!.toString()).toBe('|4,1>');
  });

  it('rejects inconsistent or noisy samples and bad flat data', () => {
    const samples = new BSSamples(['|1,0>']);
    expect(() => samples.push('|1,0,0>')).toThrow(ValidationError);
    expect(() => samples.push('|{0},0>')).toThrow(/noise tags/);
    expect(() => samples.push(new BasicState([256, 0]))).toThrow(/255/);
    expect(samples.length).toBe(1);
    expect(() => BSSamples.fromFlat(2, new Uint8Array(3))).toThrow(ValidationError);
    expect(() => BSSamples.fromFlat(-1, new Uint8Array(0))).toThrow(expect.objectContaining({ field: 'm' }));
    expect(() => BSSamples.fromFlat(0, new Uint8Array(0))).toThrow(
      expect.objectContaining({ field: 'count' }),
    );
    expect(() => BSSamples.fromFlat(2, new Uint8Array(4), 3)).toThrow(
      expect.objectContaining({ field: 'count' }),
    );
  });
});

describe('BSSamples of no modes', () => {
  it('holds a count of empty states without storing one object each (every mode heralded away)', () => {
    const samples = BSSamples.fromFlat(0, new Uint8Array(0), 1_000_000);
    expect(samples.length).toBe(1_000_000);
    expect(samples.at(999_999)?.toString()).toBe('|>');
    expect(samples.toString()).toBe('[ |>, |>, |>, |>, |>, |>, |>, |>, |>, |>, ... (size=1000000) ]');
  });
});
