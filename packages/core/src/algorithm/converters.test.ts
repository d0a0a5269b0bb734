import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { BSCount } from '../model/state/bs-count.js';
import { BSDistribution } from '../model/state/bs-distribution.js';
import { BSSamples } from '../model/state/bs-samples.js';
import { fockSpaceSize } from '../model/state/fock-space.js';
import { Rng } from '../random/random.js';
import {
  boundedMeanTolerance,
  chiSquareCritical,
  chiSquarePower,
  chiSquareTest,
  gaussianMeanTolerance,
} from '../testing/statistics.js';
import {
  deduceCount,
  probsToSampleCount,
  probsToSamples,
  sampleCountToProbs,
  sampleCountToSamples,
  samplesToProbs,
  samplesToSampleCount,
} from './converters.js';

/** False-failure rate of each statistical assertion below. */
const ALPHA = 1e-6;

/** Reference #3: BS.H(theta=2π/3) on |2,0>. */
const hom = (): BSDistribution =>
  new BSDistribution([
    ['|2,0>', 0.0625],
    ['|1,1>', 0.375],
    ['|0,2>', 0.5625],
  ]);

/** `states` equally likely two-photon states (the first ones of a large enough Fock space). */
function uniform(states: number): BSDistribution {
  const d = new BSDistribution();
  let m = 2;
  while (fockSpaceSize(m, 2) < states) m++;
  let k = 0;
  for (let i = 0; i < m && k < states; i++) {
    for (let j = i; j < m && k < states; j++, k++) {
      const occ = new Array<number>(m).fill(0);
      occ[i]!++;
      occ[j]!++;
      d.add(`|${occ.join(',')}>`, 1 / states);
    }
  }
  return d;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function standardDeviation(xs: number[]): number {
  const mu = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / (xs.length - 1));
}

describe('deduceCount', () => {
  it('follows Perceval: count, else min(maxSamples, maxShots), else the one given', () => {
    expect(deduceCount({ count: 5, maxSamples: 10 })).toBe(5);
    expect(deduceCount({ maxSamples: 10, maxShots: 7 })).toBe(7);
    expect(deduceCount({ maxShots: 7 })).toBe(7);
    expect(deduceCount({ maxSamples: 10 })).toBe(10);
    expect(() => deduceCount({})).toThrow(ValidationError);
    expect(() => deduceCount({ maxSamples: -1 })).toThrow(ValidationError);
  });
});

describe('probsToSampleCount', () => {
  it('always totals exactly count (the rounding difference is fixed)', () => {
    for (let seed = 0; seed < 50; seed++) {
      for (const [probs, count] of [
        [hom(), 10],
        [hom(), 9_999],
        [uniform(300), 1_000],
        [uniform(7), 20],
      ] as const) {
        expect(probsToSampleCount(probs, { count, rng: seed }).total()).toBe(count);
      }
    }
  });

  it('fixes a rounding surplus and deficit: three equal states and 10 shots cannot round to 10', () => {
    const third = new BSDistribution([
      ['|1,0,0>', 1 / 3],
      ['|0,1,0>', 1 / 3],
      ['|0,0,1>', 1 / 3],
    ]);
    for (let seed = 0; seed < 30; seed++) {
      const counts = probsToSampleCount(third, { maxSamples: 10, rng: seed });
      expect(counts.total()).toBe(10);
      expect([...counts.values()].every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    }
  });

  it('uses min(maxSamples, maxShots)', () => {
    expect(probsToSampleCount(hom(), { maxSamples: 1_000, maxShots: 300, rng: 1 }).total()).toBe(300);
  });

  it('repeats for the same seed and varies with the seed', () => {
    const a = probsToSampleCount(hom(), { count: 10_000, rng: 7 }).toJSON();
    expect(probsToSampleCount(hom(), { count: 10_000, rng: 7 }).toJSON()).toEqual(a);
    expect(probsToSampleCount(hom(), { count: 10_000, rng: new Rng(7) }).toJSON()).toEqual(a);
    expect(probsToSampleCount(hom(), { count: 10_000, rng: 8 }).toJSON()).not.toEqual(a);
  });

  it('centres the counts on p·count', () => {
    const runs = Array.from({ length: 200 }, (_, seed) =>
      probsToSampleCount(hom(), { count: 10_000, rng: seed }),
    );
    // A count's standard deviation is that of sampling noise, √(count·p(1 − p)) (checked below); the mean of
    // 200 runs lies within the normal quantile of α times σ/√200 of p·count.
    for (const [state, p] of [
      ['|1,1>', 0.375],
      ['|0,2>', 0.5625],
    ] as const) {
      const sigma = Math.sqrt(10_000 * p * (1 - p));
      expect(Math.abs(mean(runs.map((r) => r.get(state))) - 10_000 * p)).toBeLessThan(
        gaussianMeanTolerance(sigma, runs.length, ALPHA),
      );
    }
  });

  it('adds Gaussian noise of the size of sampling noise', () => {
    // Four states of 1/4: after renormalising, a count's variance is count²·σ²·(1 − p) with σ² = p(1−p)/count,
    // i.e. a standard deviation of 37.5 for 10,000 shots (zero without perturbation).
    const quarter = new BSDistribution([
      ['|1,0>', 0.25],
      ['|0,1>', 0.25],
      ['|2,0>', 0.25],
      ['|0,2>', 0.25],
    ]);
    const first = Array.from({ length: 600 }, (_, seed) =>
      probsToSampleCount(quarter, { count: 10_000, rng: seed }).get('|1,0>'),
    );
    // (n − 1)·s²/σ² is chi-square with n − 1 degrees of freedom.
    const n = first.length;
    expect(standardDeviation(first)).toBeGreaterThan(
      37.5 * Math.sqrt(chiSquareCritical(n - 1, 1 - ALPHA / 2) / (n - 1)),
    );
    expect(standardDeviation(first)).toBeLessThan(
      37.5 * Math.sqrt(chiSquareCritical(n - 1, ALPHA / 2) / (n - 1)),
    );
  });

  it('keeps a certain outcome exact', () => {
    const sure = new BSDistribution([['|1,1>', 1]]);
    expect(probsToSampleCount(sure, { count: 123, rng: 3 }).toJSON()).toEqual({ '|1,1>': 123 });
  });

  it('falls back to plain sampling when no state would survive rounding', () => {
    // 2,000 equal states and 10 shots: every p'·count is far below 1.
    const flat = uniform(2_000);
    const counts = probsToSampleCount(flat, { count: 10, rng: 11 });
    expect(counts.total()).toBe(10);
    for (const [state] of counts) expect(flat.get(state)).toBeGreaterThan(0);
  });

  it('handles a large dense distribution (92,378 states of 10 photons in 10 modes)', () => {
    const size = fockSpaceSize(10, 10);
    const probs = new Float64Array(size).fill(1 / size);
    const dense = BSDistribution.fromDense(10, 10, probs);
    const counts = probsToSampleCount(dense, { count: 1_000_000, rng: 5 });
    expect(counts.total()).toBe(1_000_000);
    expect(counts.m).toBe(10);
  });

  it('returns an empty count for 0 shots or an empty distribution', () => {
    expect(probsToSampleCount(hom(), { count: 0 }).size).toBe(0);
    expect(probsToSampleCount(new BSDistribution(), { count: 10 }).size).toBe(0);
  });
});

describe('probsToSamples', () => {
  it('draws count independent samples that follow the distribution (chi-square at α = 1e-6)', () => {
    const samples = probsToSamples(hom(), { maxSamples: 20_000, rng: 2 });
    expect(samples.length).toBe(20_000);
    expect(samples.m).toBe(2);
    const observed = new Map(Object.entries(samplesToSampleCount(samples).toJSON()));
    const test = chiSquareTest(observed, Object.entries(hom().toJSON()), ALPHA);
    expect(test.statistic).toBeLessThan(test.critical);
    // A sampler that drew |1,1> and |0,2> with swapped weights would be caught with power > 1 − 1e-6.
    expect(
      chiSquarePower(test, [
        ['|2,0>', 0.0625],
        ['|1,1>', 0.5625],
        ['|0,2>', 0.375],
      ]),
    ).toBeGreaterThan(1 - 1e-6);
  });

  it('repeats for the same seed, given as a number or an Rng', () => {
    const first = probsToSamples(hom(), { count: 50, rng: 2 }).toJSON();
    expect(probsToSamples(hom(), { count: 50, rng: new Rng(2) }).toJSON()).toEqual(first);
    expect(probsToSamples(hom(), { count: 50, rng: 3 }).toJSON()).not.toEqual(first);
  });

  it('never draws a state of probability zero, nor the vacuum', () => {
    const d = new BSDistribution([
      ['|0,0>', 0.5],
      ['|1,0>', 0.5],
      ['|0,1>', 0],
    ]);
    expect(samplesToSampleCount(probsToSamples(d, { count: 1_000, rng: 4 })).toJSON()).toEqual({
      '|1,0>': 1_000,
    });
  });

  it('uses min(maxSamples, maxShots), and gives no samples for 0 or an empty distribution', () => {
    expect(probsToSamples(hom(), { maxSamples: 30, maxShots: 12, rng: 1 }).length).toBe(12);
    expect(probsToSamples(hom(), { count: 0 }).length).toBe(0);
    expect(probsToSamples(new BSDistribution(), { count: 5 }).length).toBe(0);
    expect(() => probsToSamples(hom(), {})).toThrow(ValidationError);
  });
});

describe('samples and counts', () => {
  const samples = new BSSamples(['|1,0>', '|0,1>', '|1,0>', '|1,0>']);

  it('counts samples, in order of first sight, keeping the mode count', () => {
    const counts = samplesToSampleCount(samples);
    expect(counts.toJSON()).toEqual({ '|1,0>': 3, '|0,1>': 1 });
    expect([...counts.entries()].map(([state, n]) => [state.toString(), n])).toEqual([
      ['|1,0>', 3],
      ['|0,1>', 1],
    ]);
    expect(counts.m).toBe(2);
    expect(counts.total()).toBe(4);
    expect(samplesToSampleCount(new BSSamples()).size).toBe(0);
  });

  it('turns samples and counts into probabilities', () => {
    expect(samplesToProbs(samples).toJSON()).toEqual({ '|1,0>': 0.75, '|0,1>': 0.25 });
    const probs = sampleCountToProbs(new BSCount({ '|2,0>': 1, '|1,1>': 4, '|0,2>': 3 }));
    expect(probs.toJSON()).toEqual({ '|2,0>': 0.125, '|1,1>': 0.5, '|0,2>': 0.375 });
    expect(probs.m).toBe(2);
    expect(sampleCountToProbs(new BSCount()).size).toBe(0);
  });

  it('leaves the counts it normalises unchanged', () => {
    const counts = new BSCount({ '|2,0>': 1, '|0,2>': 3 });
    sampleCountToProbs(counts);
    expect(counts.toJSON()).toEqual({ '|2,0>': 1, '|0,2>': 3 });
  });

  it('resamples counts: as many as counted by default, or the count asked for', () => {
    const counts = new BSCount({ '|2,0>': 10, '|0,2>': 30 });
    expect(sampleCountToSamples(counts, { rng: 1 }).length).toBe(40);
    const many = sampleCountToSamples(counts, { maxSamples: 40_000, rng: 1 });
    expect(many.length).toBe(40_000);
    // The proportion of |0,2> is a mean of 40,000 values in [0, 1]: within Hoeffding's bound at α of 3/4.
    expect(Math.abs(samplesToSampleCount(many).get('|0,2>') / 40_000 - 0.75)).toBeLessThan(
      boundedMeanTolerance(1, 40_000, ALPHA),
    );
  });
});
