// SLOS, Naive and Clifford & Clifford 2017 describe the same physics: on random interferometers the two strong
// backends agree with each other and with the permanent formula, and the sampler's histogram passes a chi-square
// test against the exact distribution.
import {
  BasicState,
  type BSDistribution,
  type BSSamples,
  Circuit,
  ComplexMatrix,
  NoiseModel,
  Sampler,
  type SamplerResult,
  Unitary,
} from '@bosonic/core';
import {
  boundedMeanTolerance,
  type ChiSquareOutcome,
  chiSquarePower,
  chiSquareTest,
} from '@bosonic/core/testing';
import { describe, expect, it } from 'vitest';
import { type BackendName, Processor } from './index.js';

/** |Perm(U_{T,S})|² / (Π s! Π t!), the permanent formula of docs/simulation.md, by summing over permutations. */
function exactProbability(u: ComplexMatrix, input: number[], output: number[]): number {
  const cols = input.flatMap((count, mode) => Array<number>(count).fill(mode));
  const rows = output.flatMap((count, mode) => Array<number>(count).fill(mode));
  const n = cols.length;
  const used = new Array<boolean>(n).fill(false);
  const walk = (r: number, re: number, im: number): [number, number] => {
    if (r === n) return [re, im];
    let sumRe = 0;
    let sumIm = 0;
    for (let c = 0; c < n; c++) {
      if (used[c]) continue;
      used[c] = true;
      const z = u.get(rows[r]!, cols[c]!);
      const [a, b] = walk(r + 1, re * z.re - im * z.im, re * z.im + im * z.re);
      sumRe += a;
      sumIm += b;
      used[c] = false;
    }
    return [sumRe, sumIm];
  };
  const [re, im] = walk(0, 1, 0);
  const factorials = [...input, ...output].reduce((acc, k) => {
    let f = 1;
    for (let i = 2; i <= k; i++) f *= i;
    return acc * f;
  }, 1);
  return (re * re + im * im) / factorials;
}

function processorOn(backend: BackendName, u: ComplexMatrix, input: number[], noise?: NoiseModel): Processor {
  const p = new Processor(backend, new Circuit(u.rows).add(0, new Unitary(u)), noise ? { noise } : {});
  return p.withInput(new BasicState(input));
}

function probsOf(p: Processor): SamplerResult<BSDistribution> {
  return new Sampler(p).probs() as SamplerResult<BSDistribution>;
}

/** Pearson's chi-square test of sampled states against an exact distribution, at false-failure rate α. */
function chiSquare(samples: BSSamples, expected: BSDistribution, alpha: number): ChiSquareOutcome {
  const counts = new Map<string, number>();
  for (const state of samples) counts.set(state.toString(), (counts.get(state.toString()) ?? 0) + 1);
  return chiSquareTest(counts, keyedByText(expected), alpha);
}

function keyedByText(d: BSDistribution): [string, number][] {
  return [...d].map(([state, p]) => [state.toString(), p]);
}

describe('SLOS and Naive', () => {
  const cases: [string, number, number[]][] = [
    ['3 photons in 6 modes', 11, [1, 1, 1, 0, 0, 0]],
    ['bunched input |2,0,1,0,1>', 12, [2, 0, 1, 0, 1]],
    ['4 photons in 4 modes', 13, [1, 1, 1, 1]],
  ];
  for (const [name, seed, input] of cases) {
    it(`agree with each other and with the permanent formula: ${name}`, () => {
      const u = ComplexMatrix.randomUnitary(input.length, seed);
      const slos = probsOf(processorOn('SLOS', u, input)).results;
      const naive = probsOf(processorOn('Naive', u, input)).results;
      let total = 0;
      for (const [state, p] of slos) {
        const exact = exactProbability(u, input, state.toArray());
        expect(Math.abs(p - exact), state.toString()).toBeLessThan(1e-12);
        expect(Math.abs(naive.get(state) - exact), state.toString()).toBeLessThan(1e-12);
        total += p;
      }
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
    });
  }

  it('agree on amplitudes', () => {
    const u = ComplexMatrix.randomUnitary(5, 21);
    const input = [1, 0, 2, 0, 1];
    const slos = processorOn('SLOS', u, input);
    const naive = processorOn('Naive', u, input);
    for (const output of ['|4,0,0,0,0>', '|1,1,1,1,0>', '|0,2,0,0,2>']) {
      const a = slos.probAmplitude(output);
      const b = naive.probAmplitude(output);
      expect(Math.abs(a.re - b.re) + Math.abs(a.im - b.im)).toBeLessThan(1e-12);
    }
  });

  it('agree under a noisy source (brightness, indistinguishability, g2)', () => {
    const u = ComplexMatrix.randomUnitary(5, 31);
    const noise = new NoiseModel({ brightness: 0.8, indistinguishability: 0.9, g2: 0.05 });
    const run = (backend: BackendName): SamplerResult<BSDistribution> =>
      probsOf(processorOn(backend, u, [1, 1, 1, 0, 0], noise).minDetectedPhotonsFilter(2));
    const slos = run('SLOS');
    const naive = run('Naive');
    expect(Math.abs(slos.physicalPerf! - naive.physicalPerf!)).toBeLessThan(1e-12);
    for (const [state, p] of slos.results) expect(Math.abs(naive.results.get(state) - p)).toBeLessThan(1e-12);
  });
});

// Chi-square tests at significance α = 1e-6: a correct sampler fails one for at most 1 seed in a million. The
// seeds are fixed, so the outcome is reproducible; a failure means the histogram is off by far more than sampling
// noise. The last test states the power: how surely this test sees a physically wrong distribution.
const ALPHA = 1e-6;
describe('Clifford & Clifford 2017 sampling', () => {
  const SAMPLES = 20_000;

  it('matches the exact distribution (3 photons in 6 modes, chi-square, α = 1e-6)', () => {
    const u = ComplexMatrix.randomUnitary(6, 41);
    const input = [1, 1, 0, 1, 0, 0];
    const exact = probsOf(processorOn('SLOS', u, input)).results;
    const drawn = new Sampler(processorOn('CliffordClifford2017', u, input), { seed: 7 }).samples(
      SAMPLES,
    ) as SamplerResult<BSSamples>;
    expect(drawn.results.length).toBe(SAMPLES);
    const { statistic, critical, df } = chiSquare(drawn.results, exact, ALPHA);
    expect(df).toBeGreaterThan(10);
    expect(statistic, `chi-square ${statistic.toFixed(1)} with ${df} degrees of freedom`).toBeLessThan(
      critical,
    );
  });

  it('matches the exact distribution of a noisy source after the photon filter (chi-square, α = 1e-6)', () => {
    const u = ComplexMatrix.randomUnitary(5, 43);
    const noise = new NoiseModel({ brightness: 0.7, indistinguishability: 0.85 });
    const input = [1, 1, 1, 0, 0];
    const exact = probsOf(processorOn('SLOS', u, input, noise).minDetectedPhotonsFilter(2));
    const sampler = processorOn('CliffordClifford2017', u, input, noise).minDetectedPhotonsFilter(2);
    const drawn = new Sampler(sampler, { seed: 9 }).samples(SAMPLES) as SamplerResult<BSSamples>;
    const { statistic, critical, df } = chiSquare(drawn.results, exact.results, ALPHA);
    expect(statistic, `chi-square ${statistic.toFixed(1)} with ${df} degrees of freedom`).toBeLessThan(
      critical,
    );
    // The estimated physical performance is the share of shots with ≥ 2 photons: a proportion over at least the
    // 20 000 accepted shots, so Hoeffding's bound at α applies.
    expect(Math.abs(drawn.physicalPerf! - exact.physicalPerf!)).toBeLessThan(
      boundedMeanTolerance(1, SAMPLES, ALPHA),
    );
  });

  it('has the power to see a wrong distribution: distinguishable photons fail against indistinguishable ones', () => {
    const u = ComplexMatrix.randomUnitary(6, 41);
    const input = [1, 1, 0, 1, 0, 0];
    const exact = probsOf(processorOn('SLOS', u, input)).results;
    const noise = new NoiseModel({ indistinguishability: 0 });
    const distinguishable = processorOn('CliffordClifford2017', u, input, noise).minDetectedPhotonsFilter(3);
    const drawn = new Sampler(distinguishable, { seed: 7 }).samples(SAMPLES) as SamplerResult<BSSamples>;
    const test = chiSquare(drawn.results, exact, ALPHA);
    // Power against this alternative, from the exact distribution of distinguishable photons: the probability
    // that a test of SAMPLES draws rejects it. Above 1 − 1e-6, so this rejection is no lucky draw either.
    const wrong = probsOf(processorOn('SLOS', u, input, noise).minDetectedPhotonsFilter(3)).results;
    expect(chiSquarePower(test, keyedByText(wrong))).toBeGreaterThan(1 - 1e-6);
    expect(test.statistic).toBeGreaterThan(test.critical);
  });

  it('is reproducible: the same seed draws the same samples', () => {
    const u = ComplexMatrix.randomUnitary(6, 47);
    const p = processorOn('CliffordClifford2017', u, [1, 1, 1, 0, 0, 0]);
    const a = new Sampler(p, { seed: 5 }).samples(500) as SamplerResult<BSSamples>;
    const b = new Sampler(p, { seed: 5 }).samples(500) as SamplerResult<BSSamples>;
    expect([...a.results].map(String)).toEqual([...b.results].map(String));
  });
});
