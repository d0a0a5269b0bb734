import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { PERM } from '../../model/circuit/permutation.js';
import { rToTheta } from '../../model/circuit/reflectivity.js';
import { defineItem } from '../catalog-item.js';
import { withTwoQubitPorts } from './heralded-cz.js';

/** Ralph et al.'s CZ on 6 modes: three 1/3 beam splitters, the two empty ancillary modes at the bottom. */
export function postprocessedCzCircuit(): Circuit {
  const theta = rToTheta(1 / 3);
  return new Circuit(6, { name: 'PostProcessed CZ' })
    .add(1, new PERM([2, 1, 3, 0]))
    .add(0, BS.H({ theta }))
    .add(2, BS.H({ theta }))
    .add(4, BS.H({ theta }))
    .add(1, new PERM([3, 1, 0, 2]));
}

/** One photon in each dual-rail pair: the coincidence post-selection of Ralph et al.'s gates. */
export const TWO_QUBIT_COINCIDENCE = '[0,1]==1 & [2,3]==1';

export const postprocessedCz = defineItem({
  name: 'postprocessed cz',
  description:
    'CZ gate with 2 heralded (empty) modes and a post-selection on one photon per qubit (success 1/9).',
  articleRef: 'https://journals.aps.org/pra/abstract/10.1103/PhysRevA.65.062324',
  circuit: postprocessedCzCircuit,
  setUp: (experiment) =>
    withTwoQubitPorts(experiment.setPostSelection(TWO_QUBIT_COINCIDENCE)).addHerald(4, 0).addHerald(5, 0),
});
