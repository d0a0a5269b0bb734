import { ValidationError } from '../../errors/index.js';
import { Herald } from '../herald.js';
import { BasicState } from '../state/basic-state.js';
import { Polarization } from '../state/polarization.js';
import { Encoding } from './encoding.js';
import { LogicalState } from './logical-state.js';
import { Port } from './port.js';

/**
 * The Fock state of a logical state written with `encodings` in mode order: each encoding takes its qubits from
 * the logical state in turn; a number stands for a mode with that fixed photon count (a herald). As Perceval's
 * `get_basic_state_from_encoding`.
 * @throws ValidationError (field `logicalState`) when the qubit counts do not match.
 */
export function getBasicStateFromEncoding(
  encodings: readonly (Encoding | number)[],
  logicalState: LogicalState | string | readonly number[],
): BasicState {
  const logical = logicalState instanceof LogicalState ? logicalState : new LogicalState(logicalState);
  const qubits = encodings.reduce<number>((sum, e) => sum + (e instanceof Encoding ? e.logicalLength : 0), 0);
  if (qubits !== logical.length) {
    throw new ValidationError(
      `The ports hold ${qubits} qubit(s) but the logical state ${logical} has ${logical.length}`,
      { field: 'logicalState' },
    );
  }
  const fock: number[] = [];
  // Polarization-encoded qubits: the mode of each photon and its polarization (H for |0>, V for |1>).
  const polarized = new Map<number, Polarization>();
  let next = 0;
  for (const encoding of encodings) {
    if (typeof encoding === 'number') {
      fock.push(encoding);
      continue;
    }
    if (!(encoding instanceof Encoding)) {
      throw new ValidationError('An encoding list holds Encodings and photon counts', { field: 'encodings' });
    }
    const bits = logical.bits.slice(next, next + encoding.logicalLength);
    if (encoding === Encoding.POLARIZATION)
      polarized.set(fock.length, bits[0] ? Polarization.V : Polarization.H);
    fock.push(...encoding.toFock(bits));
    next += encoding.logicalLength;
  }
  if (polarized.size > 0) {
    const photons = fock.flatMap((count, mode) =>
      Array.from({ length: count }, () => ({ mode, polarization: polarized.get(mode) })),
    );
    return BasicState.fromPhotons(fock.length, photons);
  }
  return new BasicState(fock);
}

/**
 * The Fock state of a logical state on a list of ports (in mode order, as `experiment.inPorts`), as Perceval's
 * `get_basic_state_from_ports`: herald ports are skipped unless `addHeralds`, which writes their expected count.
 *
 * @example
 * ```ts
 * const ports = [new Port(Encoding.DUAL_RAIL, 'ctrl'), new Port(Encoding.DUAL_RAIL, 'data')];
 * getBasicStateFromPorts(ports, new LogicalState('10')); // |0,1,1,0>
 * ```
 * @throws ValidationError when the qubit counts do not match or a port is neither a Port nor a Herald.
 */
export function getBasicStateFromPorts(
  ports: readonly (Port | Herald)[],
  logicalState: LogicalState | string | readonly number[],
  options: { addHeralds?: boolean } = {},
): BasicState {
  const encodings: (Encoding | number)[] = [];
  for (const port of ports) {
    if (port instanceof Herald) {
      if (options.addHeralds === true) encodings.push(port.expected);
    } else if (port instanceof Port) {
      encodings.push(port.encoding);
    } else {
      throw new ValidationError('A port list holds Ports and Heralds', { field: 'ports' });
    }
  }
  return getBasicStateFromEncoding(encodings, logicalState);
}
