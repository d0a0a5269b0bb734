import { describe, expect, it } from 'vitest';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { maximumLikelihood, projectOnDensityMatrices, projectOnSimplex } from './maximum-likelihood.js';
import { preparedDensityMatrix } from './pauli.js';
import { stateFidelity } from './process-map.js';
import { pauliPovm } from './state-tomography-mle.js';

describe('maximum-likelihood reconstruction', () => {
  it('projects spectra on the simplex and matrices on density matrices', () => {
    expect(projectOnSimplex([0.5, 0.5])).toEqual([0.5, 0.5]);
    expect(projectOnSimplex([2, 0])).toEqual([1, 0]);
    expect(projectOnSimplex([0.7, 0.6, -0.3]).map((v) => Number(v.toFixed(12)))).toEqual([0.55, 0.45, 0]);
    const rho = projectOnDensityMatrices(ComplexMatrix.identity(2).scale(3));
    expect(rho.equals(ComplexMatrix.identity(2).scale(0.5), 1e-12)).toBe(true);
  });

  it('recovers a mixed two-qubit state from exact Pauli frequencies', () => {
    const target = preparedDensityMatrix(['+', '0'])
      .scale(0.7)
      .add(preparedDensityMatrix(['1', '-i']).scale(0.3));
    const povm = pauliPovm(2);
    const frequencies = povm.map((element) => target.multiply(element).trace().re);
    const guess = ComplexMatrix.identity(4).scale(0.25);
    const rho = maximumLikelihood(povm, frequencies, guess, { maxIterations: 2000 });
    expect(rho.trace().re).toBeCloseTo(1, 12);
    expect(stateFidelity(target, rho)).toBeGreaterThan(0.9999);
  });

  it('refuses bad options', () => {
    const one = [ComplexMatrix.identity(2)];
    expect(() => maximumLikelihood(one, [1], ComplexMatrix.identity(2), { maxIterations: 0 })).toThrow(
      /maxIterations/,
    );
    expect(() => maximumLikelihood(one, [1], ComplexMatrix.identity(2), { decelerateFactor: 1 })).toThrow(
      /decelerateFactor/,
    );
  });
});
