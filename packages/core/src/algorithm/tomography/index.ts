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
export { densityMatrixFromOutcomes, measurementSettings, StateTomography } from './state-tomography.js';
export { pauliPovm, StateTomographyMLE, type TomographyMLEOptions } from './state-tomography-mle.js';
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
