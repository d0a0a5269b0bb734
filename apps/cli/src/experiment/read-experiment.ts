import {
  BasicState,
  type Circuit,
  Detector,
  Experiment,
  type ExperimentInput,
  NoiseModel,
  type SamplerCommand,
  StateVector,
  SVDistribution,
} from '@bosonic/core';
import { check, indexPath, memberPath } from '@bosonic/protocol';
import type { BackendName } from '@bosonic/simulator';
import { atPath, errorAt, FILE_ROOT } from './at-path.js';
import {
  type BasicStateValue,
  type COMMAND_NAMES,
  type DetectorValue,
  type ExperimentFile,
  experimentFileSchema,
} from './experiment-schema.js';
import { type ParameterTable, readCircuit, toComplex } from './read-circuit.js';

export { COMMAND_NAMES } from './experiment-schema.js';

/** The sampler command a CLI or file spelling stands for. */
export function toSamplerCommand(name: (typeof COMMAND_NAMES)[number]): SamplerCommand {
  return name === 'sample-count' ? 'sample_count' : name;
}

/** How the CLI writes a sampler command, in its text and JSON output: as the `--command` flag takes it. */
export function commandFlagName(command: SamplerCommand): 'probs' | 'sample-count' | 'samples' {
  return command === 'sample_count' ? 'sample-count' : command;
}

/** An experiment read from a file, with the run defaults the file gives. */
export interface LoadedExperiment {
  /** The experiment, ready for a `Processor` or to be copied onto a `RemoteProcessor`. */
  experiment: Experiment;
  /** Display name (the file's `name`, else the experiment's). */
  name: string;
  description?: string;
  /** The file's default command. */
  command?: SamplerCommand;
  /** The file's default number of samples for `sample-count` and `samples`. */
  samples?: number;
  /** The file's default local backend. */
  backend?: BackendName;
  /** Names of the circuit's symbolic parameters, in order of first use. */
  parameterNames: string[];
}

/** `"|1,0,1>"` or `[1, 0, 1]`. */
function toBasicState(value: BasicStateValue, path: string): BasicState {
  return atPath(path, () => (typeof value === 'string' ? BasicState.parse(value) : new BasicState(value)));
}

/** A basic state, `{ "superposition": [[state, amplitude], …] }` or `{ "mixture": [[state, probability], …] }`. */
function toInput(value: NonNullable<ExperimentFile['input']>, path: string): ExperimentInput {
  if (typeof value === 'string' || Array.isArray(value)) return toBasicState(value, path);
  if ('superposition' in value) {
    const listPath = memberPath(path, 'superposition');
    const terms = value.superposition.map(
      ([state, amplitude], i) =>
        [toBasicState(state, indexPath(indexPath(listPath, i), 0)), toComplex(amplitude)] as const,
    );
    return atPath(listPath, () => new StateVector(terms));
  }
  const listPath = memberPath(path, 'mixture');
  const entries = value.mixture.map(
    ([state, probability], i) =>
      [toBasicState(state, indexPath(indexPath(listPath, i), 0)), probability] as const,
  );
  return atPath(listPath, () => new SVDistribution(entries));
}

/** `"pnr"`, `"threshold"` or `{ "type": "ppnr", "nWires": 4, "maxDetections"?: 2, "wireEfficiency"?: 0.9 }`. */
function toDetector(value: DetectorValue, path: string): Detector {
  const type = typeof value === 'string' ? value : value.type;
  if (type === 'pnr') return Detector.pnr();
  if (type === 'threshold' || typeof value === 'string') return Detector.threshold();
  const { nWires, maxDetections, wireEfficiency } = value;
  if (nWires === undefined) {
    throw errorAt(
      memberPath(path, 'nWires'),
      'required field is missing (the number of wires of a ppnr detector)',
    );
  }
  return atPath(path, () => Detector.ppnr(nWires, maxDetections, wireEfficiency));
}

/** Options of {@link readExperiment}. */
export interface ReadExperimentOptions {
  /** Parameter values that override the file's `parameters` (the CLI's `--param name=value`). */
  parameters?: Readonly<Record<string, number>>;
}

/**
 * Builds an Experiment from the JSON experiment format (documented in the package README): the circuit
 * (`m` modes, a list of steps), the input, heralds, post-selection, noise, detectors, the min-detected-photons
 * filter, values of symbolic parameters, and run defaults (`command`, `samples`, `backend`).
 *
 * @throws ValidationError whose `field` is the JSON path of the offending value (e.g. `circuit[1].theta`), for
 *   a value of the wrong type, an unknown key, or anything the model refuses (a non-unitary matrix, an input of
 *   the wrong size, a herald outside the circuit, a parameter without a value, …).
 */
export function readExperiment(value: unknown, options: ReadExperimentOptions = {}): LoadedExperiment {
  const file = check(experimentFileSchema, value, { rootName: FILE_ROOT });
  const name = file.name ?? 'Experiment';
  const parameters: ParameterTable = new Map();
  const circuit = readCircuit(file.m, file.circuit, 'circuit', parameters);
  const experiment = atPath('', () => new Experiment(circuit, { name }));

  file.heralds?.forEach((herald, i) => {
    const { mode, expected = 0, location = 'in_out', name: heraldName } = herald;
    atPath(indexPath('heralds', i), () => experiment.addHerald(mode, expected, location, heraldName));
  });
  if (file.keepHeralds !== undefined) experiment.keepHeralds(file.keepHeralds);
  if (file.input !== undefined) {
    const input = toInput(file.input, 'input');
    atPath('input', () => experiment.withInput(input));
  }
  const { postSelect, noise, detectors } = file;
  if (postSelect !== undefined) atPath('postSelect', () => experiment.setPostSelection(postSelect));
  // NoiseModel checks its own ranges; its field names are the file's.
  if (noise !== undefined) experiment.setNoise(atPath('noise', () => new NoiseModel(noise)));
  if (typeof detectors === 'string') {
    // One word for every mode.
    experiment.thresholdedOutput(detectors === 'threshold');
  } else if (detectors !== undefined) {
    for (const [key, spec] of Object.entries(detectors)) {
      const detectorPath = memberPath('detectors', key);
      const detector = toDetector(spec, detectorPath);
      atPath(detectorPath, () => experiment.setDetector(Number(key), detector));
    }
  }
  if (file.minDetectedPhotons !== undefined) experiment.minDetectedPhotonsFilter(file.minDetectedPhotons);

  setParameters(circuit, parameters, file.parameters ?? {}, options.parameters ?? {});

  const loaded: LoadedExperiment = { experiment, name, parameterNames: [...parameters.keys()] };
  if (file.description !== undefined) loaded.description = file.description;
  if (file.command !== undefined) loaded.command = toSamplerCommand(file.command);
  if (file.samples !== undefined) loaded.samples = file.samples;
  if (file.backend !== undefined) loaded.backend = file.backend;
  return loaded;
}

/**
 * Gives the circuit's symbolic parameters their values: the file's `parameters`, overridden by the command line's.
 * @throws ValidationError for a value of a parameter the circuit does not have, or a parameter left without one.
 */
function setParameters(
  circuit: Circuit,
  parameters: ParameterTable,
  fromFile: Readonly<Record<string, number>>,
  fromCommandLine: Readonly<Record<string, number>>,
): void {
  const known = [...parameters.keys()];
  for (const key of Object.keys(fromFile)) {
    if (!parameters.has(key)) {
      const expected =
        known.length === 0 ? 'the circuit has no parameters' : `expected one of: ${known.join(', ')}`;
      throw errorAt(memberPath('parameters', key), `unknown key (${expected})`);
    }
  }
  for (const key of Object.keys(fromCommandLine)) {
    if (!parameters.has(key)) {
      throw errorAt(
        memberPath('parameters', key),
        `the circuit has no parameter '${key}' (${known.length === 0 ? 'it has none' : `it has ${known.join(', ')}`})`,
      );
    }
  }
  for (const [key, value] of Object.entries({ ...fromFile, ...fromCommandLine })) {
    atPath(memberPath('parameters', key), () => circuit.setParameters({ [key]: value }));
  }
  for (const [key, parameter] of parameters) {
    if (!parameter.isDefined) {
      throw errorAt(
        memberPath('parameters', key),
        `parameter '${key}' has no value: set it in "parameters" or with --param ${key}=<value>`,
      );
    }
  }
}
