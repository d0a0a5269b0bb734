import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BasicState } from './basic-state.js';
import { BSDistribution, DistributionSampler } from './bs-distribution.js';
import { BSSamples } from './bs-samples.js';
import { fockSpaceSize, rankOf } from './fock-space.js';

/** A small deterministic generator (mulberry32) so that sampling tests are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('BSDistribution built by hand', () => {
  it('prints like Perceval', () => {
    const d = new BSDistribution([
      ['|1,0>', 0.0286],
      [new BasicState([0, 1]), 0.9714],
    ]);
    expect(d.toString()).toBe('{\n\t|1,0>: 0.0286\n\t|0,1>: 0.9714\n}');
    expect(new BSDistribution().toString()).toBe('{}');
  });

  it('looks states up by BasicState or text, 0 when absent', () => {
    const d = new BSDistribution({ '|1,0>': 0.25, '|0,1>': 0.75 });
    expect(d.get('|0,1>')).toBe(0.75);
    expect(d.get(new BasicState([1, 0]))).toBe(0.25);
    expect(d.get('|1,1>')).toBe(0);
    expect(d.get('|1,0,0>')).toBe(0);
    expect(d.has('|1,0>')).toBe(true);
    expect(d.has('|2,0>')).toBe(false);
    expect(d.m).toBe(2);
    expect(d.size).toBe(2);
  });

  it('sets, accumulates, totals and normalises', () => {
    const d = new BSDistribution();
    d.set('|1,0>', 2).add('|0,1>', 1).add('|0,1>', 1);
    expect(d.total()).toBe(4);
    d.normalize();
    expect(d.get('|1,0>')).toBe(0.5);
    expect(d.get('|0,1>')).toBe(0.5);
    expect(d.total()).toBe(1);
    d.set('|1,0>', 0);
    expect(d.size).toBe(1);
    expect([...d.keys()].map(String)).toEqual(['|0,1>']);
  });

  it('leaves an all-zero distribution unchanged when normalising', () => {
    const d = new BSDistribution([['|1>', 0]]);
    d.normalize();
    expect(d.get('|1>')).toBe(0);
    expect(d.size).toBe(0);
  });

  it('refuses inconsistent mode counts, noisy states and invalid probabilities', () => {
    const d = new BSDistribution([['|1,0>', 0.5]]);
    expect(() => d.set('|1>', 0.5)).toThrow(ValidationError);
    expect(() => d.set('|{0},0>', 0.5)).toThrow(/noise tags/);
    expect(() => d.set('|0,1>', -0.1)).toThrow(expect.objectContaining({ field: 'probability' }));
    expect(() => d.set('|0,1>', Number.NaN)).toThrow(ValidationError);
    expect(() => d.get('|0,1')).toThrow(/column 5/);
  });

  it('round-trips through its JSON form', () => {
    const d = new BSDistribution({ '|2,0>': 0.375, '|1,1>': 0.25, '|0,2>': 0.375 });
    const again = new BSDistribution(JSON.parse(JSON.stringify(d)) as Record<string, number>);
    expect([...again].map(([s, p]) => [s.toString(), p])).toEqual([...d].map(([s, p]) => [s.toString(), p]));
  });
});

describe('BSDistribution.fromDense (rank-indexed)', () => {
  it('holds reference #5 (|0,1,1> through BS.H, PS(π/4), BS.H) in FSArray order', () => {
    // |2,0,0>, |1,1,0>, |1,0,1>, |0,2,0>, |0,1,1>, |0,0,2>
    const d = BSDistribution.fromDense(3, 2, new Float64Array([0, 0.25, 0.25, 0.25, 0, 0.25]));
    expect(d.get('|1,1,0>')).toBe(0.25);
    expect(d.get('|0,2,0>')).toBe(0.25);
    expect(d.get('|0,1,1>')).toBe(0);
    expect(d.get('|2,0,0>')).toBe(0);
    expect(d.size).toBe(4);
    expect(d.toString()).toBe('{\n\t|1,1,0>: 0.25\n\t|1,0,1>: 0.25\n\t|0,2,0>: 0.25\n\t|0,0,2>: 0.25\n}');
  });

  it('holds reference #6 (BS() on |2,3>)', () => {
    const probs = new Float64Array([0.3125, 0.0625, 0.125, 0.125, 0.0625, 0.3125]);
    const d = BSDistribution.fromDense(2, 5, probs);
    expect(d.get('|5,0>')).toBe(0.3125);
    expect(d.get('|3,2>')).toBe(0.125);
    expect(d.get('|1,4>')).toBe(0.0625);
    expect(d.total()).toBeCloseTo(1, 15);
  });

  it('writes through to the dense array and sends other photon numbers to the sparse part', () => {
    const probs = new Float64Array(3);
    const d = BSDistribution.fromDense(2, 2, probs);
    d.set('|1,1>', 0.5);
    expect(probs[1]).toBe(0.5);
    d.set('|1,0>', 0.5);
    expect(d.get('|1,0>')).toBe(0.5);
    expect([...d].map(([s, p]) => `${s}=${p}`)).toEqual(['|1,1>=0.5', '|1,0>=0.5']);
  });

  it('constructs n = m = 14 (20,058,300 states) and looks states up by rank', () => {
    const size = fockSpaceSize(14, 14);
    expect(size).toBe(20_058_300);
    const probs = new Float64Array(size);
    for (let r = 0; r < size; r += 1001) probs[r] = r;
    const d = BSDistribution.fromDense(14, 14, probs);
    const ones = new Array<number>(14).fill(1);
    const r = rankOf(ones);
    probs[r] = 0.125;
    expect(d.get(`|${ones.join(',')}>`)).toBe(0.125);
    expect(d.get(new BasicState([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14]))).toBe(probs[size - 1]);
    expect(d.get('|14,0,0,0,0,0,0,0,0,0,0,0,0,0>')).toBe(0);
    expect(d.get('|0,0,0,0,0,0,0,0,0,0,0,0,1,13>')).toBe(probs[size - 2]);
  });

  it('checks the array length and the values', () => {
    expect(() => BSDistribution.fromDense(3, 2, new Float64Array(5))).toThrow(/6 probabilities, got 5/);
    expect(() => BSDistribution.fromDense(2, 1, new Float64Array([0.5, -1]))).toThrow(/index 1/);
  });

  it('skips the value check for a trusted producer, never the length check', () => {
    const trusted = BSDistribution.fromDense(2, 1, new Float64Array([0.25, 0.75]), { validate: false });
    expect(trusted.get('|0,1>')).toBe(0.75);
    expect(() => BSDistribution.fromDense(3, 2, new Float64Array(5), { validate: false })).toThrow(/got 5/);
  });
});

describe('BSDistribution.fromSparse', () => {
  it('wraps flat states and probabilities', () => {
    const d = BSDistribution.fromSparse(
      6,
      new Uint8Array([1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0]),
      new Float64Array([1 / 9, 1 / 9]),
    );
    expect(d.get('|1,1,0,0,0,0>')).toBeCloseTo(1 / 9, 15);
    expect(d.size).toBe(2);
    expect(d.m).toBe(6);
    expect([...d.keys()].map(String)).toEqual(['|1,0,1,0,0,0>', '|1,1,0,0,0,0>']);
  });

  it('merges a repeated state when first looked up', () => {
    const d = BSDistribution.fromSparse(1, new Uint8Array([1, 1]), new Float64Array([0.25, 0.5]));
    expect(d.get('|1>')).toBe(0.75);
    expect(d.size).toBe(1);
  });

  it('checks its inputs', () => {
    expect(() => BSDistribution.fromSparse(2, new Uint8Array(3), new Float64Array(2))).toThrow(
      ValidationError,
    );
    expect(() => BSDistribution.fromSparse(1, new Uint8Array(1), new Float64Array([Number.NaN]))).toThrow(
      ValidationError,
    );
  });

  it('exports its non-zero entries as flat arrays', () => {
    const d = new BSDistribution({ '|2,0>': 0.5, '|1,1>': 0, '|0,2>': 0.5 });
    const { m, states, probs } = d.toSparse();
    expect(m).toBe(2);
    expect(Array.from(states)).toEqual([2, 0, 0, 2]);
    expect(Array.from(probs)).toEqual([0.5, 0.5]);
  });

  it('visits occupations without making states', () => {
    const d = BSDistribution.fromDense(2, 1, new Float64Array([0.25, 0.75]));
    d.add('|0,0>', 0.5);
    const seen: string[] = [];
    d.forEachOccupation((occ, p) => seen.push(`${Array.from(occ).join('')}:${p}`));
    expect(seen).toEqual(['10:0.25', '01:0.75', '00:0.5']);
  });
});

describe('BSDistribution.listTensorProduct', () => {
  const half = (): BSDistribution => new BSDistribution({ '|1,0>': 0.5, '|0,1>': 0.5 });

  it('concatenates modes and multiplies probabilities', () => {
    const d = BSDistribution.listTensorProduct([half(), new BSDistribution({ '|2>': 1 })]);
    expect(d.m).toBe(3);
    expect(d.toJSON()).toEqual({ '|1,0,2>': 0.5, '|0,1,2>': 0.5 });
  });

  it('with mergeModes convolves groups of distinguishable photons (|{0},{1}> through BS: |2,0> ¼, |1,1> ½, |0,2> ¼)', () => {
    const d = BSDistribution.listTensorProduct([half(), half()], { mergeModes: true });
    expect(d.m).toBe(2);
    expect(d.get('|2,0>')).toBe(0.25);
    expect(d.get('|1,1>')).toBe(0.5);
    expect(d.get('|0,2>')).toBe(0.25);
    expect(d.size).toBe(3);
  });

  it('drops partial products below the threshold', () => {
    const skewed = new BSDistribution({ '|1>': 0.9, '|0>': 0.1 });
    const d = BSDistribution.listTensorProduct([skewed, skewed], { probThreshold: 0.05 });
    expect([...d.keys()].map(String)).toEqual(['|1,1>', '|1,0>', '|0,1>']);
    expect(d.get('|1,0>')).toBeCloseTo(0.09, 15);
    expect(d.get('|0,0>')).toBe(0);
  });

  it('is empty for an empty list or an empty factor, and refuses merging different mode counts', () => {
    expect(BSDistribution.listTensorProduct([]).size).toBe(0);
    expect(BSDistribution.listTensorProduct([half(), new BSDistribution()]).size).toBe(0);
    expect(() =>
      BSDistribution.listTensorProduct([half(), new BSDistribution({ '|1>': 1 })], { mergeModes: true }),
    ).toThrow(ValidationError);
  });
});

describe('BSDistribution.sample', () => {
  it('draws states with their probabilities', () => {
    const d = BSDistribution.fromDense(
      2,
      5,
      new Float64Array([0.3125, 0.0625, 0.125, 0.125, 0.0625, 0.3125]),
    );
    const samples = d.sample(40_000, seeded(7));
    expect(samples.length).toBe(40_000);
    const counts = new Map<string, number>();
    for (const s of samples) counts.set(s.toString(), (counts.get(s.toString()) ?? 0) + 1);
    for (const [state, p] of d) {
      // 5 standard deviations of a binomial count.
      const expected = p * 40_000;
      expect(Math.abs((counts.get(state.toString()) ?? 0) - expected)).toBeLessThan(5 * Math.sqrt(expected));
    }
  });

  it('excludes the vacuum by default, as Perceval', () => {
    const d = new BSDistribution({ '|0,0>': 0.9, '|1,0>': 0.1 });
    expect([...d.sample(50, seeded(1))].every((s) => s.toString() === '|1,0>')).toBe(true);
    const withVacuum = [...d.sample(200, seeded(1), { nonNull: false })].map(String);
    expect(withVacuum).toContain('|0,0>');
    expect(d.get('|0,0>')).toBe(0.9);
  });

  it('is reproducible with the same generator', () => {
    const d = new BSDistribution({ '|2,0>': 0.25, '|1,1>': 0.5, '|0,2>': 0.25 });
    expect(d.sample(20, seeded(3)).toJSON()).toEqual(d.sample(20, seeded(3)).toJSON());
  });

  it('refuses impossible requests', () => {
    const d = new BSDistribution({ '|0,0>': 1 });
    expect(() => d.sample(3, seeded(1))).toThrow(/non-vacuum/);
    expect(() => d.sample(-1)).toThrow(expect.objectContaining({ field: 'count' }));
    expect(() => new BSDistribution().sample(1)).toThrow(ValidationError);
  });
});

describe('DistributionSampler (BSDistribution.sampler)', () => {
  it('draws in steps the same samples as one sample() call with the same generator', () => {
    const d = new BSDistribution({ '|2,0,0>': 0.25, '|1,1,0>': 0.5, '|0,1,1>': 0.25 });
    const sampler = d.sampler();
    expect(sampler).toBeInstanceOf(DistributionSampler);
    expect(sampler.m).toBe(3);
    const flat = new Uint8Array(30 * 3);
    const rng = seeded(9);
    sampler.drawInto(flat, 0, 12, rng);
    sampler.drawInto(flat, 12, 18, rng);
    expect(BSSamples.fromFlat(3, flat).toJSON()).toEqual(d.sample(30, seeded(9)).toJSON());
  });

  it('checkDrawable refuses a distribution with nothing to draw, vacuum excluded or not', () => {
    const vacuum = new BSDistribution({ '|0,0>': 1 });
    expect(() => vacuum.sampler().checkDrawable()).toThrow(/non-vacuum/);
    const withVacuum = vacuum.sampler({ nonNull: false });
    withVacuum.checkDrawable();
    const drawn = new Uint8Array(2).fill(9);
    withVacuum.drawInto(drawn, 0, 1, seeded(1));
    expect([...drawn]).toEqual([0, 0]);
    expect(() => new BSDistribution({ '|1,0>': 0 }).sampler().checkDrawable()).toThrow(
      expect.objectContaining({ field: 'distribution' }),
    );
  });
});
