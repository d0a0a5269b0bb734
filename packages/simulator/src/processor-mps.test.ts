// The MPS backend through the Processor: equal to SLOS to 1e-9 at full bond dimension, approximate below it, with
// Perceval's restrictions (components on one or two neighbouring modes; permutations are decomposed).
import {
  BasicState,
  BS,
  type BSDistribution,
  Circuit,
  ComplexMatrix,
  LC,
  PERM,
  PS,
  Sampler,
  type SamplerResult,
  Unitary,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { Processor } from './index.js';

const TOLERANCE = 1e-9;

function probsOf(p: Processor): BSDistribution {
  return (new Sampler(p).probs() as SamplerResult<BSDistribution>).results;
}

/** Total variation distance between two distributions. */
function distance(a: BSDistribution, b: BSDistribution): number {
  let d = 0;
  for (const [state, p] of a) d += Math.abs(p - b.get(state));
  for (const [state, p] of b) if (!a.has(state)) d += p;
  return d / 2;
}

/** Layers of Haar-random beam splitters on neighbouring modes, phases between them, and a permutation. */
function brickwork(m: number, layers: number, seed: number): Circuit {
  const c = new Circuit(m);
  let s = seed;
  for (let layer = 0; layer < layers; layer++) {
    for (let k = layer % 2; k + 1 < m; k += 2) c.add(k, new Unitary(ComplexMatrix.randomUnitary(2, s++)));
    c.add(layer % m, new PS(0.37 * (layer + 1)));
  }
  return c.add(0, new PERM([2, 0, 1]));
}

describe('MPS', () => {
  it('equals SLOS to 1e-9 at full bond dimension (6 modes, 3 photons: (n+1)^(m/2) = 64)', () => {
    const circuit = brickwork(6, 5, 11);
    const input = '|1,0,1,0,1,0>';
    const mps = probsOf(new Processor('MPS', circuit, { cutoff: 64 }).withInput(input));
    const slos = probsOf(new Processor('SLOS', circuit).withInput(input));
    expect(mps.size).toBe(slos.size);
    for (const [state, p] of slos)
      expect(Math.abs(mps.get(state) - p), state.toString()).toBeLessThan(TOLERANCE);
    const a = new Processor('MPS', circuit, { cutoff: 64 }).withInput(input).probAmplitude('|0,1,1,0,0,1>');
    const b = new Processor('SLOS', circuit).withInput(input).probAmplitude('|0,1,1,0,0,1>');
    expect(Math.hypot(a.re - b.re, a.im - b.im)).toBeLessThan(TOLERANCE);
  });

  it('approximates below it: the distance to SLOS shrinks as the bond dimension grows', () => {
    const circuit = brickwork(8, 8, 5);
    const input = '|1,1,1,1,0,0,0,0>';
    const slos = probsOf(new Processor('SLOS', circuit).withInput(input));
    const errors = [5, 12, 625].map((cutoff) =>
      distance(probsOf(new Processor('MPS', circuit, { cutoff }).withInput(input)), slos),
    );
    expect(errors[0]).toBeGreaterThan(1e-4);
    expect(errors[1]).toBeLessThan(errors[0]!);
    expect(errors[2]).toBeLessThan(TOLERANCE);
  });

  it("keeps Perceval's symmetric beam-splitter values (test_backend_sym_bs)", () => {
    const p = new Processor('MPS', new Circuit(2).add(0, BS.H())).withInput('|2,0>');
    const results = probsOf(p);
    expect(results.get('|2,0>')).toBeCloseTo(0.25, 12);
    expect(results.get('|1,1>')).toBeCloseTo(0.5, 12);
    expect(results.get('|0,2>')).toBeCloseTo(0.25, 12);
  });

  it('refuses a component on three modes other than a permutation, a loss channel and a bad cutoff', () => {
    const wide = new Circuit(3).add(0, new Unitary(ComplexMatrix.randomUnitary(3, 1)));
    expect(() => new Processor('MPS', wide).withInput('|1,0,0>').probAmplitude('|1,0,0>')).toThrowError(
      /one or two neighbouring modes/,
    );
    const lossy = new Circuit(2).add(0, BS.H()).add(0, new LC(0.1));
    expect(() => probsOf(new Processor('MPS', lossy).withInput('|1,0>'))).toThrowError(
      /unitary components only/,
    );
    expect(() => new Processor('MPS', 2, { cutoff: 0 })).toThrowError(
      expect.objectContaining({ field: 'cutoff' }),
    );
    expect(new Processor('MPS', 2).withInput(new BasicState([1, 1])).backendName).toBe('MPS');
  });
});
