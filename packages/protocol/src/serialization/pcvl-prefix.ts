/** The marker every serialized Perceval object starts with: `:PCVL:<Tag>:<body>`. */
export const PCVL_PREFIX = ':PCVL:';

/** The marker of the compressed form: `:PCVL:zip:` + base64(zlib(utf8(full uncompressed text))). */
export const ZIP_PREFIX = ':PCVL:zip:';

/** The tags of the `:PCVL:` objects Perceval knows (case-sensitive on the wire). */
export const PcvlTag = {
  BasicState: 'BasicState',
  StateVector: 'StateVector',
  SVDistribution: 'SVDistribution',
  BSDistribution: 'BSDistribution',
  BSCount: 'BSCount',
  BSSamples: 'BSSamples',
  NoiseModel: 'NoiseModel',
  PostSelect: 'PostSelect',
  Matrix: 'Matrix',
  Circuit: 'ACircuit',
  Component: 'Component',
  Experiment: 'Experiment',
  Herald: 'Herald',
  Port: 'Port',
  Detector: 'Detector',
  BSLayeredDetector: 'BSLayeredPPNR',
  CompiledCircuit: 'CompiledCircuit',
} as const;

/** A tag of {@link PcvlTag}. */
export type PcvlTag = (typeof PcvlTag)[keyof typeof PcvlTag];

/**
 * Perceval writes `min_photons_filter = 0x0fffffff` in an Experiment whose min-detected-photons filter is unset
 * (or 0).
 */
export const VALUE_NOT_SET = 0x0fffffff;
