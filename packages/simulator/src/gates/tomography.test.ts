// Perceval's tests/algorithm/test_tomography.py through the native simulator: state tomography of the
// single-qubit gates, process tomography of the CNOTs (process and average fidelity 1) and of a noisy gate (below 1).
import {
  ComplexMatrix,
  catalog,
  chiTarget,
  isPhysical,
  NoiseModel,
  ProcessTomography,
  preparedDensityMatrix,
  processFidelity,
  StateTomography,
  stateFidelity,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { Processor } from '../index.js';
import { CNOT } from './ideal-gates.js';

describe('StateTomography on the native simulator', () => {
  it("the Hadamard gate turns |0⟩ into |+⟩ and |+i⟩ into |−i⟩ (up to phase); ρ is physical (Perceval's test)", () => {
    const tomography = new StateTomography(new Processor('SLOS', catalog.get('h').buildExperiment()));
    const rho = tomography.compute();
    expect(rho.equals(preparedDensityMatrix(['+']), 1e-12)).toBe(true);
    expect(isPhysical(rho)).toEqual({ traceOne: true, hermitian: true, completelyPositive: true });
    expect(stateFidelity(preparedDensityMatrix(['-i']), tomography.compute(['+i']))).toBeCloseTo(1, 6); // √ of a rank-1 matrix: rounding ε becomes √ε
  });

  for (const gate of ['x', 'y', 'z']) {
    it(`${gate}: ρ of the output of |+⟩ is a pure state with trace 1`, () => {
      const rho = new StateTomography(new Processor('SLOS', catalog.get(gate).buildExperiment())).compute([
        '+',
      ]);
      expect(rho.trace().re).toBeCloseTo(1, 12);
      expect(rho.multiply(rho).trace().re).toBeCloseTo(1, 12);
    });
  }

  it('the state of a post-selected gate carries its success probability as its trace (Perceval convention)', async () => {
    const tomography = new StateTomography(
      new Processor('SLOS', catalog.get('postprocessed cnot').buildExperiment()),
    );
    const rho = await tomography.computeAsync(['1', '0']);
    expect(rho.trace().re).toBeCloseTo(1 / 9, 12);
    // |10⟩ → |11⟩
    expect(rho.get(3, 3).re * 9).toBeCloseTo(1, 12);
  });
});

describe('ProcessTomography on the native simulator', () => {
  for (const name of ['postprocessed cnot', 'heralded cnot', 'klm cnot']) {
    it(`${name}: process fidelity and average fidelity 1 to 1e-6, χ physical`, () => {
      const tomography = new ProcessTomography(new Processor('SLOS', catalog.get(name).buildExperiment()));
      const { chi, gateEfficiency } = tomography.compute();
      expect(Math.abs(processFidelity(chi, chiTarget(CNOT)) - 1)).toBeLessThan(1e-6);
      expect(Math.abs(tomography.averageFidelity(CNOT) - 1)).toBeLessThan(1e-6);
      expect(isPhysical(chi)).toEqual({ traceOne: true, hermitian: true, completelyPositive: true });
      if (name === 'postprocessed cnot') expect(gateEfficiency).toBeCloseTo(1 / 9, 12);
      if (name === 'heralded cnot') expect(gateEfficiency).toBeCloseTo(2 / 27, 12);
    });
  }

  it('a noisy source (distinguishable photons) lowers the process fidelity of the CNOT', async () => {
    const experiment = catalog.get('postprocessed cnot').buildExperiment();
    const noisy = new Processor('SLOS', experiment, { noise: new NoiseModel({ indistinguishability: 0.8 }) });
    const { chi } = await new ProcessTomography(noisy).computeAsync();
    const fidelity = processFidelity(chi, chiTarget(CNOT));
    expect(fidelity).toBeLessThan(0.99);
    expect(fidelity).toBeGreaterThan(0.5);
  });

  it('the processor gets its circuit and input back afterwards', () => {
    const processor = new Processor('SLOS', catalog.get('h').buildExperiment());
    const circuit = processor.experiment.circuit;
    new ProcessTomography(processor).compute();
    expect(processor.experiment.circuit).toBe(circuit);
    expect(processor.experiment.input).toBeUndefined();
  });

  it("the post-selected CCZ's average fidelity is 1 (Perceval test_avg_fidelity_postprocessed_ccz_gate)", () => {
    const ccz = ComplexMatrix.identity(8);
    ccz.set(7, 7, { re: -1, im: 0 });
    const tomography = new ProcessTomography(
      new Processor('SLOS', catalog.get('postprocessed ccz').buildExperiment()),
    );
    expect(Math.abs(tomography.averageFidelity(ccz) - 1)).toBeLessThan(1e-6);
  });
});
