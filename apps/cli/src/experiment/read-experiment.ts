import {
  BasicState,
  Detector,
  Experiment,
  type ExperimentInput,
  type HeraldLocation,
  NoiseModel,
  type SamplerCommand,
  StateVector,
  SVDistribution,
} from '@bosonic/core';
import { BACKEND_NAMES, type BackendName } from '@bosonic/simulator';
import {
  atPath,
  describeValue,
  errorAt,
  indexPath,
  memberPath,
  readArray,
  readBoolean,
  readChoice,
  readInteger,
  readNumber,
  readObject,
  readString,
} from './json-reader.js';
import { type ParameterTable, readCircuit, readComplex } from './read-circuit.js';

/** How a command is written in a file or on the command line (Perceval's wire names are accepted too). */
export const COMMAND_NAMES = ['probs', 'sample-count', 'samples', 'sample_count'] as const;

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

/** Top-level keys of an experiment file. */
const TOP_LEVEL_KEYS = [
  '$schema',
  'name',
  'description',
  'm',
  'circuit',
  'input',
  'heralds',
  'keepHeralds',
  'postSelect',
  'noise',
  'detectors',
  'minDetectedPhotons',
  'parameters',
  'command',
  'samples',
  'backend',
] as const;

const DETECTOR_TYPES = ['pnr', 'threshold', 'ppnr'] as const;

/** `"|1,0,1>"` or `[1, 0, 1]`. */
function readBasicState(value: unknown, path: string): BasicState {
  if (typeof value === 'string') return atPath(path, () => BasicState.parse(value));
  if (Array.isArray(value)) {
    const counts = value.map((n, i) => readInteger(n, indexPath(path, i)));
    return atPath(path, () => new BasicState(counts));
  }
  throw errorAt(path, `expected a state such as "|1,0,1>" or [1, 0, 1], got ${describeValue(value)}`);
}

/** A basic state, `{ "superposition": [[state, amplitude], …] }` or `{ "mixture": [[state, probability], …] }`. */
function readInput(value: unknown, path: string): ExperimentInput {
  if (typeof value === 'string' || Array.isArray(value)) return readBasicState(value, path);
  const object = readObject(value, path, ['superposition', 'mixture']);
  const kinds = Object.keys(object);
  if (kinds.length !== 1) throw errorAt(path, 'give exactly one of "superposition" or "mixture"');
  if (object.superposition !== undefined) {
    const listPath = memberPath(path, 'superposition');
    const terms = readArray(object.superposition, listPath).map((term, i) => {
      const termPath = indexPath(listPath, i);
      const pair = readArray(term, termPath);
      if (pair.length !== 2) throw errorAt(termPath, 'expected [state, amplitude]');
      return [
        readBasicState(pair[0], indexPath(termPath, 0)),
        readComplex(pair[1], indexPath(termPath, 1)),
      ] as const;
    });
    return atPath(listPath, () => new StateVector(terms));
  }
  const listPath = memberPath(path, 'mixture');
  const entries = readArray(object.mixture, listPath).map((entry, i) => {
    const entryPath = indexPath(listPath, i);
    const pair = readArray(entry, entryPath);
    if (pair.length !== 2) throw errorAt(entryPath, 'expected [state, probability]');
    return [
      readBasicState(pair[0], indexPath(entryPath, 0)),
      readNumber(pair[1], indexPath(entryPath, 1)),
    ] as const;
  });
  return atPath(listPath, () => new SVDistribution(entries));
}

/** `"pnr"`, `"threshold"` or `{ "type": "ppnr", "nWires": 4, "maxDetections"?: 2, "wireEfficiency"?: 0.9 }`. */
function readDetector(value: unknown, path: string): Detector {
  if (typeof value === 'string') {
    const type = readChoice(value, path, ['pnr', 'threshold'] as const);
    return type === 'pnr' ? Detector.pnr() : Detector.threshold();
  }
  const object = readObject(value, path, ['type', 'nWires', 'maxDetections', 'wireEfficiency']);
  const type = readChoice(object.type, memberPath(path, 'type'), DETECTOR_TYPES);
  if (type === 'pnr') return Detector.pnr();
  if (type === 'threshold') return Detector.threshold();
  if (object.nWires === undefined) throw errorAt(memberPath(path, 'nWires'), 'missing: the number of wires');
  const nWires = readInteger(object.nWires, memberPath(path, 'nWires'), 1);
  const maxDetections =
    object.maxDetections === undefined
      ? undefined
      : readInteger(object.maxDetections, memberPath(path, 'maxDetections'), 1);
  const efficiency =
    object.wireEfficiency === undefined
      ? undefined
      : readNumber(object.wireEfficiency, memberPath(path, 'wireEfficiency'));
  return atPath(path, () => Detector.ppnr(nWires, maxDetections, efficiency));
}

function readHeralds(value: unknown, path: string, experiment: Experiment): void {
  readArray(value, path).forEach((raw, i) => {
    const heraldPath = indexPath(path, i);
    const herald = readObject(raw, heraldPath, ['mode', 'expected', 'location', 'name']);
    if (herald.mode === undefined)
      throw errorAt(memberPath(heraldPath, 'mode'), 'missing: the heralded mode');
    const mode = readInteger(herald.mode, memberPath(heraldPath, 'mode'));
    const expected =
      herald.expected === undefined ? 0 : readInteger(herald.expected, memberPath(heraldPath, 'expected'));
    const location: HeraldLocation =
      herald.location === undefined
        ? 'in_out'
        : readChoice(herald.location, memberPath(heraldPath, 'location'), [
            'in_out',
            'input',
            'output',
          ] as const);
    const name =
      herald.name === undefined ? undefined : readString(herald.name, memberPath(heraldPath, 'name'));
    atPath(heraldPath, () => experiment.addHerald(mode, expected, location, name));
  });
}

function readDetectors(value: unknown, path: string, experiment: Experiment): void {
  if (typeof value === 'string') {
    // One word for every mode.
    const type = readChoice(value, path, ['pnr', 'threshold'] as const);
    experiment.thresholdedOutput(type === 'threshold');
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errorAt(
      path,
      `expected "pnr", "threshold" or an object keyed by mode, got ${describeValue(value)}`,
    );
  }
  for (const [key, spec] of Object.entries(value)) {
    const detectorPath = memberPath(path, key);
    if (!/^\d+$/.test(key)) throw errorAt(detectorPath, 'detector keys are mode numbers');
    const detector = readDetector(spec, detectorPath);
    atPath(detectorPath, () => experiment.setDetector(Number(key), detector));
  }
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
  const file = readObject(value, '', TOP_LEVEL_KEYS);
  const name = file.name === undefined ? 'Experiment' : readString(file.name, 'name');
  const description =
    file.description === undefined ? undefined : readString(file.description, 'description');
  if (file.m === undefined) throw errorAt('m', 'missing: the number of modes of the circuit');
  const m = readInteger(file.m, 'm', 1);

  const parameters: ParameterTable = new Map();
  const circuit = readCircuit(m, file.circuit, 'circuit', parameters);
  const experiment = atPath('', () => new Experiment(circuit, { name }));

  if (file.heralds !== undefined) readHeralds(file.heralds, 'heralds', experiment);
  if (file.keepHeralds !== undefined) experiment.keepHeralds(readBoolean(file.keepHeralds, 'keepHeralds'));
  if (file.input !== undefined) {
    const input = readInput(file.input, 'input');
    atPath('input', () => experiment.withInput(input));
  }
  if (file.postSelect !== undefined) {
    const text = readString(file.postSelect, 'postSelect');
    atPath('postSelect', () => experiment.setPostSelection(text));
  }
  if (file.noise !== undefined) {
    // NoiseModel checks its own keys and ranges; its field names are the file's.
    const noise = readObject(file.noise, 'noise', Object.keys(NoiseModel.defaults));
    for (const [key, v] of Object.entries(noise)) {
      if (key === 'g2Distinguishable') readBoolean(v, memberPath('noise', key));
      else readNumber(v, memberPath('noise', key));
    }
    const model = atPath('noise', () => new NoiseModel(noise));
    experiment.setNoise(model);
  }
  if (file.detectors !== undefined) readDetectors(file.detectors, 'detectors', experiment);
  if (file.minDetectedPhotons !== undefined) {
    experiment.minDetectedPhotonsFilter(readInteger(file.minDetectedPhotons, 'minDetectedPhotons'));
  }

  const values: Record<string, number> = {};
  if (file.parameters !== undefined) {
    const given = readObject(file.parameters, 'parameters', [...parameters.keys()]);
    for (const [key, v] of Object.entries(given)) values[key] = readNumber(v, memberPath('parameters', key));
  }
  for (const [key, v] of Object.entries(options.parameters ?? {})) {
    if (!parameters.has(key)) {
      const known = [...parameters.keys()];
      throw errorAt(
        memberPath('parameters', key),
        `the circuit has no parameter '${key}' (${known.length === 0 ? 'it has none' : `it has ${known.join(', ')}`})`,
      );
    }
    values[key] = v;
  }
  for (const [key, v] of Object.entries(values))
    atPath(memberPath('parameters', key), () => circuit.setParameters({ [key]: v }));
  for (const [key, parameter] of parameters) {
    if (!parameter.isDefined) {
      throw errorAt(
        memberPath('parameters', key),
        `parameter '${key}' has no value: set it in "parameters" or with --param ${key}=<value>`,
      );
    }
  }

  const loaded: LoadedExperiment = { experiment, name, parameterNames: [...parameters.keys()] };
  if (description !== undefined) loaded.description = description;
  if (file.command !== undefined)
    loaded.command = toSamplerCommand(readChoice(file.command, 'command', COMMAND_NAMES));
  if (file.samples !== undefined) loaded.samples = readInteger(file.samples, 'samples', 1);
  if (file.backend !== undefined) loaded.backend = readChoice(file.backend, 'backend', BACKEND_NAMES);
  return loaded;
}
