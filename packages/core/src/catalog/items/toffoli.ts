import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { defineItem } from '../catalog-item.js';
import { setUpControlled } from './controlled-rotation.js';
import { postprocessedCczCircuit } from './postprocessed-ccz.js';

export const toffoli = defineItem({
  name: 'toffoli',
  description:
    'Toffoli (CCNOT) gate with 6 heralded (empty) modes and a post-selection, built from the post-processed CCZ between two Hadamards on the data qubit.',
  circuit: () =>
    new Circuit(12, { name: 'Toffoli' })
      .add(4, BS.H())
      .add(0, postprocessedCczCircuit(), { merge: true })
      .add(4, BS.H()),
  setUp: (experiment) => setUpControlled(experiment, 3),
});
