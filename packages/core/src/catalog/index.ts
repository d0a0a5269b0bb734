/**
 * The component catalog: Perceval's named gates (CNOT and CZ families, Toffoli, single-qubit gates) and building
 * blocks (MZIs, the generic 2-mode circuit), each building its circuit and the experiment around it.
 *
 * @packageDocumentation
 */

export { catalog } from './catalog.js';
export type { CatalogItem, CatalogParams, CatalogParamValue } from './catalog-item.js';
export { controlledRotationUnitary } from './items/controlled-rotation.js';
