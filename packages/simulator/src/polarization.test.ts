// Perceval's polarization simulation through the Processor: the values of Perceval's test_polarization_simulator
// (Grover's search with polarization optics, a rotator, a half-wave plate) and of convert_polarized_state.
import {
  BasicState,
  BS,
  type BSDistribution,
  type BSSamples,
  Circuit,
  HWP,
  NoiseModel,
  PBS,
  PERM,
  PR,
  PS,
  Sampler,
  type SamplerResult,
  StateVector,
  ValidationError,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { type BackendName, Processor } from './index.js';
import { convertPolarizedState } from './polarization.js';

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

describe('polarization: what it does not support is refused', () => {
  it('names noise, detectors, a non-basis output and an output without its heralded modes', () => {
    const circuit = (): Circuit => new Circuit(2).add(0, new PBS());
    const noisy = new Processor('SLOS', circuit(), { noise: new NoiseModel({ brightness: 0.9 }) })
      .withInput('|{P:H},0>')
      .minDetectedPhotonsFilter(1);
    expect(() => probsOf(noisy)).toThrowError(/does not support a noisy source/);
    const thresholded = new Processor('SLOS', circuit()).thresholdedOutput().withInput('|{P:H},0>');
    expect(() => probsOf(thresholded)).toThrowError(/detectors other than/);
    const p = new Processor('SLOS', circuit()).withInput('|{P:H},0>');
    expect(() => p.probAmplitude('|{P:D},0>')).toThrowError(expect.objectContaining({ field: 'output' }));
    const heralded = new Processor('SLOS', circuit()).addHerald(1, 0).withInput('|{P:H}>');
    expect(() => heralded.probAmplitude('|{P:H}>')).toThrowError(/lists all 2 modes/);
  });
});
