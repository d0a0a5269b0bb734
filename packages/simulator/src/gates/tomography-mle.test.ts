// Perceval's tests/algorithm/test_tomography_mle.py through the native simulator: maximum-likelihood state and
// process tomography of the catalog CNOTs.
import {
  ComplexMatrix,
  catalog,
  isPhysical,
  ProcessTomographyMLE,
  processFidelity,
  StateTomographyMLE,
  stateFidelity,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { Processor } from '../index.js';
import { CNOT } from './ideal-gates.js';

describe('maximum-likelihood tomography on the native simulator', () => {
  it('a CNOT on |+⟩|0⟩ makes the Bell state (|00⟩ + |11⟩)/√2: fidelity 1, trace 1', () => {
    const tomography = new StateTomographyMLE(
      new Processor('SLOS', catalog.get('postprocessed cnot').buildExperiment()),
    );
    const rho = tomography.compute(['+', '0']);
    const bell = new ComplexMatrix(4, 4);
    for (const [r, c] of [
      [0, 0],
      [0, 3],
      [3, 0],
      [3, 3],
    ] as const) {
      bell.set(r, c, { re: 0.5, im: 0 });
    }
    expect(rho.trace().re).toBeCloseTo(1, 9);
    expect(Math.abs(stateFidelity(bell, rho) - 1)).toBeLessThan(1e-6);
  });

  it('heralded cnot: χ is physical and its process fidelity 1 (Perceval test_fidelity_heralded_cnot)', async () => {
    const tomography = new ProcessTomographyMLE(
      new Processor('SLOS', catalog.get('heralded cnot').buildExperiment()),
    );
    const chi = await tomography.computeAsync();
    expect(Math.abs(processFidelity(chi, tomography.chiTarget(CNOT)) - 1)).toBeLessThan(1e-6);
    const physical = isPhysical(chi);
    expect(physical.hermitian && physical.completelyPositive && physical.traceOne).toBe(true);
  });
});
