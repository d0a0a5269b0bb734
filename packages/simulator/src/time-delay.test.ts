// Perceval's delay simulation through the Processor: the values of Perceval's test_time_delay and
// test_delay_simulator (BS, TD(1), BS on |1,0>: the photon meets the one of the previous pulse).
import {
  BS,
  type BSDistribution,
  type BSSamples,
  Circuit,
  Detector,
  NoiseModel,
  Sampler,
  type SamplerResult,
  TD,
  ValidationError,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { type BackendName, Processor } from './index.js';
import { expectDistribution } from './testing/expect-distribution.js';
import { unroll } from './time-delay.js';

const delayed = (): Circuit => new Circuit(2).add(0, new BS()).add(0, new TD(1)).add(0, new BS());

function probsOf(p: Processor): SamplerResult<BSDistribution> {
  return new Sampler(p).probs() as SamplerResult<BSDistribution>;
}

describe('time delays (Perceval test_time_delay)', () => {
  for (const backend of ['SLOS', 'Naive'] as BackendName[]) {
    it(`${backend}: without filter, the delayed photon bunches with the next pulse's`, () => {
      const p = new Processor(backend, delayed()).withInput('|1,0>').minDetectedPhotonsFilter(0);
      expectDistribution(probsOf(p).results, {
        '|0,0>': 0.25,
        '|1,0>': 0.25,
        '|0,1>': 0.25,
        '|2,0>': 0.125,
        '|0,2>': 0.125,
      });
    });
  }

  it('with a one-photon filter: physical performance 3/4', () => {
    const p = new Processor('SLOS', delayed()).withInput('|1,0>').minDetectedPhotonsFilter(1);
    const { results, globalPerf } = probsOf(p);
    expectDistribution(results, { '|1,0>': 1 / 3, '|0,1>': 1 / 3, '|2,0>': 1 / 6, '|0,2>': 1 / 6 });
    expect(globalPerf).toBeCloseTo(3 / 4, 12);
  });

  it('with a herald on mode 1: logical performance 5/8', () => {
    const p = new Processor('SLOS', delayed()).addHerald(1, 0).withInput('|1>').minDetectedPhotonsFilter(0);
    const { results, globalPerf } = probsOf(p);
    expectDistribution(results, { '|0>': 0.4, '|1>': 0.4, '|2>': 0.2 });
    expect(globalPerf).toBeCloseTo(5 / 8, 12);
  });
});

describe('delay simulation (Perceval test_delay_simulator)', () => {
  it('post-selection [1]>0 keeps |0,1> and |0,2>', () => {
    const p = new Processor('SLOS', delayed())
      .withInput('|1,0>')
      .minDetectedPhotonsFilter(0)
      .setPostSelection('[1]>0');
    expectDistribution(probsOf(p).results, { '|0,1>': 2 / 3, '|0,2>': 1 / 3 });
  });

  it('threshold detectors on the last time step', () => {
    const p = new Processor('SLOS', delayed()).withInput('|1,0>').minDetectedPhotonsFilter(0);
    p.setDetector(0, Detector.threshold()).setDetector(1, Detector.threshold());
    expectDistribution(probsOf(p).results, { '|0,0>': 0.25, '|1,0>': 0.375, '|0,1>': 0.375 });
  });

  it('post-selection matches the distribution filtered afterwards, perf included (test_logical_selection)', () => {
    const circuit = (): Circuit =>
      new Circuit(2)
        .add(0, new BS({ theta: 1.54 }))
        .add(0, new TD(1))
        .add(0, new BS({ theta: 1.58 }));
    const all = probsOf(
      new Processor('SLOS', circuit()).withInput('|1,0>').minDetectedPhotonsFilter(0),
    ).results;
    const selected = probsOf(
      new Processor('SLOS', circuit())
        .withInput('|1,0>')
        .minDetectedPhotonsFilter(0)
        .setPostSelection('[1]>0'),
    );
    let kept = 0;
    for (const [state, p] of all) if (state.get(1) > 0) kept += p;
    for (const [state, p] of all) {
      if (state.get(1) > 0) expect(selected.results.get(state)).toBeCloseTo(p / kept, 12);
    }
    expect(selected.globalPerf).toBeCloseTo(kept, 12);
  });

  it('unrolls BS, TD(1), BS over two time steps and one delay line: 5 modes', () => {
    const { depth, modes } = unroll(delayed());
    expect([depth, modes]).toEqual([2, 5]);
  });

  it('samples from the delayed distribution', () => {
    const p = new Processor('SLOS', delayed(), { seed: 2 }).withInput('|1,0>').minDetectedPhotonsFilter(0);
    const { results } = new Sampler(p, { seed: 5 }).samples(1000) as SamplerResult<BSSamples>;
    expect(results.length).toBe(1000);
    for (const sample of results) expect(sample.m).toBe(2);
  });
});

describe('time delays: what is refused', () => {
  it('a fractional delay, a noisy source, and amplitudes', () => {
    const fractional = new Circuit(2).add(0, new BS()).add(0, new TD(0.75)).add(0, new BS());
    expect(() =>
      new Processor('SLOS', fractional).withInput('|1,0>').minDetectedPhotonsFilter(0).probAmplitude('|1,0>'),
    ).toThrowError(expect.objectContaining({ field: 't' }));
    const noisy = new Processor('SLOS', delayed(), {
      noise: new NoiseModel({ brightness: 0.9 }),
    }).withInput('|1,0>');
    expect(() => probsOf(noisy.minDetectedPhotonsFilter(1))).toThrowError(/perfect source/);
    const p = new Processor('SLOS', delayed()).withInput('|1,0>');
    expect(() => p.evolve()).toThrowError(ValidationError);
  });
});
