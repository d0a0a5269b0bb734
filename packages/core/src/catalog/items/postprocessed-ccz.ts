import { Circuit } from '../../model/circuit/circuit.js';
import { Unitary } from '../../model/circuit/unitary.js';
import { defineItem } from '../catalog-item.js';
import { controlledRotationUnitary, setUpControlled } from './controlled-rotation.js';

/** The 12-mode post-selected CCZ: the controlled rotation of 3 qubits by π. */
export function postprocessedCczCircuit(): Circuit {
  return new Circuit(12, { name: 'PostProcessed CCZ' }).add(
    0,
    new Unitary(controlledRotationUnitary(3, Math.PI)),
  );
}

export const postprocessedCcz = defineItem({
  name: 'postprocessed ccz',
  description: 'CCZ gate with 6 heralded (empty) modes and a post-selection on one photon per qubit.',
  articleRef: 'https://arxiv.org/abs/2405.01395',
  circuit: postprocessedCczCircuit,
  setUp: (experiment) => setUpControlled(experiment, 3),
});
