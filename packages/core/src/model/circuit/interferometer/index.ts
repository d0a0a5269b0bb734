export {
  type CellGenerator,
  type FromUnitaryOptions,
  GenericInterferometer,
  type GenericInterferometerOptions,
  type PhaseShifterGenerator,
} from './generic-interferometer.js';
export { checkShape, INTERFEROMETER_SHAPES, type InterferometerShape } from './interferometer-shape.js';
export { decomposeUnitary, type MeshCell, type MeshDecomposition } from './mesh-decomposition.js';
