import { ValidationError } from '../../errors/index.js';
import { Encoding } from './encoding.js';

/** Where a port sits: at the experiment's input, its output, or both (the default, ports being mostly symmetrical). */
export type PortLocation = 'in_out' | 'input' | 'output';

/** Every port location. */
export const PORT_LOCATIONS: readonly PortLocation[] = Object.freeze(['in_out', 'input', 'output']);

/**
 * A named group of consecutive modes carrying qubits in an {@link Encoding}, as Perceval's `Port`: a dual-rail
 * port spans 2 modes, a raw one 1, a QUDITn one 2ⁿ.
 *
 * @example
 * ```ts
 * experiment.addPort(0, new Port(Encoding.DUAL_RAIL, 'ctrl')).addPort(2, new Port(Encoding.DUAL_RAIL, 'data'));
 * ```
 */
export class Port {
  readonly encoding: Encoding;
  /** Display name (may be empty). */
  readonly name: string;

  /** @throws ValidationError (field `encoding` or `name`). */
  constructor(encoding: Encoding, name = '') {
    if (!(encoding instanceof Encoding)) {
      throw new ValidationError('A Port needs an Encoding (e.g. Encoding.DUAL_RAIL)', { field: 'encoding' });
    }
    if (typeof name !== 'string')
      throw new ValidationError('A port name must be a string', { field: 'name' });
    this.encoding = encoding;
    this.name = name;
    Object.freeze(this);
  }

  /** Number of modes the port spans. */
  get m(): number {
    return this.encoding.fockLength;
  }

  toString(): string {
    return `Port(${this.encoding.name}, '${this.name}')`;
  }
}
