import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { defineItem } from '../catalog-item.js';
import { withTwoQubitPorts } from './heralded-cz.js';
import { postprocessedCzCircuit, TWO_QUBIT_COINCIDENCE } from './postprocessed-cz.js';

export const postprocessedCnot = defineItem({
  name: 'postprocessed cnot',
  description:
    'CNOT gate with 2 heralded (empty) modes and a post-selection on one photon per qubit (Ralph et al., success 1/9).',
  articleRef: 'https://journals.aps.org/pra/abstract/10.1103/PhysRevA.65.062324',
  circuit: () =>
    new Circuit(6, { name: 'PostProcessed CNOT' })
      .add(2, BS.H())
      .add(0, postprocessedCzCircuit(), { merge: true })
      .add(2, BS.H()),
  setUp: (experiment) =>
    withTwoQubitPorts(experiment.setPostSelection(TWO_QUBIT_COINCIDENCE)).addHerald(4, 0).addHerald(5, 0),
});
