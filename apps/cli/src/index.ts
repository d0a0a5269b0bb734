/**
 * `@bosonic/cli`: the `bosonic` command line. The package's programmatic entry exposes the pieces other tools may
 * reuse: the experiment-file reader (JSON format and `:PCVL:` strings) and the result formatting.
 *
 * @packageDocumentation
 */

export { COMPONENT_TYPES, type ComponentType, experimentJsonSchema } from './experiment/experiment-schema.js';
export { loadExperiment, parseExperiment } from './experiment/load-experiment.js';
export {
  type LoadedExperiment,
  type ReadExperimentOptions,
  readExperiment,
} from './experiment/read-experiment.js';
export { type MainIo, main } from './main.js';
export { type FormatOptions, formatResultText, resultsToJson, topStates } from './output/format-results.js';
