import { ValidationError } from '../errors/index.js';
import type { CatalogItem } from './catalog-item.js';
import { postprocessedControlledGate } from './items/controlled-rotation.js';
import { generic2Mode } from './items/generic-2-mode.js';
import { heraldedCnot } from './items/heralded-cnot.js';
import { heraldedCz } from './items/heralded-cz.js';
import { klmCnot } from './items/klm-cnot.js';
import { mziPhaseFirst, mziPhaseLast, symmetricMzi } from './items/mzi.js';
import {
  hadamard,
  pauliX,
  pauliY,
  pauliZ,
  phaseShift,
  rx,
  ry,
  rz,
  sDagGate,
  sGate,
  tDagGate,
  tGate,
} from './items/one-qubit-gates.js';
import { postprocessedCcz } from './items/postprocessed-ccz.js';
import { postprocessedCnot } from './items/postprocessed-cnot.js';
import { postprocessedCz } from './items/postprocessed-cz.js';
import { toffoli } from './items/toffoli.js';

const ITEMS: readonly CatalogItem[] = [
  klmCnot,
  heraldedCnot,
  postprocessedCnot,
  heraldedCz,
  postprocessedCz,
  generic2Mode,
  mziPhaseFirst,
  mziPhaseLast,
  symmetricMzi,
  postprocessedCcz,
  toffoli,
  postprocessedControlledGate,
  pauliX,
  pauliY,
  pauliZ,
  hadamard,
  rx,
  ry,
  rz,
  phaseShift,
  sGate,
  sDagGate,
  tGate,
  tDagGate,
];

const BY_NAME = new Map(ITEMS.map((item) => [item.name, item]));

/**
 * Perceval's component catalog: gates and building blocks by name.
 *
 * @example
 * ```ts
 * const cnot = catalog.get('heralded cnot');
 * const processor = new Processor('SLOS', cnot.buildExperiment());
 * catalog.get('mzi phase first').buildCircuit({ phi_a: 0.3 });
 * ```
 */
export const catalog = Object.freeze({
  /** Every item name, in Perceval's order. */
  names: Object.freeze(ITEMS.map((item) => item.name)),

  /** True when the catalog has an item called `name`. */
  has(name: string): boolean {
    return BY_NAME.has(name);
  },

  /**
   * The item called `name` (Perceval's `catalog[name]`).
   * @throws ValidationError (field `name`) for an unknown name, listing the known ones.
   */
  get(name: string): CatalogItem {
    const item = BY_NAME.get(name);
    if (item === undefined) {
      throw new ValidationError(
        `The catalog has no item '${String(name)}' (items: ${ITEMS.map((i) => `'${i.name}'`).join(', ')})`,
        { field: 'name' },
      );
    }
    return item;
  },

  /** Every item. */
  items(): readonly CatalogItem[] {
    return ITEMS;
  },
});
