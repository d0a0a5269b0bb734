export type { TomographyMLEOptions } from './gate-tomography.js';
export {
  type MaximumLikelihoodOptions,
  maximumLikelihood,
  projectOnDensityMatrices,
  projectOnSimplex,
} from './maximum-likelihood.js';
export {
  checkPreparation,
  kronAll,
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
export { chiFromChoi, ProcessTomographyMLE } from './process-tomography-mle.js';
export { densityMatrixFromOutcomes, StateTomography } from './state-tomography.js';
export { pauliPovm, StateTomographyMLE } from './state-tomography-mle.js';
export {
  type MeasurementBasis,
  measurementSettings,
  qubitModes,
  type SettingOutcome,
  type TomographyAsyncOptions,
  TomographyExperiment,
  type TomographyOptions,
  type TomographyProcessor,
  type TomographySetting,
} from './tomography-experiment.js';
