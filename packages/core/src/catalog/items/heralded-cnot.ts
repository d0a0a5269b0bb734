import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { defineItem } from '../catalog-item.js';
import { heraldedCzCircuit, withTwoQubitPorts } from './heralded-cz.js';

export const heraldedCnot = defineItem({
  name: 'heralded cnot',
  description:
    'Knill CNOT gate with 2 heralded modes, built from the heralded CZ between two Hadamards on the data qubit.',
  articleRef: 'https://arxiv.org/abs/quant-ph/0110144',
  circuit: () =>
    new Circuit(6, { name: 'Heralded CNOT' })
      .add(2, BS.H())
      .add(0, heraldedCzCircuit(), { merge: true })
      .add(2, BS.H()),
  setUp: (experiment) => withTwoQubitPorts(experiment).addHerald(4, 1).addHerald(5, 1),
});
