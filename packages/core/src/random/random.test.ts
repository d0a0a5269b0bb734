import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { boundedMeanTolerance, chiSquareCritical, gaussianMeanTolerance } from '../testing/statistics.js';
import { checkSeed, Rng, randomSeed } from './random.js';

/** False-failure rate of each statistical assertion below: a correct generator fails one with at most this probability. */
const ALPHA = 1e-6;

function draw(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.next());
}

describe('Rng', () => {
  it('repeats its sequence for the same seed and stream', () => {
    expect(draw(new Rng(42), 20)).toEqual(draw(new Rng(42), 20));
    expect(draw(new Rng(-7, 3), 5)).toEqual(draw(new Rng(-7, 3), 5));
  });

  it('gives different sequences for different seeds or streams', () => {
    expect(draw(new Rng(42), 5)).not.toEqual(draw(new Rng(43), 5));
    expect(draw(new Rng(42), 5)).not.toEqual(draw(new Rng(42, 1), 5));
    // seeds that differ only above 32 bits
    expect(draw(new Rng(1), 5)).not.toEqual(draw(new Rng(1 + 2 ** 32), 5));
  });

  it('picks a random seed when none is given, and remembers it', () => {
    const rng = new Rng();
    expect(Number.isSafeInteger(rng.seed)).toBe(true);
    expect(draw(new Rng(rng.seed), 3)).toEqual(draw(rng, 3));
  });

  it('draws uniform doubles in [0, 1) with the right mean and variance', () => {
    const rng = new Rng(1);
    const xs = draw(rng, 200_000);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(boundedMeanTolerance(1, xs.length, ALPHA));
    // (x − ½)² lies in [0, ¼] with mean 1/12.
    const spread = xs.reduce((a, x) => a + (x - 0.5) ** 2, 0) / xs.length;
    expect(Math.abs(spread - 1 / 12)).toBeLessThan(boundedMeanTolerance(0.25, xs.length, ALPHA));
  });

  it('draws unbiased integers below a bound', () => {
    const rng = new Rng(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 90_000; i++) counts[rng.nextInt(3)]!++;
    for (const c of counts)
      expect(Math.abs(c - 30_000)).toBeLessThan(90_000 * boundedMeanTolerance(1, 90_000, ALPHA));
    expect(() => rng.nextInt(0)).toThrow(ValidationError);
  });

  it('draws normal deviates with the requested mean and spread', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 200_000 }, () => rng.normal(2, 0.5));
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - 2)).toBeLessThan(gaussianMeanTolerance(0.5, n, ALPHA));
    // (n − 1)·s²/σ² is chi-square with n − 1 degrees of freedom.
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
    expect(variance).toBeGreaterThan((0.25 * chiSquareCritical(n - 1, 1 - ALPHA / 2)) / (n - 1));
    expect(variance).toBeLessThan((0.25 * chiSquareCritical(n - 1, ALPHA / 2)) / (n - 1));
    // Φ(1) − Φ(−1) = 68.27 % within one σ.
    const within = xs.filter((x) => Math.abs(x - 2) < 0.5).length / n;
    expect(Math.abs(within - 0.6826894921370859)).toBeLessThan(boundedMeanTolerance(1, n, ALPHA));
  });

  it('clones its state: a clone replays the same numbers, normals included', () => {
    const rng = new Rng(9);
    rng.normal(); // leaves a spare normal behind
    const copy = rng.clone();
    expect([rng.normal(), rng.next(), rng.normal()]).toEqual([copy.normal(), copy.next(), copy.normal()]);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => new Rng(1.5)).toThrow(ValidationError);
    expect(() => new Rng(Number.NaN)).toThrow(ValidationError);
    expect(() => new Rng(1, -0.5)).toThrow(ValidationError);
  });
});

describe('seeds', () => {
  it('checkSeed returns a safe integer and names the field of anything else', () => {
    expect(checkSeed(0)).toBe(0);
    expect(checkSeed(-3)).toBe(-3);
    expect(checkSeed(2 ** 53 - 1)).toBe(2 ** 53 - 1);
    for (const bad of [0.5, 2 ** 53, Number.NaN, '7', undefined]) {
      expect(() => checkSeed(bad)).toThrow(
        expect.objectContaining({ name: 'ValidationError', field: 'seed' }),
      );
    }
    expect(() => checkSeed(1.5, 'options.seed')).toThrow('options.seed must be a safe integer (got 1.5)');
  });

  it('randomSeed gives a usable seed, a fresh one each time', () => {
    const seeds = Array.from({ length: 32 }, randomSeed);
    for (const seed of seeds) expect(checkSeed(seed)).toBe(seed);
    // 32 draws over 2^32 values: a repeat has probability below 32²/2^33 ≈ 1.2e-7.
    expect(new Set(seeds).size).toBe(32);
  });
});
