// The builder methods the local Processor shares with the cloud's RemoteProcessor through core's
// AbstractProcessor; the calls below existed only on the RemoteProcessor before.
import {
  AbstractProcessor,
  BasicState,
  BS,
  type BSDistribution,
  Circuit,
  Experiment,
  Sampler,
  type SamplerResult,
  ValidationError,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { MAX_PHOTONS, Processor } from './index.js';

const TOLERANCE = 1e-12;

function probsOf(processor: Processor): SamplerResult<BSDistribution> {
  return new Sampler(processor).probs() as SamplerResult<BSDistribution>;
}

describe('Processor builder methods (AbstractProcessor)', () => {
  it('is an AbstractProcessor', () => {
    expect(new Processor('SLOS', 2)).toBeInstanceOf(AbstractProcessor);
  });

  it('clearPostSelection gives back every output: BS.H on |1,0> post-selected on [0]==1, then not', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, BS.H()))
      .withInput('|1,0>')
      .setPostSelection('[0]==1');
    const selected = probsOf(p);
    expect(selected.results.get('|1,0>')).toBeCloseTo(1, 12);
    expect(selected.results.get('|0,1>')).toBe(0);
    expect(Math.abs(selected.globalPerf - 0.5)).toBeLessThan(TOLERANCE);
    const all = probsOf(p.clearPostSelection());
    expect(Math.abs(all.results.get('|1,0>') - 0.5)).toBeLessThan(TOLERANCE);
    expect(Math.abs(all.results.get('|0,1>') - 0.5)).toBeLessThan(TOLERANCE);
    expect(all.globalPerf).toBeCloseTo(1, 12);
  });

  it('addHerald takes a port name, and the heralded mode leaves the results', () => {
    const p = new Processor('SLOS', new Circuit(3).add(0, BS.H())).addHerald(2, 0, 'in_out', 'vacuum');
    p.withInput('|1,0>');
    expect(p.experiment.heralds[0]?.name).toBe('vacuum');
    const { results } = probsOf(p);
    expect(Math.abs(results.get('|1,0>') - 0.5)).toBeLessThan(TOLERANCE);
    expect(Math.abs(results.get('|0,1>') - 0.5)).toBeLessThan(TOLERANCE);
  });

  it('setExperiment takes a copy of a whole experiment and runs it', () => {
    const hom = new Experiment(new Circuit(2).add(0, BS.H())).withInput(new BasicState([1, 1]));
    const p = new Processor('SLOS', 2).setExperiment(hom);
    hom.setPostSelection('[0]==1'); // a later change stays with the original
    const { results } = probsOf(p);
    expect(Math.abs(results.get('|2,0>') - 0.5)).toBeLessThan(TOLERANCE);
    expect(results.get('|1,1>')).toBeLessThan(TOLERANCE);
    const crowded = new Experiment(1).withInput(new BasicState([MAX_PHOTONS + 1]));
    expect(() => p.setExperiment(crowded)).toThrow(expect.objectContaining({ field: 'input' }));
    expect(p.experiment.input?.toString()).toBe('|1,1>');
  });

  it('keeps the previous input when withInput refuses too many photons', () => {
    const p = new Processor('SLOS', 1).withInput('|3>');
    expect(() => p.withInput(new BasicState([MAX_PHOTONS + 1]))).toThrow(ValidationError);
    expect(p.experiment.input?.toString()).toBe('|3>');
  });

  it('refuses a sweep step whose input has too many photons, naming the iteration', () => {
    const p = new Processor('SLOS', 1).withInput('|1>');
    expect(() => new Sampler(p).addIteration({ inputState: new BasicState([MAX_PHOTONS + 1]) })).toThrow(
      expect.objectContaining({ field: 'iteration.inputState' }),
    );
  });

  it('keeps platform parameters for code that builds either processor, and runs the same', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, BS.H())).withInput('|1,1>');
    p.setParameter('final_mode_number', 2);
    expect(p.parameters).toEqual({ final_mode_number: 2 });
    expect(Math.abs(probsOf(p).results.get('|0,2>') - 0.5)).toBeLessThan(TOLERANCE);
  });
});
