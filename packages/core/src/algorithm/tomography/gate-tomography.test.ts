// What the four tomographies share through GateTomography: the gate they read, the preparation and operator checks,
// and (for the maximum-likelihood ones) the reconstruction's settings. Run on a one-photon processor computed
// exactly in core; Perceval's reference numbers are in @bosonic/simulator.
import { describe, expect, it } from 'vitest';
import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { OnePhotonProcessor } from '../../testing/one-photon-processor.js';
import { refusedField } from '../../testing/thrown.js';
import type { PreparedState } from './pauli.js';
import { pauliMatrix } from './pauli.js';
import { ProcessTomography } from './process-tomography.js';
import { ProcessTomographyMLE } from './process-tomography-mle.js';
import { StateTomography } from './state-tomography.js';
import { StateTomographyMLE } from './state-tomography-mle.js';

const hadamard = () => new Circuit(2, { name: 'H' }).add(0, BS.H());
const TOMOGRAPHIES = [StateTomography, StateTomographyMLE, ProcessTomography, ProcessTomographyMLE] as const;

/** |+⟩⟨+| = ½·[[1, 1], [1, 1]]: what H makes of |0⟩. */
const PLUS = ComplexMatrix.fromRows([
  [0.5, 0.5],
  [0.5, 0.5],
]);

describe('GateTomography', () => {
  it.each(TOMOGRAPHIES.map((Tomography) => [Tomography.name, Tomography] as const))(
    '%s reads the qubits of the gate, and refuses a processor that holds none',
    (_name, Tomography) => {
      expect(new Tomography(new OnePhotonProcessor(hadamard())).nQubits).toBe(1);
      expect(new Tomography(new OnePhotonProcessor(new Circuit(4))).nQubits).toBe(2);
      expect(refusedField(() => new Tomography(new OnePhotonProcessor(new Circuit(3))))).toBe('processor');
    },
  );

  it.each([
    ['StateTomography', StateTomography],
    ['StateTomographyMLE', StateTomographyMLE],
  ] as const)('%s prepares |0…0⟩ unless told otherwise, and checks a preparation', (_name, Tomography) => {
    const tomography = new Tomography(new OnePhotonProcessor(hadamard()));
    // Exact data of a pure state: the linear inversion is exact, the maximum-likelihood estimate converges to it.
    expect(tomography.compute().equals(PLUS, 1e-6)).toBe(true);
    expect(tomography.compute(['0']).equals(PLUS, 1e-6)).toBe(true);
    expect(refusedField(() => tomography.compute(['2' as PreparedState]))).toBe('preparation');
    expect(refusedField(() => tomography.compute(['0', '0']))).toBe('preparation');
  });

  it.each([
    ['ProcessTomography', ProcessTomography],
    ['ProcessTomographyMLE', ProcessTomographyMLE],
  ] as const)('%s takes an ideal gate on as many qubits as its own', (_name, Tomography) => {
    const tomography = new Tomography(new OnePhotonProcessor(hadamard()));
    const h = pauliMatrix('X').add(pauliMatrix('Z')).scale(Math.SQRT1_2);
    // H = (X + Z)/√2: χ is ½ on the X, Z block (Pauli order I, X, Y, Z).
    expect(tomography.chiTarget(h).get(1, 3).re).toBeCloseTo(0.5, 14);
    expect(refusedField(() => tomography.chiTarget(ComplexMatrix.identity(4)))).toBe('operator');
  });

  it.each([
    ['StateTomographyMLE', StateTomographyMLE],
    ['ProcessTomographyMLE', ProcessTomographyMLE],
  ] as const)("%s checks the reconstruction's settings before the gate", (_name, Tomography) => {
    const gate = new OnePhotonProcessor(hadamard());
    expect(refusedField(() => new Tomography(gate, { maxIterations: 0 }))).toBe('maxIterations');
    expect(refusedField(() => new Tomography(gate, { decelerateFactor: 1 }))).toBe('decelerateFactor');
    expect(
      refusedField(() => new Tomography(new OnePhotonProcessor(new Circuit(3)), { maxIterations: 0 })),
    ).toBe('maxIterations');
  });
});
