import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { PERM } from '../../model/circuit/permutation.js';
import { rToTheta } from '../../model/circuit/reflectivity.js';
import { defineItem } from '../catalog-item.js';
import { withTwoQubitPorts } from './heralded-cz.js';

const THETA1 = rToTheta((3 - Math.sqrt(2)) / 7);
const THETA2 = rToTheta(5 - 3 * Math.sqrt(2));

export const klmCnot = defineItem({
  name: 'klm cnot',
  description:
    'KLM CNOT gate with 4 ancillary modes. For education: the Knill CNOT (heralded cnot) is better in every respect.',
  articleRef: 'https://doi.org/10.1073/pnas.1018839108',
  circuit: () =>
    new Circuit(8, { name: 'KLM CNOT' })
      .add(1, new PERM([2, 4, 3, 0, 1]))
      .add(4, BS.H())
      .add(3, new PERM([1, 3, 0, 4, 2]))
      .add(3, BS.H())
      .add(3, new PERM([2, 0, 1]))
      .add(2, BS.H({ theta: THETA1 }))
      .add(4, BS.H({ theta: THETA1 }))
      .add(3, new PERM([1, 2, 0]))
      .add(3, BS.H())
      .add(1, new PERM([2, 0, 3, 1, 6, 5, 4]))
      .add(2, BS.H({ theta: THETA2 }))
      .add(2, new PERM([1, 0]))
      .add(4, BS.H({ theta: THETA2 }))
      .add(4, new PERM([1, 2, 0]))
      .add(4, BS.H())
      .add(1, new PERM([4, 3, 0, 2, 1])),
  setUp: (experiment) =>
    withTwoQubitPorts(experiment).addHerald(4, 0).addHerald(5, 1).addHerald(6, 0).addHerald(7, 1),
});
