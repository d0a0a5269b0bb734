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
  StateVector,
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

describe('MPS truncation error (processor.truncationError())', () => {
  const circuit = brickwork(8, 8, 5);
  const input = '|1,1,1,1,0,0,0,0>';

  it('is 0 when nothing is truncated (full bond dimension)', () => {
    expect(
      new Processor('MPS', brickwork(6, 5, 11), { cutoff: 64 }).withInput('|1,0,1,0,1,0>').truncationError(),
    ).toBeLessThanOrEqual(1e-12);
    expect(
      new Processor('MPS', circuit, { cutoff: 625 }).withInput(input).truncationError(),
    ).toBeLessThanOrEqual(1e-12);
  });

  it('below it, is the probability the MPS lost and bounds its distance to the exact state', () => {
    const exact = new Processor('SLOS', circuit).withInput(input).evolve();
    for (const cutoff of [5, 8, 12]) {
      const p = new Processor('MPS', circuit, { cutoff }).withInput(input);
      const error = p.truncationError();
      expect(error).toBeGreaterThan(1e-6);
      let distance2 = 0;
      let norm2 = 0;
      for (const [state, a] of exact) {
        const b = p.probAmplitude(state);
        distance2 += (a.re - b.re) ** 2 + (a.im - b.im) ** 2;
        norm2 += b.re ** 2 + b.im ** 2;
      }
      // Each cut drops exactly its weight from the norm; cuts of an already cut state differ at second order.
      expect(Math.abs(1 - norm2 - error), `cutoff ${cutoff}`).toBeLessThanOrEqual(error ** 2);
      // ‖ψ − ψ̃‖² ≤ 2 Σ dropped weights (Verstraete & Cirac, 2006).
      expect(distance2, `cutoff ${cutoff}`).toBeLessThanOrEqual(2 * error);
    }
  });

  it('is refused for another backend and for an input that is not one Fock state', () => {
    expect(() => new Processor('SLOS', circuit).withInput(input).truncationError()).toThrowError(
      expect.objectContaining({ field: 'backend' }),
    );
    const superposed = new StateVector([
      [new BasicState([1, 0]), { re: Math.SQRT1_2, im: 0 }],
      [new BasicState([0, 1]), { re: Math.SQRT1_2, im: 0 }],
    ]);
    expect(() =>
      new Processor('MPS', new Circuit(2).add(0, BS.H())).withInput(superposed).truncationError(),
    ).toThrowError(expect.objectContaining({ field: 'input' }));
  });
});

/** Photons on the even modes up to `n`. */
function evenModes(m: number, n: number): BasicState {
  return new BasicState(Array.from({ length: m }, (_, k) => (k % 2 === 0 && k / 2 < n ? 1 : 0)));
}

/** Two layers of Haar beam splitters on neighbours: shallow, so the exact bond dimension is small. */
function twoLayers(m: number, seed: number): Circuit {
  const c = new Circuit(m);
  for (let layer = 0; layer < 2; layer++)
    for (let k = layer; k + 1 < m; k += 2)
      c.add(k, new Unitary(ComplexMatrix.randomUnitary(2, seed + 100 * layer + k)));
  return c;
}

describe("'auto' takes MPS where it is exact", () => {
  it('when SLOS does not fit its memory limit and the exact MPS does: backendName MPS, equal to Naive and SLOS', () => {
    const circuit = twoLayers(16, 3);
    const input = evenModes(16, 8); // 490,314 output states
    const slosBytes = new Processor('SLOS', circuit).withInput(input).estimate('probs').requiredBytes;
    const p = new Processor('auto', circuit, { memoryLimitBytes: slosBytes - 1 }).withInput(input);
    expect(p.backendName).toBe('MPS');
    expect(p.estimate('probs')).toMatchObject({ backend: 'MPS', fits: true });
    expect(p.truncationError()).toBeLessThanOrEqual(1e-12);
    const naive = new Processor('Naive', circuit).withInput(input);
    for (const output of [input, new BasicState(input.toArray().reverse())]) {
      const a = p.probAmplitude(output);
      const b = naive.probAmplitude(output);
      expect(Math.hypot(b.re, b.im)).toBeGreaterThan(0);
      expect(Math.hypot(a.re - b.re, a.im - b.im)).toBeLessThanOrEqual(1e-9 * Math.hypot(b.re, b.im));
    }
    const slos = probsOf(new Processor('SLOS', circuit).withInput(input));
    const mps = probsOf(p);
    expect(mps.size).toBe(slos.size);
    let largest = 0;
    for (const [state, q] of slos) largest = Math.max(largest, Math.abs(mps.get(state) - q));
    expect(largest).toBeLessThan(TOLERANCE);
    // Without the limit, SLOS fits and 'auto' keeps it.
    expect(new Processor('auto', circuit).withInput(input).backendName).toBe('SLOS');
  });

  it('computes a single amplitude of 32 photons exactly, where it would otherwise only estimate it (NaiveApprox)', () => {
    // Blocks of 4 modes (beam splitters on modes 0-1 and 2-3, then 1-2), 2 photons each: the amplitude is the
    // product of 16 two-photon amplitudes, computed exactly by Naive.
    const blocks = 16;
    const block = (b: number): Circuit =>
      new Circuit(4)
        .add(0, new Unitary(ComplexMatrix.randomUnitary(2, 3 * b + 1)))
        .add(2, new Unitary(ComplexMatrix.randomUnitary(2, 3 * b + 2)))
        .add(1, new Unitary(ComplexMatrix.randomUnitary(2, 3 * b + 3)));
    const circuit = new Circuit(4 * blocks);
    for (let b = 0; b < blocks; b++) circuit.add(4 * b, block(b));
    const input = new BasicState(Array.from({ length: 4 * blocks }, (_, k) => (k % 2 === 0 ? 1 : 0)));
    const output = new BasicState(
      Array.from({ length: 4 * blocks }, (_, k) => (k % 4 === 1 || k % 4 === 2 ? 1 : 0)),
    );
    let expected = { re: 1, im: 0 };
    for (let b = 0; b < blocks; b++) {
      const a = new Processor('Naive', block(b)).withInput('|1,0,1,0>').probAmplitude('|0,1,1,0>');
      expected = { re: expected.re * a.re - expected.im * a.im, im: expected.re * a.im + expected.im * a.re };
    }
    const p = new Processor('auto', circuit).withInput(input);
    expect(p.backendName).toBe('CliffordClifford2017'); // jobs sample: the output space is far too large
    const a = p.probAmplitude(output);
    const size = Math.hypot(expected.re, expected.im);
    expect(size).toBeGreaterThan(0);
    expect(Math.hypot(a.re - expected.re, a.im - expected.im)).toBeLessThanOrEqual(1e-9 * size);
  });
});
