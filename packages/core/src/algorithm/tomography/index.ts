export {
  checkPreparation,
  PAULI_NAMES,
  type PauliName,
  PREPARED_STATES,
  type PreparedState,
  pauliBasisOperator,
  pauliMatrix,
  preparedDensityMatrix,
} from './pauli.js';
export {
  chiFromImages,
  chiTarget,
  errorProcessMatrix,
  isPhysical,
  type PhysicalityReport,
  processFidelity,
  stateFidelity,
} from './process-map.js';
export { ProcessTomography, type ProcessTomographyResult } from './process-tomography.js';
export { densityMatrixFromOutcomes, measurementSettings, StateTomography } from './state-tomography.js';
export {
  type MeasurementBasis,
  qubitModes,
  type SettingOutcome,
  type TomographyAsyncOptions,
  TomographyExperiment,
  type TomographyOptions,
  type TomographyProcessor,
  type TomographySetting,
} from './tomography-experiment.js';
