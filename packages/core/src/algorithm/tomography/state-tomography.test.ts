// State tomography's settings and its reconstruction from outcomes, on textbook states; the full run is in
// tomography-experiment.test.ts, Perceval's reference numbers in @bosonic/simulator.
import { describe, expect, it } from 'vitest';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { densityMatrixFromOutcomes } from './state-tomography.js';
import { measurementSettings } from './tomography-experiment.js';

describe('state tomography', () => {
  it('lists the 3ⁿ settings {X, Y, Z}ⁿ in base-3 order', () => {
    expect(measurementSettings(1)).toEqual([['X'], ['Y'], ['Z']]);
    const two = measurementSettings(2);
    expect(two).toHaveLength(9);
    expect(two[1]).toEqual(['X', 'Y']);
    expect(two[8]).toEqual(['Z', 'Z']);
  });

  it('rebuilds a density matrix from Stokes parameters: |0⟩ is ½(I + Z), and the trace is the performance', () => {
    // Outcomes of X, Y, Z on |0⟩: ± with ½ in X and Y, always + in Z.
    const zero = densityMatrixFromOutcomes(
      [
        { probabilities: [0.5, 0.5], logicalPerf: 1 },
        { probabilities: [0.5, 0.5], logicalPerf: 1 },
        { probabilities: [1, 0], logicalPerf: 1 },
      ],
      1,
    );
    expect(
      zero.equals(
        ComplexMatrix.fromRows([
          [1, 0],
          [0, 0],
        ]),
        1e-15,
      ),
    ).toBe(true);
    const scaled = densityMatrixFromOutcomes(
      [
        { probabilities: [0.25, 0.25], logicalPerf: 0.5 },
        { probabilities: [0.25, 0.25], logicalPerf: 0.5 },
        { probabilities: [0.5, 0], logicalPerf: 0.5 },
      ],
      1,
    );
    expect(scaled.trace().re).toBeCloseTo(0.5, 15);
  });
});
