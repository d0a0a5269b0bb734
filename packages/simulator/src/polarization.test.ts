// Perceval's polarization simulation through the Processor: the values of Perceval's test_polarization_simulator
// (Grover's search with polarization optics, a rotator, a half-wave plate) and of convert_polarized_state.
import {
  BasicState,
  BS,
  type BSDistribution,
  type BSSamples,
  Circuit,
  Detector,
  HWP,
  LC,
  NoiseModel,
  PBS,
  PERM,
  PR,
  PS,
  Sampler,
  type SamplerResult,
  StateVector,
  TD,
  ValidationError,
} from '@bosonic/core';
import { refusedField } from '@bosonic/core/testing';
import { describe, expect, it } from 'vitest';
import { type BackendName, Processor } from './index.js';
import { convertPolarizedState } from './polarization.js';
import { expectDistribution } from './testing/expect-distribution.js';

const TOLERANCE = 1e-9;

function probsOf(p: Processor): BSDistribution {
  return (new Sampler(p).probs() as SamplerResult<BSDistribution>).results;
}

function expectVector(actual: StateVector, expected: StateVector): void {
  expect(actual.equals(expected, TOLERANCE), `${actual.toString()} ≠ ${expected.toString()}`).toBe(true);
}

/** Values 0…3 of `mark` mark the elements "00", "01", "10" and "11" (Perceval's test oracle). */
function oracle(mark: number): Circuit {
  const [pc, lc] = (
    [
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ] as const
  )[mark]!;
  const c = new Circuit(2, { name: 'Oracle' });
  if (pc === 1) c.add(0, new HWP(0));
  c.add(0, new PR(Math.PI / 2));
  if (lc === 1) c.add(0, new HWP(0));
  if (lc === 1) c.add(1, new HWP(0));
  if (pc === 1) c.add(1, new HWP(0));
  return c;
}

function hwp(xsi: number): Circuit {
  return new Circuit(1).add(0, new HWP(xsi)).add(0, new PS(-Math.PI / 2));
}

function grover(mark: number): Circuit {
  const init = new Circuit(2)
    .add(0, hwp(Math.PI / 8))
    .add(0, BS.Ry())
    .add(0, new PS(-Math.PI));
  const inversion = new Circuit(2)
    .add(0, BS.Ry())
    .add(0, hwp(Math.PI / 4))
    .add(0, BS.Ry());
  const detection = new Circuit(4).add(0, new PBS()).add(2, new PBS());
  return new Circuit(4)
    .add(0, init)
    .add(0, oracle(mark))
    .add(0, inversion)
    .add(1, new PERM([1, 0]))
    .add(0, detection);
}

describe('polarization simulation (Perceval test_polarization_simulator)', () => {
  for (const backend of ['SLOS', 'Naive'] as BackendName[]) {
    it(`${backend}: Grover's search finds each marked element with certainty`, () => {
      const expected = ['|0,0,0,1>', '|0,0,1,0>', '|0,1,0,0>', '|1,0,0,0>'];
      expected.forEach((state, mark) => {
        const results = probsOf(new Processor(backend, grover(mark)).withInput('|{P:H},0,0,0>'));
        expect(results.get(state), `mark ${mark}`).toBeCloseTo(1, 9);
        expect(results.size).toBe(1);
      });
    });
  }

  it('PR(π/4) turns |{P:H}> into (|{P:H}> − |{P:V}>)/√2', () => {
    const p = new Processor('SLOS', new Circuit(1).add(0, new PR(Math.PI / 4))).withInput('|{P:H}>');
    expectVector(p.evolve(), new StateVector('|{P:H}>').add('|{P:V}>', -1).normalize());
  });

  it('HWP(π/4) swaps H and V with a factor i and keeps one photon in the mode', () => {
    const circuit = new Circuit(1).add(0, new HWP(Math.PI / 4));
    const p = new Processor('SLOS', circuit).withInput('|{P:H}>');
    const results = probsOf(p);
    expect(results.size).toBe(1);
    expect(results.get('|1>')).toBeCloseTo(1, 12);
    const i = { re: 0, im: 1 };
    expectVector(p.evolve(), new StateVector([['|{P:V}>', i]]));
    expectVector(p.withInput('|{P:V}>').evolve(), new StateVector([['|{P:H}>', i]]));
    expectVector(
      p.withInput('|{P:D}>').evolve(),
      new StateVector([
        ['|{P:H}>', i],
        ['|{P:V}>', i],
      ]).normalize(),
    );
    const amplitude = p.withInput('|{P:H}>').probAmplitude('|{P:V}>');
    expect(amplitude.re).toBeCloseTo(0, 12);
    expect(amplitude.im).toBeCloseTo(1, 12);
  });

  it('orthogonally polarized photons do not interfere: no Hong–Ou–Mandel dip', () => {
    const hom = new Circuit(2).add(0, BS.H());
    const results = probsOf(new Processor('SLOS', hom).withInput('|{P:H},{P:V}>'));
    expect(results.get('|1,1>')).toBeCloseTo(0.5, 12);
    expect(results.get('|2,0>')).toBeCloseTo(0.25, 12);
    // Same polarization: the dip is back.
    expect(probsOf(new Processor('SLOS', hom).withInput('|{P:D},{P:D}>')).get('|1,1>')).toBeCloseTo(0, 12);
  });

  it('samples on the spatial modes, with the probabilities of probs()', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, new PBS()), { seed: 3 }).withInput('|{P:D},0>');
    const samples = (new Sampler(p, { seed: 1 }).samples(200) as SamplerResult<BSSamples>).results;
    expect(samples.m).toBe(2);
    // A diagonal photon leaves the PBS through either mode with probability 1/2: exact values first.
    const results = probsOf(p);
    expect(results.get('|1,0>')).toBeCloseTo(0.5, 12);
    expect(results.get('|0,1>')).toBeCloseTo(0.5, 12);
    for (const s of samples) expect(s.n).toBe(1);
  });
});

describe('convert_polarized_state (Perceval test_prep_state)', () => {
  it('puts each polarization on its H or V mode and prepares it', () => {
    const { occupations, unitary } = convertPolarizedState(BasicState.parse('|{P:H},{P:V},0,{P:A}>'));
    expect([...occupations]).toEqual([1, 0, 1, 0, 0, 0, 1, 0]);
    const s = Math.SQRT1_2;
    const expectBlock = (mode: number, expected: number[]): void => {
      const [r, c] = [2 * mode, 2 * mode];
      const actual = [
        unitary.get(r, c),
        unitary.get(r, c + 1),
        unitary.get(r + 1, c),
        unitary.get(r + 1, c + 1),
      ];
      actual.forEach((z, i) => {
        expect(Math.abs(z.re - expected[i]!) + Math.abs(z.im), `mode ${mode} entry ${i}`).toBeLessThan(1e-12);
      });
    };
    expectBlock(0, [1, 0, 0, 1]);
    expectBlock(1, [0, -1, 1, 0]);
    expectBlock(3, [s, s, -s, s]);
    expect([...convertPolarizedState(BasicState.parse('|2{P:H}3{P:V}>')).occupations]).toEqual([2, 3]);
  });

  it('refuses non-orthogonal polarizations in one mode', () => {
    expect(() => convertPolarizedState(BasicState.parse('|2{P:H}3{P:D}>'))).toThrowError(ValidationError);
  });
});

/** HWP(ξ) then PBS on modes `first`, `first + 1`: H light leaves on the other mode with probability cos²(2ξ). */
function hwpThenPbs(m: number, first: number, xsi: number): Circuit {
  return new Circuit(m).add(first, new HWP(xsi)).add(first, new PBS());
}

/** The full result of a probs job: distribution and performances. */
function probsResult(p: Processor): SamplerResult<BSDistribution> {
  return new Sampler(p).probs() as SamplerResult<BSDistribution>;
}

describe('polarization with heralds and post-selection, on the merged spatial modes (as Perceval)', () => {
  // HWP(π/12) turns H into cos(π/6)·H + sin(π/6)·V (up to a phase); the PBS sends H to the other mode, keeps V.
  const xsi = Math.PI / 12;
  const stays = Math.sin(Math.PI / 6) ** 2; // 1/4
  const crosses = Math.cos(Math.PI / 6) ** 2; // 3/4

  it('post-selects the merged counts and reports the logical performance', () => {
    const plain = probsOf(new Processor('SLOS', hwpThenPbs(2, 0, xsi)).withInput('|{P:H},0>'));
    expect(plain.get('|1,0>')).toBeCloseTo(stays, 12);
    expect(plain.get('|0,1>')).toBeCloseTo(crosses, 12);
    const p = new Processor('SLOS', hwpThenPbs(2, 0, xsi)).setPostSelection('[0]==1').withInput('|{P:H},0>');
    const result = probsResult(p);
    expect([...result.results.keys()].map(String)).toEqual(['|1,0>']);
    expect(result.results.get('|1,0>')).toBeCloseTo(1, 12);
    expect(result.logicalPerf).toBeCloseTo(stays, 12);
  });

  it('heralds a mode on the photons of both polarizations, and removes it unless kept', () => {
    // Herald on mode 1 expecting no photon: only the V part (which stays on mode 0) passes.
    const p = new Processor('SLOS', hwpThenPbs(2, 0, xsi)).addHerald(1, 0).withInput('|{P:H}>');
    const result = probsResult(p);
    expect([...result.results.keys()].map(String)).toEqual(['|1>']);
    expect(result.logicalPerf).toBeCloseTo(stays, 12);
    const kept = probsResult(
      new Processor('SLOS', hwpThenPbs(2, 0, xsi)).addHerald(1, 0).keepHeralds().withInput('|{P:H}>'),
    );
    expect([...kept.results.keys()].map(String)).toEqual(['|1,0>']);
    // evolve() keeps the polarization of the heralded output: the V photon, with HWP's factor i.
    const evolved = p.evolve();
    expect(evolved.toString()).toContain('{P:V}');
    expect([...evolved.keys()].length).toBe(1);
  });

  it('injects the photons of input heralds (horizontal) and counts them in the herald', () => {
    // Herald photon on mode 0, untouched: always found; the free photon goes through HWP + PBS on modes 1, 2.
    const p = new Processor('SLOS', hwpThenPbs(3, 1, xsi)).addHerald(0, 1).withInput('|{P:H},0>');
    const results = probsOf(p);
    expect(results.get('|1,0>')).toBeCloseTo(stays, 12);
    expect(results.get('|0,1>')).toBeCloseTo(crosses, 12);
    const kept = probsOf(
      new Processor('SLOS', hwpThenPbs(3, 1, xsi)).addHerald(0, 1).keepHeralds().withInput('|{P:H},0>'),
    );
    expect(kept.get('|1,1,0>')).toBeCloseTo(stays, 12);
    // A herald's photon through a PBS with a V photon: |{P:H},{P:V}> → both on mode 1 (H crosses, V stays).
    const both = new Processor('SLOS', new Circuit(2).add(0, new PBS())).addHerald(0, 1).withInput('|{P:V}>');
    expect(probsOf(both).size).toBe(0); // the herald photon left mode 0: nothing is heralded
  });

  it('samples the post-selected merged states', () => {
    const p = new Processor('SLOS', hwpThenPbs(2, 0, xsi), { seed: 5 })
      .setPostSelection('[1]==1')
      .withInput('|{P:H},0>');
    const samples = (new Sampler(p).samples(200) as SamplerResult<BSSamples>).results;
    expect(samples.length).toBe(200);
    for (const sample of samples) expect(sample.toString()).toBe('|0,1>');
  });
});

// Perceval stacks its layers as loss(delay(polarization)): a loss channel becomes a beam splitter to a fresh mode and
// a delay a line of modes before the polarization layer doubles every mode, so both act alike on H and V. The values
// below are closed forms: a photon survives LC(l) with probability 1 − l whatever its polarization, a PBS sends H to
// the other mode and keeps V, and two photons meeting on a 50:50 beam splitter bunch when they are alike and split
// (|1,1> half the time) when they are orthogonally polarized.
describe('polarization with loss channels (Perceval LossSimulator over PolarizationSimulator)', () => {
  /** PBS on modes 0, 1 then LC(0.3) on mode 1 (where H goes) and LC(`loss0`) on mode 0 (where V stays). */
  const pbsThenLoss = (loss0 = 0): Circuit => {
    const c = new Circuit(2).add(0, new PBS()).add(1, new LC(0.3));
    return loss0 > 0 ? c.add(0, new LC(loss0)) : c;
  };

  for (const backend of ['SLOS', 'Naive'] as BackendName[]) {
    it(`${backend}: an H photon sent to the lossy arm survives with probability 0.7, a V photon is untouched`, () => {
      const h = new Processor(backend, pbsThenLoss()).withInput('|{P:H},0>').minDetectedPhotonsFilter(0);
      expectDistribution(probsOf(h), { '|0,1>': 0.7, '|0,0>': 0.3 });
      const v = new Processor(backend, pbsThenLoss()).withInput('|{P:V},0>').minDetectedPhotonsFilter(0);
      expectDistribution(probsOf(v), { '|1,0>': 1 });
    });
  }

  it('a diagonal photon: half stays, half crosses and loses 30 %', () => {
    const p = new Processor('SLOS', pbsThenLoss()).withInput('|{P:D},0>').minDetectedPhotonsFilter(0);
    expectDistribution(probsOf(p), { '|1,0>': 0.5, '|0,1>': 0.35, '|0,0>': 0.15 });
  });

  it('the loss acts on both polarizations of its mode: H and V photons of one mode lose independently', () => {
    // H crosses to mode 1 (LC 0.3), V stays on mode 0 (LC 0.5).
    const p = new Processor('SLOS', pbsThenLoss(0.5)).withInput('|{P:H}{P:V},0>').minDetectedPhotonsFilter(0);
    expectDistribution(probsOf(p), { '|1,1>': 0.35, '|1,0>': 0.15, '|0,1>': 0.35, '|0,0>': 0.15 });
  });

  it('without a filter set, keeps the outputs with every photon (the unpolarized rule) and reports the rest as physical loss', () => {
    const { results, physicalPerf } = probsResult(
      new Processor('SLOS', pbsThenLoss()).withInput('|{P:D},0>'),
    );
    expectDistribution(results, { '|1,0>': 0.5 / 0.85, '|0,1>': 0.35 / 0.85 });
    expect(physicalPerf).toBeCloseTo(0.85, 12);
  });

  it('after a Hong–Ou–Mandel beam splitter: alike photons lose in pairs, orthogonal ones one by one', () => {
    const hom = (): Circuit => new Circuit(2).add(0, BS.H()).add(0, new LC(0.3));
    const alike = new Processor('SLOS', hom()).withInput('|{P:H},{P:H}>').minDetectedPhotonsFilter(0);
    // |2,0> (1/2) keeps 2, 1 or 0 photons with 0.49, 0.42, 0.09; |0,2> (1/2) is not on the lossy mode.
    expectDistribution(probsOf(alike), { '|2,0>': 0.245, '|1,0>': 0.21, '|0,0>': 0.045, '|0,2>': 0.5 });
    const orthogonal = new Processor('SLOS', hom()).withInput('|{P:H},{P:V}>').minDetectedPhotonsFilter(0);
    // |1,1> 1/2, |2,0> 1/4, |0,2> 1/4, then the loss on mode 0.
    expectDistribution(probsOf(orthogonal), {
      '|1,1>': 0.35,
      '|0,1>': 0.15,
      '|2,0>': 0.1225,
      '|1,0>': 0.105,
      '|0,0>': 0.0225,
      '|0,2>': 0.25,
    });
  });

  it('samples the lossy merged states with the probabilities of probs()', () => {
    const p = new Processor('SLOS', pbsThenLoss(), { seed: 11 })
      .withInput('|{P:H},0>')
      .minDetectedPhotonsFilter(1);
    const samples = (new Sampler(p).samples(50) as SamplerResult<BSSamples>).results;
    expect(samples.length).toBe(50);
    // Only |0,1> has a photon: the filter drops the lost ones.
    for (const sample of samples) expect(sample.toString()).toBe('|0,1>');
  });
});

describe('polarization with time delays (Perceval DelaySimulator over PolarizationSimulator)', () => {
  // BS, TD(1) on mode 0, BS on |1,0> (Perceval's delay test): at the last step the photon of the previous pulse (A,
  // delayed on mode 0) meets the photon of this one (B, on mode 1), each there with probability 1/2.
  const delayed = (...afterDelay: [number, HWP | LC][]): Circuit => {
    const c = new Circuit(2).add(0, new BS()).add(0, new TD(1));
    for (const [mode, component] of afterDelay) c.add(mode, component);
    return c.add(0, new BS());
  };

  for (const backend of ['SLOS', 'Naive'] as BackendName[]) {
    it(`${backend}: polarized photons alike bunch as the unpolarized ones of Perceval's test`, () => {
      const p = new Processor(backend, delayed()).withInput('|{P:V},0>').minDetectedPhotonsFilter(0);
      expectDistribution(probsOf(p), {
        '|0,0>': 0.25,
        '|1,0>': 0.25,
        '|0,1>': 0.25,
        '|2,0>': 0.125,
        '|0,2>': 0.125,
      });
    });

    it(`${backend}: a half-wave plate on the delay line makes the delayed photon V: the pair no longer bunches`, () => {
      const p = new Processor(backend, delayed([0, new HWP(Math.PI / 4)]))
        .withInput('|{P:H},0>')
        .minDetectedPhotonsFilter(0);
      // Both photons meet with probability 1/4 and, distinguishable, give |1,1> half the time.
      expectDistribution(probsOf(p), {
        '|0,0>': 0.25,
        '|1,0>': 0.25,
        '|0,1>': 0.25,
        '|1,1>': 0.125,
        '|2,0>': 0.0625,
        '|0,2>': 0.0625,
      });
    });
  }

  it('loss, delay and polarization together: LC(0.5) after the wave plate takes the V photon of the delay line', () => {
    const p = new Processor('SLOS', delayed([0, new HWP(Math.PI / 4)], [0, new LC(0.5)]))
      .withInput('|{P:H},0>')
      .minDetectedPhotonsFilter(0);
    // A arrives with probability 1/4, B with 1/2, independently.
    expectDistribution(probsOf(p), {
      '|0,0>': 0.375,
      '|1,0>': 0.25,
      '|0,1>': 0.25,
      '|1,1>': 0.0625,
      '|2,0>': 0.03125,
      '|0,2>': 0.03125,
    });
  });

  it('every layer at once: delay, wave plate, loss, a threshold detector and the filter', () => {
    const p = new Processor('SLOS', delayed([0, new HWP(Math.PI / 4)], [0, new LC(0.2)]))
      .withInput('|{P:H},0>')
      .minDetectedPhotonsFilter(1);
    p.setDetector(0, Detector.threshold());
    // A arrives with probability 0.4, B with 0.5: |1,1> 0.1, |2,0> (one click) 0.05, |0,2> 0.05, A alone 0.2 and
    // B alone 0.3 split evenly, nothing 0.3 (filtered out).
    const { results, physicalPerf } = probsResult(p);
    expectDistribution(results, {
      '|1,0>': 0.3 / 0.7,
      '|0,1>': 0.25 / 0.7,
      '|1,1>': 0.1 / 0.7,
      '|0,2>': 0.05 / 0.7,
    });
    expect(physicalPerf).toBeCloseTo(0.7, 12);
  });

  it('heralds and post-selection apply to the last step, on the merged counts', () => {
    const p = new Processor('SLOS', delayed([0, new HWP(Math.PI / 4)]))
      .withInput('|{P:H},0>')
      .minDetectedPhotonsFilter(0)
      .setPostSelection('[1]==1');
    const { results, logicalPerf } = probsResult(p);
    // |0,1> 1/4 and |1,1> 1/8 of the distribution above.
    expectDistribution(results, { '|0,1>': 2 / 3, '|1,1>': 1 / 3 });
    expect(logicalPerf).toBeCloseTo(0.375, 12);
  });

  it('refuses a fractional delay, and amplitudes (the earlier steps are traced out)', () => {
    const fractional = new Circuit(2).add(0, new PBS()).add(0, new TD(0.5));
    expect(
      refusedField(() => new Processor('SLOS', fractional).withInput('|{P:H},0>').probAmplitude('|{P:H},0>')),
    ).toBe('t');
    expect(() => probsOf(new Processor('SLOS', fractional).withInput('|{P:H},0>'))).toThrowError(
      /whole number of periods/,
    );
    const p = new Processor('SLOS', delayed([0, new HWP(Math.PI / 4)])).withInput('|{P:H},0>');
    expect(() => p.evolve()).toThrowError(/time delays/);
  });
});

// A detector does not see polarization: it counts the photons of both polarizations of its mode, so it acts on the
// merged count. Perceval's PolarizationSimulator ignores detectors other than PNR (with a warning); bosonic applies
// them. Orthogonally polarized photons on a 50:50 beam splitter give |1,1> 1/2, |2,0> 1/4, |0,2> 1/4 (PNR); a
// threshold detector reports 1 for the pair (a detector per polarization would report 2, one click each).
describe('polarization with detectors: each sees the photons of both polarizations of its mode', () => {
  const hom = (): Circuit => new Circuit(2).add(0, BS.H());

  for (const backend of ['SLOS', 'Naive'] as BackendName[]) {
    it(`${backend}: threshold detectors click once for an H and a V photon together`, () => {
      const p = new Processor(backend, hom()).thresholdedOutput().withInput('|{P:H},{P:V}>');
      p.minDetectedPhotonsFilter(0);
      expectDistribution(probsOf(p), { '|1,1>': 0.5, '|1,0>': 0.25, '|0,1>': 0.25 });
    });
  }

  it('the min-detected-photons filter counts clicks', () => {
    const p = new Processor('SLOS', hom()).thresholdedOutput().withInput('|{P:H},{P:V}>');
    const { results, physicalPerf } = probsResult(p.minDetectedPhotonsFilter(2));
    expectDistribution(results, { '|1,1>': 1 });
    expect(physicalPerf).toBeCloseTo(0.5, 12);
  });

  it('a pseudo-PNR detector of two wires sees an H and a V photon as one count half the time', () => {
    // One wire each with probability 1/2 (the second photon finds the free wire or the used one).
    const p = new Processor('SLOS', new Circuit(2)).withInput('|{P:H}{P:V},0>').minDetectedPhotonsFilter(0);
    p.setDetector(0, Detector.ppnr(2));
    expectDistribution(probsOf(p), { '|2,0>': 0.5, '|1,0>': 0.5 });
  });

  it('heralds read the detected counts', () => {
    // The herald's photon enters mode 1 horizontal, the input's V photon mode 0: the orthogonal pair above. Mode 1
    // clicks for |1,1> (1/2) and |0,1> (1/4), leaving 1 and 0 clicks on mode 0.
    const p = new Processor('SLOS', hom())
      .thresholdedOutput()
      .addHerald(1, 1)
      .withInput('|{P:V}>')
      .minDetectedPhotonsFilter(0);
    const { results, logicalPerf } = probsResult(p);
    expectDistribution(results, { '|1>': 2 / 3, '|0>': 1 / 3 });
    expect(logicalPerf).toBeCloseTo(0.75, 12);
  });

  it('samples what the detectors report', () => {
    const p = new Processor('SLOS', new Circuit(2), { seed: 2 })
      .thresholdedOutput()
      .withInput('|{P:H}{P:V},0>')
      .minDetectedPhotonsFilter(1);
    const samples = (new Sampler(p).samples(20) as SamplerResult<BSSamples>).results;
    expect(samples.length).toBe(20);
    for (const sample of samples) expect(sample.toString()).toBe('|1,0>');
  });
});

// Phase noise (phaseImprecision rounds each phase to its multiples) acts on a polarized or delayed circuit as on a
// plain one: rounding 1.2 to a multiple of π/2 gives π/2, the same results as PS(π/2) without noise.
describe('phase noise in polarized and delayed circuits', () => {
  const rounding = new NoiseModel({ phaseImprecision: Math.PI / 2 });
  // A Mach–Zehnder interferometer: P(|1,0>) = sin²(φ/2), 0.5 at π/2 and 0.32 at 1.2.
  const mzi = (phi: number): Circuit => new Circuit(2).add(0, BS.H()).add(0, new PS(phi)).add(0, BS.H());

  it('rounds the phase shifters of a polarized circuit', () => {
    const noisy = probsOf(new Processor('SLOS', mzi(1.2), { noise: rounding }).withInput('|{P:D},0>'));
    const rounded = probsOf(new Processor('SLOS', mzi(Math.PI / 2)).withInput('|{P:D},0>'));
    const exact = probsOf(new Processor('SLOS', mzi(1.2)).withInput('|{P:D},0>'));
    expectDistribution(noisy, Object.fromEntries([...rounded].map(([state, p]) => [state.toString(), p])));
    expect(Math.abs(exact.get('|1,0>') - rounded.get('|1,0>'))).toBeGreaterThan(0.1);
  });

  it('rounds them in every time step of a delayed circuit, polarized or not', () => {
    const delayedMzi = (phi: number): Circuit =>
      new Circuit(2).add(0, BS.H()).add(0, new PS(phi)).add(0, BS.H()).add(0, new TD(1));
    for (const input of ['|{P:H},0>', '|1,0>']) {
      const run = (phi: number, noise?: NoiseModel): BSDistribution =>
        probsOf(
          new Processor('SLOS', delayedMzi(phi), noise === undefined ? {} : { noise })
            .withInput(input)
            .minDetectedPhotonsFilter(0),
        );
      const rounded = run(Math.PI / 2);
      expectDistribution(
        run(1.2, rounding),
        Object.fromEntries([...rounded].map(([state, p]) => [state.toString(), p])),
      );
      expect(Math.abs(run(1.2).get('|0,0>') - rounded.get('|0,0>')), input).toBeGreaterThan(0.01);
    }
  });
});

describe('polarization: what it does not support is refused', () => {
  it('names noise, a superposed input, the MPS backend, a non-basis output and an output without its heralded modes', () => {
    const circuit = (): Circuit => new Circuit(2).add(0, new PBS());
    const noisy = new Processor('SLOS', circuit(), { noise: new NoiseModel({ brightness: 0.9 }) })
      .withInput('|{P:H},0>')
      .minDetectedPhotonsFilter(1);
    expect(() => probsOf(noisy)).toThrowError(/does not support a noisy source/);
    const superposed = new Processor('SLOS', circuit()).withInput(
      new StateVector('|{P:H},0>').add('|0,{P:H}>'),
    );
    expect(() => probsOf(superposed)).toThrowError(/superposed or mixed inputs/);
    const mps = new Processor('MPS', circuit()).withInput('|{P:H},0>');
    expect(refusedField(() => mps.probAmplitude('|0,{P:H}>'))).toBe('backend');
    const p = new Processor('SLOS', circuit()).withInput('|{P:H},0>');
    expect(() => p.probAmplitude('|{P:D},0>')).toThrowError(expect.objectContaining({ field: 'output' }));
    const heralded = new Processor('SLOS', circuit()).addHerald(1, 0).withInput('|{P:H}>');
    expect(() => heralded.probAmplitude('|{P:H}>')).toThrowError(/lists all 2 modes/);
  });
});
