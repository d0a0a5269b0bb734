import {
  BasicState,
  Circuit,
  Experiment,
  type ExperimentInput,
  StateVector,
  SVDistribution,
  ValidationError,
} from '@bosonic/core';
import { ExperimentSchema } from '../../proto/perceval_circuit_pb.js';
import { eraseCodec, joinPieces, type PcvlCodec, readBody } from '../codec.js';
import { type DecodeLimits, decodeLimits } from '../decode-limits.js';
import { PCVL_PREFIX } from '../pcvl-prefix.js';
import { readPcvl } from '../pcvl-reader.js';
import { decodeProtoBase64, encodeProtoBase64 } from '../protobuf.js';
import { relocate } from '../unsupported-error.js';
import { PcvlZipWriter } from '../zip.js';
import { basicStateCodec } from './basic-state-codec.js';
import { decodeExperiment, type ExperimentWire, encodeExperiment } from './experiment-wire.js';
import { noiseModelCodec } from './noise-model-codec.js';
import { postSelectCodec } from './post-select-codec.js';
import { stateVectorCodec } from './state-vector-codec.js';
import { svDistributionCodec } from './sv-distribution-codec.js';

const TAG = 'Experiment';

/** The types an experiment nests as `:PCVL:` strings (input state, noise model, post-selection). */
const NESTED: readonly PcvlCodec<unknown>[] = [
  eraseCodec(basicStateCodec),
  eraseCodec(stateVectorCodec),
  eraseCodec(svDistributionCodec),
  eraseCodec(noiseModelCodec),
  eraseCodec(postSelectCodec),
];

/** Writes a nested object as its uncompressed `:PCVL:` string, as Perceval nests them. */
function serializeNested(value: object): string {
  const codec = NESTED.find((candidate) => candidate.accepts(value));
  if (codec === undefined) {
    throw new ValidationError(`An experiment cannot nest ${value.constructor.name}`, { field: TAG });
  }
  const pieces = [`${PCVL_PREFIX}${codec.tag}:`];
  codec.encode(value, (piece) => pieces.push(piece));
  return joinPieces(pieces, `The nested :PCVL:${codec.tag} string`);
}

/** Reads a nested `:PCVL:` string (compressed ones too) within `limits`. */
function deserializeNested(text: string, where: string, limits: DecodeLimits): unknown {
  try {
    const { tag, body } = readPcvl(text, limits);
    const codec = NESTED.find((candidate) => candidate.tag === tag);
    if (codec === undefined)
      throw new ValidationError(`:PCVL:${tag} cannot be nested in an experiment`, { field: tag });
    return codec.decode(body, limits);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw relocate(error, `${where}: ${error.message}`, where);
    }
    throw error;
  }
}

/**
 * Writes an experiment's wire data as `:PCVL:Experiment:<base64 protobuf>`, compressed by default as Perceval
 * sends it in job payloads (`compress: false` gives the inner form, e.g. `:PCVL:Experiment:UP///38=` for an
 * empty experiment).
 */
export function serializeExperimentWire(wire: ExperimentWire, options: { compress?: boolean } = {}): string {
  const text = `${PCVL_PREFIX}${TAG}:${encodeProtoBase64(ExperimentSchema, encodeExperiment(wire, serializeNested))}`;
  if (options.compress === false) return text;
  const writer = new PcvlZipWriter();
  writer.write(text);
  return writer.finish();
}

/**
 * Reads a `:PCVL:Experiment:` string (plain or `zip:`) into its wire data, ports included.
 * @param limits - bounds checked while decoding, as for `deserialize`.
 * @throws ValidationError naming the field when the string is not an experiment, is malformed, exceeds a
 *   limit, or holds parts bosonic does not model.
 */
export function deserializeExperimentWire(text: string, limits?: Partial<DecodeLimits>): ExperimentWire {
  if (typeof text !== 'string' || !text.startsWith(PCVL_PREFIX)) {
    throw new ValidationError(`Expected a :PCVL:${TAG} string`, { field: TAG });
  }
  const resolved = decodeLimits(limits);
  const { tag, body } = readPcvl(text, resolved);
  if (tag !== TAG) {
    throw new ValidationError(`Expected a :PCVL:${TAG} string, got a :PCVL:${tag} one`, { field: TAG });
  }
  return decodeExperimentBody(body, resolved);
}

function decodeExperimentBody(pieces: Iterable<string>, limits: DecodeLimits): ExperimentWire {
  const message = decodeProtoBase64(ExperimentSchema, readBody(pieces, TAG, limits), TAG, limits);
  return decodeExperiment(
    message,
    (text, where) => deserializeNested(text, where, limits),
    TAG,
    limits.maxModes,
  );
}

/**
 * An experiment's wire data. The input state goes on the wire over every mode (herald photons included), as
 * Perceval's `experiment.input_state`; the circuit's top-level steps become the experiment's components.
 */
export function experimentToWire(experiment: Experiment): ExperimentWire {
  const wire: ExperimentWire = {
    name: experiment.name,
    components: experiment.circuit?.components ?? [],
    heralds: [...experiment.heralds],
    ports: [],
    detectors: new Map(),
  };
  if (experiment.m > 0) wire.m = experiment.m;
  if (experiment.input !== undefined) wire.inputState = experiment.fullInputState();
  if (experiment.noise !== undefined) wire.noise = experiment.noise;
  if (experiment.postSelection !== undefined) wire.postSelect = experiment.postSelection;
  if (experiment.minDetectedPhotons !== undefined) wire.minDetectedPhotons = experiment.minDetectedPhotons;
  experiment.detectors.forEach((detector, mode) => {
    if (detector !== undefined) wire.detectors.set(mode, detector);
  });
  return wire;
}

/**
 * Builds an Experiment from wire data. The full-mode input state loses its input-herald modes (an Experiment
 * takes the input of the other modes), after checking that they hold the heralds' photons. Named ports have no
 * place in an Experiment and are dropped.
 * @throws ValidationError naming the field when the parts do not fit together (a herald on a mode the circuit
 *   lacks, an input of the wrong size or contradicting a herald, …).
 */
export function experimentFromWire(wire: ExperimentWire, where = TAG): Experiment {
  const m =
    wire.m ??
    wire.components.reduce((size, { firstMode, component }) => Math.max(size, firstMode + component.m), 0);
  const experiment = new Experiment(undefined, { name: wire.name ?? '' });
  at(`${where}.components`, () => {
    if (m === 0) return;
    const circuit = new Circuit(m);
    for (const { firstMode, component } of wire.components) circuit.add(firstMode, component);
    experiment.setCircuit(circuit);
  });
  if (wire.noise !== undefined) experiment.setNoise(wire.noise);
  for (const herald of wire.heralds) {
    at(`${where}.heralds`, () =>
      experiment.addHerald(herald.mode, herald.expected, herald.location, herald.name),
    );
  }
  for (const [mode, detector] of wire.detectors)
    at(`${where}.detectors[${mode}]`, () => experiment.setDetector(mode, detector));
  if (wire.inputState !== undefined) {
    const input = wire.inputState;
    at(`${where}.input_state`, () => experiment.withInput(withoutInputHeralds(input, experiment)));
  }
  if (wire.postSelect !== undefined) {
    const postSelect = wire.postSelect;
    at(`${where}.post_select`, () => experiment.setPostSelection(postSelect));
  }
  if (wire.minDetectedPhotons !== undefined) experiment.minDetectedPhotonsFilter(wire.minDetectedPhotons);
  return experiment;
}

/** Removes the input-herald modes from a full-mode input, checking they hold the heralds' photons. */
function withoutInputHeralds(input: ExperimentInput, experiment: Experiment): ExperimentInput {
  const heralds = experiment.inputHeralds();
  if (heralds.size === 0) return input;
  const modes = [...heralds.keys()];
  const strip = (state: BasicState): BasicState => {
    if (state.m !== experiment.m) {
      throw new ValidationError(
        `The input state ${state.toString()} has ${state.m} modes, the experiment ${experiment.m} (heralded modes included)`,
        { field: 'input' },
      );
    }
    for (const [mode, expected] of heralds) {
      if (state.get(mode) !== expected) {
        throw new ValidationError(
          `The input state ${state.toString()} has ${state.get(mode)} photons on mode ${mode}, heralded with ${expected}`,
          { field: 'input' },
        );
      }
    }
    return state.removeModes(modes);
  };
  const stripVector = (vector: StateVector): StateVector =>
    new StateVector(
      [...vector.unnormalizedEntries()].map(([state, amplitude]) => [strip(state), amplitude] as const),
    );
  if (input instanceof BasicState) return strip(input);
  if (input instanceof StateVector) return stripVector(input);
  return new SVDistribution([...input.entries()].map(([vector, p]) => [stripVector(vector), p] as const));
}

/** Runs a step of the rebuild, locating the model's own ValidationErrors at `where`. */
function at<T>(where: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw relocate(error, `${where}: ${error.message}`, where);
    }
    throw error;
  }
}

/**
 * `:PCVL:Experiment:<base64 protobuf>`: an experiment, compressed by default (the form job payloads carry).
 */
export const experimentCodec: PcvlCodec<Experiment> = {
  tag: TAG,
  compress: true,
  accepts: (value): value is Experiment => value instanceof Experiment,
  encode(experiment, write) {
    write(
      encodeProtoBase64(ExperimentSchema, encodeExperiment(experimentToWire(experiment), serializeNested)),
    );
  },
  decode(pieces, limits) {
    return experimentFromWire(decodeExperimentBody(pieces, limits));
  },
};
