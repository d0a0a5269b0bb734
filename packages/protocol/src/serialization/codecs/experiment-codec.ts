import { ValidationError } from '@bosonic/core';
import { ExperimentSchema } from '../proto/perceval_circuit_pb.js';
import { joinPieces } from './codec.js';
import { decodeExperiment, type ExperimentWire, encodeExperiment } from './codecs/experiment-wire.js';
import { deserialize } from './deserialize.js';
import { splitPcvl } from './pcvl-text.js';
import { decodeProtoBase64, encodeProtoBase64 } from './protobuf.js';
import { serialize } from './serialize.js';
import { PcvlZipWriter } from './zip.js';

const TAG = 'Experiment';

/**
 * Writes an experiment's wire data as `:PCVL:Experiment:<base64 protobuf>`, compressed by default as Perceval
 * sends it in job payloads (`compress: false` gives the inner form, e.g. `:PCVL:Experiment:UP///38=` for an
 * empty experiment).
 */
export function serializeExperimentWire(wire: ExperimentWire, options: { compress?: boolean } = {}): string {
  const nested = (value: object) => serialize(value, { compress: false }) as string;
  const text = `:PCVL:${TAG}:${encodeProtoBase64(ExperimentSchema, encodeExperiment(wire, nested))}`;
  if (options.compress === false) return text;
  const writer = new PcvlZipWriter();
  writer.write(text);
  return writer.finish();
}

/**
 * Reads a `:PCVL:Experiment:` string (plain or `zip:`) into its wire data.
 * @throws ValidationError naming the field when the string is not an experiment, is malformed, or holds parts
 *   bosonic does not model.
 */
export function deserializeExperimentWire(text: string): ExperimentWire {
  const { tag, body } = splitPcvl(text);
  if (tag !== TAG) {
    throw new ValidationError(`Expected a :PCVL:${TAG} string, got a :PCVL:${tag} one`, { field: TAG });
  }
  return decodeExperimentBody([body]);
}

/** Decodes the body of a `:PCVL:Experiment` string. */
export function decodeExperimentBody(pieces: Iterable<string>): ExperimentWire {
  const message = decodeProtoBase64(ExperimentSchema, joinPieces(pieces, 'An experiment'), TAG);
  return decodeExperiment(message, (nested, where) => {
    try {
      return deserialize(nested);
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new ValidationError(`${where}: ${error.message}`, { field: where, cause: error });
      }
      throw error;
    }
  });
}
