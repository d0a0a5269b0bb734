// Perceval's polarization simulation through the Processor: the values of Perceval's test_polarization_simulator
// (Grover's search with polarization optics, a rotator, a half-wave plate) and of convert_polarized_state.
import {
  BasicState,
  BS,
  type BSDistribution,
  type BSSamples,
  Circuit,
  HWP,
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

describe('polarization: what it does not support is refused', () => {
  it('names heralds, post-selection, noise and a non-basis output', () => {
    const circuit = (): Circuit => new Circuit(2).add(0, new PBS());
    const herald = new Processor('SLOS', circuit()).addHerald(1, 0).withInput('|{P:H}>');
    expect(() => herald.evolve()).toThrowError(expect.objectContaining({ field: 'heralds' }));
    // In a job the same error is the cause of the job's failure.
    expect(() => probsOf(herald)).toThrowError(/does not support heralds/);
    const selected = new Processor('SLOS', circuit()).setPostSelection('[0]==1').withInput('|{P:H},0>');
    expect(() => selected.evolve()).toThrowError(expect.objectContaining({ field: 'postSelection' }));
    const p = new Processor('SLOS', circuit()).withInput('|{P:H},0>');
    expect(() => p.probAmplitude('|{P:D},0>')).toThrowError(expect.objectContaining({ field: 'output' }));
  });
});
