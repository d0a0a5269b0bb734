// The reference cases of docs/reference-values.md, through the public API (Processor + Sampler), to 1e-9.
import {
  BasicState,
  BS,
  type BSCount,
  type BSDistribution,
  type BSSamples,
  Circuit,
  Detector,
  LC,
  NoiseModel,
  P,
  PERM,
  PS,
  rToTheta,
  Sampler,
  type SamplerIterationResults,
  type SamplerResult,
  StateVector,
  SVDistribution,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { type BackendName, Processor } from './index.js';
import { expectDistribution } from './testing/expect-distribution.js';

const TOLERANCE = 1e-9;

function probsOf(processor: Processor): SamplerResult<BSDistribution> {
  return new Sampler(processor).probs() as SamplerResult<BSDistribution>;
}

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), what).toBeLessThan(TOLERANCE);
}

const hom = (): Circuit => new Circuit(2).add(0, BS.H());

describe('#1 Hong–Ou–Mandel: BS.H() on |1,1>', () => {
  for (const backend of ['SLOS', 'Naive', 'auto'] as BackendName[]) {
    it(`${backend}: the photons bunch, |1,1> never comes out`, () => {
      const p = new Processor(backend, hom()).withInput(new BasicState([1, 1]));
      const { results, globalPerf, physicalPerf, logicalPerf } = probsOf(p);
      expectDistribution(results, { '|2,0>': 0.5, '|1,1>': 0, '|0,2>': 0.5 });
      for (const perf of [globalPerf, physicalPerf!, logicalPerf!]) expectClose(perf, 1, 'perf');
    });
  }

  it('amplitudes are +1/√2 on |2,0> and −1/√2 on |0,2>', () => {
    const p = new Processor('SLOS', hom()).withInput(new BasicState([1, 1]));
    const a20 = p.probAmplitude('|2,0>');
    const a02 = p.probAmplitude(new BasicState([0, 2]));
    expectClose(a20.re, Math.SQRT1_2, 'Re ⟨2,0|');
    expectClose(a20.im, 0, 'Im ⟨2,0|');
    expectClose(a02.re, -Math.SQRT1_2, 'Re ⟨0,2|');
    expectClose(p.probAmplitude('|1,1>').re, 0, '⟨1,1|');
  });

  it('evolve() gives (√2/2)(|2,0> − |0,2>)', () => {
    const p = new Processor('SLOS', hom()).withInput(new BasicState([1, 1]));
    const out = p.evolve();
    expectClose(out.amplitude('|2,0>').re, Math.SQRT1_2, '|2,0>');
    expectClose(out.amplitude('|0,2>').re, -Math.SQRT1_2, '|0,2>');
    expectClose(out.probability('|1,1>'), 0, '|1,1>');
  });
});

describe('single beam splitters (#2–#4, #6, #12)', () => {
  it('#2 BS.H() on |2,0>', () => {
    const p = new Processor('SLOS', hom()).withInput(new BasicState([2, 0]));
    expectDistribution(probsOf(p).results, { '|2,0>': 0.25, '|1,1>': 0.5, '|0,2>': 0.25 });
  });

  it('#3 BS.H(θ = 2π/3) on |2,0>', () => {
    const p = new Processor('Naive', new Circuit(2).add(0, BS.H({ theta: (2 * Math.PI) / 3 })));
    p.withInput(new BasicState([2, 0]));
    expectDistribution(probsOf(p).results, { '|2,0>': 0.0625, '|1,1>': 0.375, '|0,2>': 0.5625 });
  });

  it('#4 BS.H(θ = 2π/3) on |1,0>', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, BS.H({ theta: (2 * Math.PI) / 3 })));
    p.withInput(new BasicState([1, 0]));
    expectDistribution(probsOf(p).results, { '|1,0>': 0.25, '|0,1>': 0.75 });
  });

  it('#6 BS() (Rx) on |2,3>', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, new BS())).withInput(new BasicState([2, 3]));
    expectDistribution(probsOf(p).results, {
      '|5,0>': 0.3125,
      '|4,1>': 0.0625,
      '|3,2>': 0.125,
      '|2,3>': 0.125,
      '|1,4>': 0.0625,
      '|0,5>': 0.3125,
    });
  });

  it('#12 BS() on |2,2>', () => {
    const p = new Processor('Naive', new Circuit(2).add(0, new BS())).withInput(new BasicState([2, 2]));
    expectDistribution(probsOf(p).results, { '|4,0>': 0.375, '|2,2>': 0.25, '|0,4>': 0.375 });
  });
});

it('#5 BS.H, PS(π/4), BS.H on three modes with |0,1,1>', () => {
  const circuit = new Circuit(3)
    .add(0, BS.H())
    .add(1, new PS(Math.PI / 4))
    .add(1, BS.H());
  for (const backend of ['SLOS', 'Naive'] as const) {
    const p = new Processor(backend, circuit).withInput(new BasicState([0, 1, 1]));
    expectDistribution(probsOf(p).results, {
      '|1,1,0>': 0.25,
      '|1,0,1>': 0.25,
      '|0,2,0>': 0.25,
      '|0,0,2>': 0.25,
    });
  }
});

/** Ralph et al.'s post-processed CNOT, 6 modes: control on 0–1, target on 2–3, heralds on 4–5 (docs/conventions.md). */
function postprocessedCnot(): Circuit {
  const third = rToTheta(1 / 3);
  const cz = new Circuit(6)
    .add(1, new PERM([2, 1, 3, 0]))
    .add(0, BS.H({ theta: third }))
    .add(2, BS.H({ theta: third }))
    .add(4, BS.H({ theta: third }))
    .add(1, new PERM([3, 1, 0, 2]));
  return new Circuit(6).add(2, BS.H()).add(0, cz, { merge: true }).add(2, BS.H());
}

describe('#7–#8 the post-processed CNOT', () => {
  it('#7 without heralds: |00> stays with 1/9, never becomes |01>, leaks 7/9 to the herald modes', () => {
    const p = new Processor('SLOS', postprocessedCnot()).withInput(new BasicState([1, 0, 1, 0, 0, 0]));
    const { results } = probsOf(p);
    expectClose(results.get('|1,0,1,0,0,0>'), 1 / 9, 'same');
    expectClose(results.get('|1,0,0,1,0,0>'), 0, '|01>');
    let onHeralds = 0;
    for (const [state, prob] of results) if (state.get(4) + state.get(5) > 0) onHeralds += prob;
    expectClose(onHeralds, 7 / 9, 'herald modes');
  });

  const truthTable: [number[], string][] = [
    [[1, 0, 1, 0], '|1,0,1,0>'],
    [[1, 0, 0, 1], '|1,0,0,1>'],
    [[0, 1, 1, 0], '|0,1,0,1>'],
    [[0, 1, 0, 1], '|0,1,1,0>'],
  ];
  for (const [input, output] of truthTable) {
    it(`#7 heralded and post-selected: ${new BasicState(input).toString()} → ${output}, success 1/9`, () => {
      const p = new Processor('SLOS', postprocessedCnot());
      p.addHerald(4, 0).addHerald(5, 0);
      p.setPostSelection('[0,1]==1 & [2,3]==1');
      p.withInput(new BasicState(input));
      const { results, globalPerf } = probsOf(p);
      expectDistribution(results, { [output]: 1 });
      expectClose(globalPerf, 1 / 9, 'success probability');
    });
  }

  it('#8 heralds kept, no post-selection: exactly |1,0,1,0,0,0> and |1,1,0,0,0,0>, 1/9 each before renormalisation', () => {
    const p = new Processor('SLOS', postprocessedCnot()).addHerald(4, 0).addHerald(5, 0).keepHeralds(true);
    p.withInput(new BasicState([1, 0, 1, 0]));
    const { results, logicalPerf } = probsOf(p);
    expectDistribution(results, { '|1,0,1,0,0,0>': 0.5, '|1,1,0,0,0,0>': 0.5 });
    expectClose(logicalPerf!, 2 / 9, 'mass on the herald mask');
  });
});

describe('distinguishable photons and superpositions (#11, #13–#15)', () => {
  it('#11 BS() on |{0},{1}>: distinguishable photons do not bunch', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, new BS())).withInput(BasicState.parse('|{0},{1}>'));
    p.minDetectedPhotonsFilter(0);
    expectDistribution(probsOf(p).results, { '|2,0>': 0.25, '|0,2>': 0.25, '|1,1>': 0.5 });
  });

  it('#13 BS.H() on |{0},{1}> + |1,1>', () => {
    const input = new StateVector([
      [BasicState.parse('|{0},{1}>'), 1],
      [BasicState.parse('|1,1>'), 1],
    ]);
    const p = new Processor('SLOS', hom()).withInput(input).minDetectedPhotonsFilter(0);
    expectDistribution(probsOf(p).results, { '|2,0>': 3 / 8, '|0,2>': 3 / 8, '|1,1>': 1 / 4 });
  });

  it('#14 symmetric (bosonic) and antisymmetric (fermionic) tag superpositions', () => {
    const bs = new Circuit(2).add(0, new BS());
    const bosonic = new StateVector([
      [BasicState.parse('|{0},{1}>'), 1],
      [BasicState.parse('|{1},{0}>'), 1],
    ]);
    const fermionic = new StateVector([
      [BasicState.parse('|{0},{1}>'), 1],
      [BasicState.parse('|{1},{0}>'), -1],
    ]);
    const run = (input: StateVector): BSDistribution =>
      probsOf(new Processor('SLOS', bs).withInput(input).minDetectedPhotonsFilter(0)).results;
    expectDistribution(run(bosonic), { '|2,0>': 0.5, '|0,2>': 0.5 });
    expectDistribution(run(fermionic), { '|1,1>': 1 });
  });

  it('#15 PS(π/3) on mode 1 of (|2,0> + |1,1>)/√2: ⟨1,1| = √2/4 + i·√6/4', () => {
    const input = new StateVector([
      ['|2,0>', 1],
      ['|1,1>', 1],
    ]);
    const p = new Processor('SLOS', new Circuit(2).add(1, new PS(Math.PI / 3))).withInput(input);
    const amplitude = p.probAmplitude('|1,1>');
    expectClose(amplitude.re, Math.SQRT2 / 4, 'Re');
    expectClose(amplitude.im, Math.sqrt(6) / 4, 'Im');
  });
});

describe('heralds and mixed inputs (#16, #18)', () => {
  const twoSplitters = (): Circuit => new Circuit(4).add(0, new BS()).add(2, new BS());

  it('#16 output heralds {1:0, 3:0} on |1,1,1,1>: logical perf 1/4, always |2,0,2,0>', () => {
    const p = new Processor('SLOS', twoSplitters());
    p.addHerald(1, 0, 'output').addHerald(3, 0, 'output').keepHeralds(true);
    p.withInput(new BasicState([1, 1, 1, 1])).minDetectedPhotonsFilter(0);
    const { results, logicalPerf } = probsOf(p);
    expectDistribution(results, { '|2,0,2,0>': 1 });
    expectClose(logicalPerf!, 0.25, 'logical perf');
  });

  it('#16 with a mixed input and 4 photons required: physical perf 0.1', () => {
    const p = new Processor('SLOS', twoSplitters());
    p.addHerald(1, 0, 'output').addHerald(3, 0, 'output').keepHeralds(true);
    p.withInput(
      new SVDistribution([
        ['|1,0,0,0>', 0.4],
        ['|1,1,0,0>', 0.3],
        ['|1,1,1,0>', 0.2],
        ['|1,1,1,1>', 0.1],
      ]),
    );
    p.minDetectedPhotonsFilter(4);
    const { results, physicalPerf } = probsOf(p);
    expectDistribution(results, { '|2,0,2,0>': 1 });
    expectClose(physicalPerf!, 0.1, 'physical perf');
  });

  const mixture = (): SVDistribution =>
    new SVDistribution([
      [
        new StateVector([
          ['|1,0>', 1],
          ['|0,1>', 1],
        ]),
        0.3,
      ],
      [
        new StateVector([
          ['|1,1>', 1],
          ['|0,1>', { re: 0, im: 1 }],
        ]),
        0.3,
      ],
      [
        new StateVector([
          ['|2,0>', 1],
          ['|1,1>', 1],
        ]),
        0.4,
      ],
    ]);

  it('#18 a mixture of superpositions through BS()', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, new BS()))
      .withInput(mixture())
      .minDetectedPhotonsFilter(0);
    expectDistribution(probsOf(p).results, {
      '|1,0>': 0.225,
      '|0,1>': 0.225,
      '|2,0>': 0.225,
      '|0,2>': 0.225,
      '|1,1>': 0.1,
    });
  });

  it('#18 with at least 2 photons: global perf 0.55', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, new BS()))
      .withInput(mixture())
      .minDetectedPhotonsFilter(2);
    expectClose(probsOf(p).globalPerf, 0.55, 'global perf');
  });
});

describe('noisy sources (#19, #22–#28)', () => {
  const mzi = (): Circuit => new Circuit(2).add(0, new BS()).add(0, new PS(0.9)).add(0, new BS());

  it('#19 brightness 0.5 through BS·PS(0.9)·BS, two photons required: P(|1,1>) = 0.38639895265345636', () => {
    const p = new Processor('SLOS', mzi(), { noise: new NoiseModel({ brightness: 0.5 }) });
    p.withInput(new BasicState([1, 1])).minDetectedPhotonsFilter(2);
    const { results, physicalPerf } = probsOf(p);
    expectClose(results.get('|1,1>'), 0.38639895265345636, 'P(|1,1>)');
    expectClose(physicalPerf!, 0.25, 'physical perf');
  });

  it('#19 brightness 0.5 on |1,0>, one photon required: physical perf 0.5', () => {
    const p = new Processor('SLOS', mzi(), { noise: new NoiseModel({ brightness: 0.5 }) });
    p.withInput(new BasicState([1, 0])).minDetectedPhotonsFilter(1);
    expectClose(probsOf(p).physicalPerf!, 0.5, 'physical perf');
  });

  const sourceOnly = (noise: NoiseModel, input: number[]): BSDistribution =>
    probsOf(
      new Processor('SLOS', input.length, { noise })
        .withInput(new BasicState(input))
        .minDetectedPhotonsFilter(0),
    ).results;

  it('#22 brightness 0.4: |0> 0.6, |1> 0.4', () => {
    expectDistribution(sourceOnly(new NoiseModel({ brightness: 0.4 }), [1]), { '|0>': 0.6, '|1>': 0.4 });
  });

  it('#23 brightness 0.4, g2 0.1, indistinguishable extra photon', () => {
    const noise = new NoiseModel({ brightness: 0.4, g2: 0.1, g2Distinguishable: false });
    expectDistribution(sourceOnly(noise, [1]), {
      '|0>': 0.6,
      '|2>': 0.008336953374561418,
      '|1>': 0.4 - 0.008336953374561418,
    });
  });

  it('#26 brightness 0.41 with two photons in one mode: binomial', () => {
    const b = 0.41;
    expectDistribution(sourceOnly(new NoiseModel({ brightness: b }), [2]), {
      '|0>': (1 - b) ** 2,
      '|1>': 2 * b * (1 - b),
      '|2>': b ** 2,
    });
  });

  it('#28 brightness 0.2 on |0,1,1,0>', () => {
    expectDistribution(sourceOnly(new NoiseModel({ brightness: 0.2 }), [0, 1, 1, 0]), {
      '|0,1,1,0>': 0.04,
      '|0,1,0,0>': 0.16,
      '|0,0,1,0>': 0.16,
      '|0,0,0,0>': 0.64,
    });
  });

  it('indistinguishability M sets the HOM visibility: P(|1,1>) = (1 − M)/2', () => {
    const p = new Processor('SLOS', hom(), { noise: new NoiseModel({ indistinguishability: 0.8 }) });
    p.withInput(new BasicState([1, 1])).minDetectedPhotonsFilter(2);
    const { results } = probsOf(p);
    // Each photon is the signal photon with probability √M: both are with probability M, else distinguishable.
    expectClose(results.get('|1,1>'), (1 - 0.8) / 2, 'coincidences');
  });
});

describe('detectors and loss (#30, #31)', () => {
  const threePhotons = (detector: Detector): BSDistribution =>
    probsOf(
      new Processor('SLOS', 1)
        .withInput(new BasicState([3]))
        .setDetector(0, detector)
        .minDetectedPhotonsFilter(0),
    ).results;

  it('#30 PPNR detector, 3 wires, efficiency 0.7, on 3 photons', () => {
    expectDistribution(threePhotons(Detector.ppnr(3, undefined, 0.7)), {
      '|0>': 0.027,
      '|1>': 3367 / 9000,
      '|2>': 196 / 375,
      '|3>': 343 / 4500,
    });
  });

  it('#30 PPNR detector, 2 wires, perfect efficiency: 3 photons give P(1) 0.25, P(2) 0.75', () => {
    expectDistribution(threePhotons(Detector.ppnr(2)), { '|1>': 0.25, '|2>': 0.75 });
  });

  it('#30 PPNR detector, 2 wires: 2 photons give [0.5, 0.5]', () => {
    const p = new Processor('SLOS', 1).withInput(new BasicState([2])).setDetector(0, Detector.ppnr(2));
    expectDistribution(probsOf(p.minDetectedPhotonsFilter(0)).results, { '|1>': 0.5, '|2>': 0.5 });
  });

  it('#31 LC(0.3) on |2>: binomial survival', () => {
    const p = new Processor('SLOS', new Circuit(1).add(0, new LC(0.3))).withInput(new BasicState([2]));
    p.minDetectedPhotonsFilter(0);
    expectDistribution(probsOf(p).results, { '|0>': 0.09, '|1>': 0.42, '|2>': 0.49 });
    p.thresholdedOutput(true);
    expectDistribution(probsOf(p).results, { '|0>': 0.09, '|1>': 0.91 });
  });
});

describe('parameter sweeps (Sampler iterations)', () => {
  it('runs each step with its circuit parameters and input, leaving the circuit untouched', () => {
    const phi = P('phi');
    const mzi = new Circuit(2).add(0, BS.H()).add(0, new PS(phi)).add(0, BS.H());
    const p = new Processor('SLOS', mzi).withInput(new BasicState([1, 0]));
    const sampler = new Sampler(p);
    sampler.addIteration({ circuitParams: { phi: 0 } });
    sampler.addIteration({ circuitParams: { phi: Math.PI / 2 } });
    sampler.addIteration({ circuitParams: { phi: Math.PI }, inputState: new BasicState([0, 1]) });
    const { resultsList } = sampler.probs() as { resultsList: SamplerResult<BSDistribution>[] };
    expect(resultsList).toHaveLength(3);
    // Mach–Zehnder with BS.H: P(|1,0>) = cos²(φ/2) for input |1,0>, and sin²(φ/2) for input |0,1>.
    expectDistribution(resultsList[0]!.results, { '|1,0>': 1 });
    expectDistribution(resultsList[1]!.results, { '|1,0>': 0.5, '|0,1>': 0.5 });
    expectDistribution(resultsList[2]!.results, { '|1,0>': 1 });
    expect(phi.value).toBeUndefined();
  });

  // A phase that has no value of its own, given one by every step: each backend, each command, sync and async.
  // φ = 0 sends |1,0> to |1,0> and φ = π to |0,1> with certainty, so every sample is known.
  it.each(['SLOS', 'Naive', 'CliffordClifford2017', 'NaiveApprox', 'MPS', 'auto'] as const)(
    'sweeps a parameter without an initial value on %s (probs, sample counts, samples)',
    async (backend) => {
      const phi = P('phi');
      const mzi = new Circuit(2).add(0, BS.H()).add(0, new PS(phi)).add(0, BS.H());
      const p = new Processor(backend, mzi, { seed: 5 }).withInput(new BasicState([1, 0]));
      const sampler = new Sampler(p).addIterations([
        { circuitParams: { phi: 0 } },
        { circuitParams: { phi: Math.PI } },
      ]);
      const expected = ['|1,0>', '|0,1>'];
      const probs = sampler.probs() as SamplerIterationResults<BSDistribution>;
      expect(probs.resultsList.map((r, i) => r.results.get(expected[i]!))).toEqual([
        expect.closeTo(1, 9),
        expect.closeTo(1, 9),
      ]);
      const counts = sampler.sampleCount;
      await counts.executeAsync(40);
      const { resultsList } = (await counts.wait()) as SamplerIterationResults<BSCount>;
      expect(resultsList.map((r, i) => r.results.get(expected[i]!))).toEqual([40, 40]);
      const samples = sampler.samples(25) as SamplerIterationResults<BSSamples>;
      expect(
        samples.resultsList.map((r, i) => [...r.results].filter((s) => s.toString() === expected[i]).length),
      ).toEqual([25, 25]);
      expect(phi.value).toBeUndefined();
    },
  );
});
