import { describe, expect, it } from 'vitest';
import {
  boundedMeanTolerance,
  chiSquareCritical,
  chiSquarePower,
  chiSquareTest,
  gaussianMeanTolerance,
  normalQuantile,
} from './statistics.js';

describe('normalQuantile', () => {
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.8413447460685429, 1],
    [1e-4, -3.719016485455709],
    [1 - 5e-7, 4.891638475698989],
    [1e-12, -7.034483825301131],
  ])('Φ⁻¹(%d) = %d', (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-8);
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('tolerances from a false-failure rate', () => {
  it('Hoeffding for bounded values: √(ln(2/α) / 2n) times the range', () => {
    expect(boundedMeanTolerance(1, 20_000, 1e-6)).toBeCloseTo(Math.sqrt(Math.log(2e6) / 40_000), 15);
    expect(boundedMeanTolerance(0.25, 100, 1e-6)).toBeCloseTo(0.25 * Math.sqrt(Math.log(2e6) / 200), 15);
  });

  it('the two-sided normal quantile for Gaussian means', () => {
    expect(gaussianMeanTolerance(2, 4, 0.05)).toBeCloseTo(1.959963984540054, 8);
  });

  it('chi-square critical values within 0.5 % of the tables', () => {
    // Upper quantiles of the chi-square distribution from standard tables.
    for (const [df, alpha, value] of [
      [10, 0.05, 18.307],
      [30, 0.001, 59.703],
      [100, 0.01, 135.807],
    ] as const) {
      expect(Math.abs(chiSquareCritical(df, alpha) / value - 1)).toBeLessThan(0.005);
    }
  });
});

describe('chiSquareTest', () => {
  const fair = [
    ['a', 0.25],
    ['b', 0.25],
    ['c', 0.5],
  ] as const;

  it('computes Pearson’s statistic and the degrees of freedom', () => {
    const outcome = chiSquareTest(
      new Map([
        ['a', 30],
        ['b', 20],
        ['c', 50],
      ]),
      fair,
      1e-6,
    );
    expect(outcome.df).toBe(2);
    expect(outcome.statistic).toBeCloseTo(25 / 25 + 25 / 25 + 0, 12);
    expect(outcome.statistic).toBeLessThan(outcome.critical);
  });

  it('pools rare bins and counts draws outside the support against the sampler', () => {
    const outcome = chiSquareTest(
      new Map([
        ['a', 500],
        ['b', 500],
        ['rare', 0],
        ['impossible', 10],
      ]),
      [
        ['a', 0.5],
        ['b', 0.499],
        ['rare', 0.001],
      ],
      1e-6,
    );
    expect(outcome.df).toBe(2);
    // The pooled bin expects 1.01 draws and holds 10.
    expect(outcome.statistic).toBeGreaterThan(outcome.critical);
  });

  it('has a power that grows with the distance between the distributions', () => {
    const test = chiSquareTest(
      new Map([
        ['a', 2500],
        ['b', 2500],
        ['c', 5000],
      ]),
      fair,
      1e-6,
    );
    expect(chiSquarePower(test, fair)).toBeLessThan(1e-5);
    const nearby = chiSquarePower(test, [
      ['a', 0.26],
      ['b', 0.24],
      ['c', 0.5],
    ]);
    const far = chiSquarePower(test, [
      ['a', 0.35],
      ['b', 0.15],
      ['c', 0.5],
    ]);
    expect(nearby).toBeLessThan(far);
    expect(far).toBeGreaterThan(1 - 1e-9);
  });
});
