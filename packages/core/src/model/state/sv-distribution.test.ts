import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BasicState } from './basic-state.js';
import { StateVector } from './state-vector.js';
import { SVDistribution } from './sv-distribution.js';

describe('SVDistribution', () => {
  it('maps normalised state vectors to probabilities', () => {
    const svd = new SVDistribution([
      [new StateVector('|1,0>').add('|0,1>'), 0.3],
      [new StateVector('|1,1>').add('|0,1>', { re: 0, im: 1 }), 0.3],
      [new StateVector('|2,0>').add('|1,1>'), 0.4],
    ]);
    expect(svd.size).toBe(3);
    expect(svd.m).toBe(2);
    expect(svd.nMax).toBe(2);
    // The same vector up to scale is the same key.
    expect(svd.get(new StateVector('|1,0>').add('|0,1>').scale(5))).toBe(0.3);
    expect(svd.has('|1,0>')).toBe(false);
    expect(svd.total()).toBeCloseTo(1, 15);
  });

  it('accepts basic states as pure states and accumulates repeated entries', () => {
    const svd = new SVDistribution([
      ['|0,1>', 0.25],
      [new BasicState([0, 1]), 0.25],
      ['|1,0>', 1],
    ]);
    expect(svd.get('|0,1>')).toBe(0.5);
    svd.normalize();
    expect(svd.get('|1,0>')).toBeCloseTo(2 / 3, 15);
    expect(new SVDistribution('|{0},{1}>').get('|{0},{1}>')).toBe(1);
  });

  it('prints each vector with its probability', () => {
    const svd = new SVDistribution([
      ['|0,1>', 0.5],
      ['|1,0>', 0.5],
    ]);
    expect(svd.toString()).toBe('{\n\t|0,1>: 0.5\n\t|1,0>: 0.5\n}');
    expect(new SVDistribution().toString()).toBe('{}');
  });

  it('tensors distributions as Perceval (test_tensor_svdistribution_1)', () => {
    const a = new SVDistribution([
      ['|0>', 0.25],
      ['|1>', 0.75],
    ]);
    const b = new SVDistribution([
      ['|0>', 0.8],
      ['|1>', 0.2],
    ]);
    const ab = a.tensor(b);
    expect(ab.size).toBe(4);
    expect(ab.get('|0,0>')).toBeCloseTo(1 / 5, 15);
    expect(ab.get('|0,1>')).toBeCloseTo(1 / 20, 15);
    expect(ab.get('|1,0>')).toBeCloseTo(3 / 5, 15);
    expect(ab.get('|1,1>')).toBeCloseTo(3 / 20, 15);
    expect(a.tensor(b, 0.1).size).toBe(3);
    expect(new SVDistribution().tensor(b).get('|1>')).toBe(0.2);
  });

  it('squares as in Perceval (svd ** 2 on {|0,1>: ½, |1,0>: ½})', () => {
    const svd = new SVDistribution([
      ['|0,1>', 0.5],
      ['|1,0>', 0.5],
    ]);
    const squared = svd.tensor(svd);
    expect(squared.size).toBe(4);
    expect(squared.get('|1,0,0,1>')).toBeCloseTo(1 / 4, 15);
    expect(squared.m).toBe(4);
    expect(squared.nMax).toBe(2);
  });

  it('samples vectors, excluding the vacuum by default', () => {
    const svd = new SVDistribution([
      ['|0,0>', 0.9],
      ['|1,0>', 0.1],
    ]);
    let state = 1;
    const rng = (): number => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    const drawn = svd.sample(20, rng);
    expect(drawn).toHaveLength(20);
    expect(drawn.every((sv) => sv.toString() === '|1,0>')).toBe(true);
    expect(svd.sample(200, rng, { nonNull: false }).some((sv) => sv.toString() === '|0,0>')).toBe(true);
  });

  it('refuses mixed mode counts, empty vectors and bad probabilities', () => {
    const svd = new SVDistribution('|1,0>');
    expect(() => svd.add('|1>', 0.5)).toThrow(ValidationError);
    expect(() => svd.add(new StateVector(), 0.5)).toThrow(/empty/);
    expect(() => svd.add('|0,1>', -1)).toThrow(expect.objectContaining({ field: 'probability' }));
    expect(() => new SVDistribution([['|0,0>', 1]]).sample(1)).toThrow(/No state/);
  });
});
