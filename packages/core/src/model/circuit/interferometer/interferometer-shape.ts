import { ValidationError } from '../../../errors/index.js';

/**
 * The layout of a mesh of two-mode cells, as Perceval's `InterferometerShape`:
 * - `'rectangle'` (Clements et al. 2016): columns of cells alternating between even and odd mode pairs, every
 *   path through the mesh has the same depth;
 * - `'triangle'` (Reck et al. 1994): diagonals of cells, the top mode is the deepest and the bottom one crosses
 *   a single cell.
 */
export type InterferometerShape = 'rectangle' | 'triangle';

/** Every shape, in Perceval's order. */
export const INTERFEROMETER_SHAPES: readonly InterferometerShape[] = Object.freeze(['rectangle', 'triangle']);

/** @throws ValidationError (field `shape`) for an unknown shape. */
export function checkShape(shape: unknown): InterferometerShape {
  if (!INTERFEROMETER_SHAPES.includes(shape as InterferometerShape)) {
    throw new ValidationError(
      `Unknown interferometer shape '${String(shape)}' (expected ${INTERFEROMETER_SHAPES.map((s) => `'${s}'`).join(' or ')})`,
      { field: 'shape' },
    );
  }
  return shape as InterferometerShape;
}
