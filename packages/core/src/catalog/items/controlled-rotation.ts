import { ValidationError } from '../../errors/index.js';
import { Circuit } from '../../model/circuit/circuit.js';
import { ComplexMatrix } from '../../model/circuit/complex-matrix.js';
import { Unitary } from '../../model/circuit/unitary.js';
import type { Experiment } from '../../model/experiment.js';
import { unitaryDilation } from '../../model/linalg/matrix-functions.js';
import { Encoding } from '../../model/port/encoding.js';
import { Port } from '../../model/port/port.js';
import { defineItem } from '../catalog-item.js';

/**
 * The 4n-mode unitary of the post-selected n-qubit controlled rotation C…CZ(α) (arXiv:2405.01395, Perceval's
 * `build_control_gate_unitary`): the |1> rails see `I + a·J` (J the cyclic shift, a = (e^{iα} − 1)^{1/n},
 * principal root), the |0> rails the identity, dilated to a unitary on 2n extra empty modes; the dual-rail
 * modes are then interleaved (qubit k on modes 2k, 2k + 1).
 */
export function controlledRotationUnitary(n: number, alpha: number): ComplexMatrix {
  // a = (e^{iα} − 1)^{1/n}
  const zr = Math.cos(alpha) - 1;
  const zi = Math.sin(alpha);
  const radius = Math.hypot(zr, zi) ** (1 / n);
  const angle = Math.atan2(zi, zr) / n;
  const a = { re: radius * Math.cos(angle), im: radius * Math.sin(angle) };
  const block = ComplexMatrix.identity(2 * n);
  for (let i = 0; i < n; i++) block.set(n + i, n + ((i + 1) % n), a);
  const dilated = unitaryDilation(block);
  // Index i of the dilation sits on mode modeOf[i]: |0> rails 0…n−1 → even modes, |1> rails n…2n−1 → odd modes.
  const modeOf = (i: number): number => (i < n ? 2 * i : i < 2 * n ? 2 * (i - n) + 1 : i);
  const size = 4 * n;
  const out = new ComplexMatrix(size, size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) out.set(modeOf(i), modeOf(j), dilated.get(i, j));
  }
  return out;
}

/** `[0,1]==1 & [2,3]==1 & …`: one photon in each of n dual-rail pairs. */
export function coincidence(n: number): string {
  return Array.from({ length: n }, (_, k) => `[${2 * k},${2 * k + 1}]==1`).join(' & ');
}

/** Dual-rail ports ctrl0 … ctrl(n−2) and data, and the 2n empty heralded modes after them. */
export function setUpControlled(experiment: Experiment, n: number): Experiment {
  experiment.setPostSelection(coincidence(n));
  for (let k = 0; k < n - 1; k++) experiment.addPort(2 * k, new Port(Encoding.DUAL_RAIL, `ctrl${k}`));
  experiment.addPort(2 * (n - 1), new Port(Encoding.DUAL_RAIL, 'data'));
  for (let mode = 2 * n; mode < 4 * n; mode++) experiment.addHerald(mode, 0);
  return experiment;
}

function qubitCount(value: number): number {
  if (!Number.isSafeInteger(value) || value < 2 || value > 8) {
    throw new ValidationError(`params.n must be an integer in [2, 8] (got ${value})`, { field: 'params.n' });
  }
  return value;
}

export const postprocessedControlledGate = defineItem({
  name: 'postprocessed controlled gate',
  description:
    'n-qubit controlled rotation C…CZ(alpha) with 2n empty ancillary modes and a post-selection on one photon per qubit.',
  articleRef: 'https://arxiv.org/abs/2405.01395',
  paramsDoc: { n: 'number of qubits (2 to 8, default 2)', alpha: 'rotation angle (default π)' },
  circuit: (params) => {
    const n = qubitCount(params.number('n', 2));
    return new Circuit(4 * n, { name: 'postprocessed controlled gate' }).add(
      0,
      new Unitary(controlledRotationUnitary(n, params.number('alpha', Math.PI))),
    );
  },
  setUp: (experiment, params) => setUpControlled(experiment, qubitCount(params.number('n', 2))),
});
