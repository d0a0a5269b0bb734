// NaiveApprox: Gurvits' permanent estimates, their 99 % error bounds and Perceval's two read-outs with error.
import {
  BasicState,
  BS,
  type BSDistribution,
  Circuit,
  ComplexMatrix,
  NoiseModel,
  Sampler,
  type SamplerResult,
  Unitary,
  ValidationError,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GURVITS_ITERATIONS, Processor } from './index.js';

/** n photons in the first n of 2n modes of a Haar-random interferometer, output on modes n…2n−1. */
function bosonSampling(n: number, seed: number, options: { seed?: number; gurvitsIterations?: number } = {}) {
  const u = ComplexMatrix.randomUnitary(2 * n, seed);
  const circuit = new Circuit(2 * n).add(0, new Unitary(u));
  const input = new BasicState([...Array<number>(n).fill(1), ...Array<number>(n).fill(0)]);
  const output = new BasicState([...Array<number>(n).fill(0), ...Array<number>(n).fill(1)]);
  const approx = new Processor('NaiveApprox', circuit, options).withInput(input);
  const exact = new Processor('Naive', circuit).withInput(input);
  return { approx, exact, output };
}

describe('NaiveApprox: estimates within their 99 % bound of the exact values (n ≤ 20)', () => {
  it('misses its bound about 1 % of the time over 100 independent estimates', () => {
    // 100 estimates (n = 4, 8, 12, 16, 20; 20 seeds each), each missing its 99 % bound with probability ≈ 0.01, so
    // the misses follow Binomial(100, 0.01): P(misses ≥ 9) = 8.4e-7, the false-failure rate α of this assertion.
    let misses = 0;
    let intervalMisses = 0;
    for (const n of [4, 8, 12, 16, 20]) {
      for (let s = 0; s < 20; s++) {
        const { approx, exact, output } = bosonSampling(n, 1000 * n + s, { seed: s + 1 });
        const truth = exact.probAmplitude(output);
        const { amplitude, errorBound } = approx.probAmplitudeWithError(output);
        expect(errorBound).toBeGreaterThan(0);
        if (Math.hypot(amplitude.re - truth.re, amplitude.im - truth.im) > errorBound) misses++;
        const [min, max] = approx.probabilityConfidenceInterval(output);
        const p = truth.re ** 2 + truth.im ** 2;
        expect(min).toBeLessThanOrEqual(max);
        if (p < min || p > max) intervalMisses++;
      }
    }
    expect(misses).toBeLessThan(9);
    // The interval is the image of the disc, so it misses only when the disc does.
    expect(intervalMisses).toBeLessThanOrEqual(misses);
  });

  it('narrows as 1/√iterations: 100 times the draws, a tenth of the bound (within 20 %)', () => {
    // Deterministic given the seeds; the ratio of two sample standard deviations of 1e4 and 1e6 draws is within
    // 20 % of 1 far beyond a 1e-6 failure rate for this matrix (relative error of a standard deviation ≈ 1/√(2N)).
    const few = bosonSampling(6, 77, { seed: 3, gurvitsIterations: 10_000 });
    const many = bosonSampling(6, 77, { seed: 3, gurvitsIterations: 1_000_000 });
    const ratio =
      many.approx.probAmplitudeWithError(many.output).errorBound /
      few.approx.probAmplitudeWithError(few.output).errorBound;
    expect(ratio).toBeGreaterThan(0.08);
    expect(ratio).toBeLessThan(0.12);
  });

  it("draws Perceval's 10 000 vectors per permanent unless told otherwise", () => {
    expect(DEFAULT_GURVITS_ITERATIONS).toBe(10_000);
    const byDefault = bosonSampling(6, 77, { seed: 3 });
    const explicit = bosonSampling(6, 77, { seed: 3, gurvitsIterations: DEFAULT_GURVITS_ITERATIONS });
    const other = bosonSampling(6, 77, { seed: 3, gurvitsIterations: DEFAULT_GURVITS_ITERATIONS + 1 });
    const estimate = byDefault.approx.probAmplitudeWithError(byDefault.output);
    expect(estimate).toEqual(explicit.approx.probAmplitudeWithError(explicit.output));
    expect(estimate).not.toEqual(other.approx.probAmplitudeWithError(other.output));
  });

  it('is reproducible with the processor seed', () => {
    const a = bosonSampling(8, 5, { seed: 42 });
    const b = bosonSampling(8, 5, { seed: 42 });
    expect(a.approx.probAmplitudeWithError(a.output)).toEqual(b.approx.probAmplitudeWithError(b.output));
    expect(a.approx.probAmplitude(a.output)).toEqual(a.approx.probAmplitudeWithError(a.output).amplitude);
  });
});

describe('NaiveApprox: exact cases and distributions', () => {
  it('one photon is exact: the amplitude is the matrix entry, with bound 0', () => {
    const p = new Processor('NaiveApprox', new Circuit(2).add(0, BS.H())).withInput('|1,0>');
    const { amplitude, errorBound } = p.probAmplitudeWithError('|0,1>');
    expect(amplitude.re).toBeCloseTo(Math.SQRT1_2, 15);
    expect(errorBound).toBe(0);
    expect(p.probabilityConfidenceInterval('|0,1>')).toEqual([
      (amplitude.re - 0) ** 2,
      (amplitude.re + 0) ** 2,
    ]);
    const { results } = new Sampler(p).probs() as SamplerResult<BSDistribution>;
    expect(results.get('|1,0>')).toBeCloseTo(0.5, 12);
    expect(results.get('|0,1>')).toBeCloseTo(0.5, 12);
  });

  it('probs() lists every output with an estimated probability and sums to 1', () => {
    const p = new Processor(
      'NaiveApprox',
      new Circuit(3).add(0, new Unitary(ComplexMatrix.randomUnitary(3, 9))),
      {
        seed: 1,
        gurvitsIterations: 100_000,
      },
    ).withInput('|1,1,0>');
    const exact = new Processor(
      'SLOS',
      new Circuit(3).add(0, new Unitary(ComplexMatrix.randomUnitary(3, 9))),
    ).withInput('|1,1,0>');
    const estimated = (new Sampler(p).probs() as SamplerResult<BSDistribution>).results;
    const truth = (new Sampler(exact).probs() as SamplerResult<BSDistribution>).results;
    let total = 0;
    for (const [state, q] of estimated) {
      total += q;
      const [min, max] = p.probabilityConfidenceInterval(state);
      // Normalisation moves each value by the total's estimation error: compare with the interval widened by it.
      expect(truth.get(state)).toBeGreaterThanOrEqual(min - 0.02);
      expect(truth.get(state)).toBeLessThanOrEqual(max + 0.02);
    }
    expect(total).toBeCloseTo(1, 12);
    expect(estimated.size).toBe(truth.size);
  });
});

describe('NaiveApprox: validation', () => {
  it('refuses a bad iteration count, naming gurvitsIterations', () => {
    for (const bad of [0, -1, 1.5, 2 ** 41]) {
      expect(() => new Processor('NaiveApprox', 2, { gurvitsIterations: bad })).toThrowError(
        expect.objectContaining({ field: 'gurvitsIterations' }),
      );
    }
  });

  it('gives errors only on NaiveApprox (or auto): exact backends say to use probAmplitude', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, BS.H())).withInput('|1,1>');
    expect(() => p.probAmplitudeWithError('|2,0>')).toThrowError(ValidationError);
    expect(() => p.probabilityConfidenceInterval('|2,0>')).toThrowError(
      expect.objectContaining({ field: 'backend' }),
    );
  });

  it('needs a perfect source and an output of the right size', () => {
    const noisy = new Processor('NaiveApprox', new Circuit(2).add(0, BS.H()), {
      noise: new NoiseModel({ brightness: 0.5 }),
    }).withInput('|1,1>');
    expect(() => noisy.probAmplitudeWithError('|2,0>')).toThrowError(
      expect.objectContaining({ field: 'noise' }),
    );
    const p = new Processor('NaiveApprox', new Circuit(2).add(0, BS.H())).withInput('|1,1>');
    expect(() => p.probAmplitudeWithError('|2,0,0>')).toThrowError(
      expect.objectContaining({ field: 'output' }),
    );
  });
});

describe("'auto' and backendName", () => {
  it('names the backend a job takes', () => {
    expect(new Processor('auto', 4).withInput('|1,1,0,0>').backendName).toBe('SLOS');
    expect(new Processor('auto', 40).withInput(new BasicState(Array(40).fill(1))).backendName).toBe(
      'CliffordClifford2017',
    );
    expect(new Processor('NaiveApprox', 4).backendName).toBe('NaiveApprox');
  });

  it('estimates a 32-photon amplitude (beyond exact permanents) with its bound', () => {
    const { output } = bosonSampling(32, 3);
    const auto = new Processor(
      'auto',
      new Circuit(64).add(0, new Unitary(ComplexMatrix.randomUnitary(64, 3))),
      {
        seed: 7,
      },
    ).withInput(new BasicState([...Array<number>(32).fill(1), ...Array<number>(32).fill(0)]));
    const { amplitude, errorBound } = auto.probAmplitudeWithError(output);
    expect(Number.isFinite(amplitude.re) && Number.isFinite(errorBound)).toBe(true);
    expect(auto.probAmplitude(output)).toEqual(amplitude);
  });
});
