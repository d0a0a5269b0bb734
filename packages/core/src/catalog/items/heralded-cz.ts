import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { PERM } from '../../model/circuit/permutation.js';
import { PS } from '../../model/circuit/phase-shifter.js';
import type { Experiment } from '../../model/experiment.js';
import { Encoding } from '../../model/port/encoding.js';
import { Port } from '../../model/port/port.js';
import { defineItem } from '../catalog-item.js';

const THETA1 = 2 * Math.acos(Math.sqrt(1 / 3));
const THETA2 = 2 * Math.acos(Math.sqrt((3 + Math.sqrt(6)) / 6));

/** Knill's heralded CZ on 6 modes (Perceval's circuit, with the beam-splitter sign convention it notes). */
export function heraldedCzCircuit(): Circuit {
  const core = new Circuit(4)
    .add(1, new PERM([1, 0]))
    .add(0, new PS(Math.PI))
    .add(3, new PS(Math.PI))
    .add(0, BS.H({ theta: THETA1 }))
    .add(2, BS.H({ theta: THETA1 }))
    .add(1, new PERM([1, 0]))
    .add(0, BS.H({ theta: -THETA1 }))
    .add(2, BS.H({ theta: THETA2 }));
  return new Circuit(6, { name: 'Heralded CZ' })
    .add(1, new PERM([1, 0]))
    .add(2, core, { merge: true })
    .add(1, new PERM([1, 0]));
}

/** Dual-rail `ctrl` on modes 0–1 and `data` on 2–3, one photon heralded in and out on modes 4 and 5. */
export function withTwoQubitPorts(experiment: Experiment): Experiment {
  return experiment
    .addPort(0, new Port(Encoding.DUAL_RAIL, 'ctrl'))
    .addPort(2, new Port(Encoding.DUAL_RAIL, 'data'));
}

export const heraldedCz = defineItem({
  name: 'heralded cz',
  description: 'Knill CZ gate with 2 heralded modes (success probability 2/27).',
  articleRef: 'https://arxiv.org/abs/quant-ph/0110144',
  circuit: heraldedCzCircuit,
  setUp: (experiment) => withTwoQubitPorts(experiment).addHerald(4, 1).addHerald(5, 1),
});
