import { BS } from '../../model/circuit/beam-splitter.js';
import { Circuit } from '../../model/circuit/circuit.js';
import type { Parameter } from '../../model/circuit/parameter.js';
import { PERM } from '../../model/circuit/permutation.js';
import { PS } from '../../model/circuit/phase-shifter.js';
import { Encoding } from '../../model/port/encoding.js';
import { Port } from '../../model/port/port.js';
import { type CatalogItem, defineItem, type ParamReader } from '../catalog-item.js';

/** A single-qubit gate on one dual-rail qubit (port `data` on modes 0–1). */
function gate(
  name: string,
  docName: string,
  circuit: (params: ParamReader) => Circuit,
  paramsDoc?: Record<string, string>,
): CatalogItem {
  return defineItem({
    name,
    description: `2-mode linear-optical circuit of the ${docName} single-qubit gate.`,
    ...(paramsDoc === undefined ? {} : { paramsDoc }),
    circuit,
    setUp: (experiment) => experiment.addPort(0, new Port(Encoding.DUAL_RAIL, 'data')),
  });
}

const onMode1 = (name: string, phi: number | Parameter): Circuit =>
  new Circuit(2, { name }).add(1, new PS(phi));

export const hadamard = gate('h', 'Hadamard', () => new Circuit(2, { name: 'H' }).add(0, BS.H()));
export const pauliX = gate('x', 'Pauli X', () => new Circuit(2, { name: 'X' }).add(0, new PERM([1, 0])));
export const pauliY = gate('y', 'Pauli Y', () =>
  new Circuit(2, { name: 'Y' })
    .add(0, new PERM([1, 0]))
    .add(1, new PS(Math.PI / 2))
    .add(0, new PS(-Math.PI / 2)),
);
export const pauliZ = gate('z', 'Pauli Z', () => onMode1('Z', Math.PI));
export const sGate = gate('s', 'S', () => onMode1('S', Math.PI / 2));
export const sDagGate = gate('sdag', 'S†', () => onMode1('S†', -Math.PI / 2));
export const tGate = gate('t', 'T', () => onMode1('T', Math.PI / 4));
export const tDagGate = gate('tdag', 'T†', () => onMode1('T†', -Math.PI / 4));

export const phaseShift = gate('ph', 'phase shifter', (params) => onMode1('Ps', params.value('phi', 0)), {
  phi: 'phase on the |1> rail (number, Parameter or parameter name; default 0)',
});

// Perceval's Rx is BS.Rx(−θ); conjugating BS.Rx(θ) by a π phase on mode 1 gives the same matrix and also
// accepts a Parameter.
export const rx = gate(
  'rx',
  'Rx',
  (params) =>
    new Circuit(2, { name: 'Rx' }).add(
      0,
      BS.Rx({ theta: params.value('theta', 0), phiBl: Math.PI, phiBr: Math.PI }),
    ),
  { theta: 'rotation angle (number, Parameter or parameter name; default 0)' },
);

export const ry = gate(
  'ry',
  'Ry',
  (params) => new Circuit(2, { name: 'Ry' }).add(0, BS.Ry({ theta: params.value('theta', 0) })),
  {
    theta: 'rotation angle (number, Parameter or parameter name; default 0)',
  },
);

export const rz = gate(
  'rz',
  'Rz',
  (params) => {
    const theta = params.number('theta', 0);
    return new Circuit(2, { name: 'Rz' }).add(0, new PS(-theta / 2)).add(1, new PS(theta / 2));
  },
  { theta: 'rotation angle (a number; default 0)' },
);
