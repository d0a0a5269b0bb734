import { Detector, ValidationError } from '@bosonic/core';
import { create } from '@bufbuild/protobuf';
import { DetectorSchema, type Detector as PbDetector } from '../../proto/perceval_circuit_pb.js';
import { type PcvlCodec, readBody } from '../codec.js';
import { decodeProtoBase64, encodeProtoBase64 } from '../protobuf.js';

const TAG = 'Detector';

/**
 * Encodes a detector as Perceval does: unlimited wires or detections are left unset, and so is a perfect
 * wire efficiency (readers take a missing efficiency as 1).
 */
export function encodeDetector(detector: Detector): PbDetector {
  return create(DetectorSchema, {
    name: detector.name,
    nWires: detector.nWires ?? 0,
    maxDetections: detector.maxDetections ?? 0,
    wireEfficiency: detector.wireEfficiency === 1 ? 0 : detector.wireEfficiency,
  });
}

/**
 * Decodes a detector with Perceval's defaults: `n_wires or None`, `max_detections or None`,
 * `wire_efficiency or 1`.
 * @throws ValidationError naming `where` when the values are inconsistent (e.g. more detections than wires).
 */
export function decodeDetector(message: PbDetector, where = TAG): Detector {
  try {
    return new Detector({
      nWires: message.nWires || undefined,
      maxDetections: message.maxDetections || undefined,
      wireEfficiency: message.wireEfficiency || 1,
      ...(message.name ? { name: message.name } : {}),
    });
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(`Malformed ${where}: ${error.message}`, { field: where, cause: error });
    }
    throw error;
  }
}

/** `:PCVL:Detector:<base64 protobuf>`, e.g. `CgRQUE5SEAQYAg==` for `Detector.ppnr(4, 2)`; not compressed by default. */
export const detectorCodec: PcvlCodec<Detector> = {
  tag: TAG,
  compress: false,
  accepts: (value): value is Detector => value instanceof Detector,
  encode(detector, write) {
    write(encodeProtoBase64(DetectorSchema, encodeDetector(detector)));
  },
  decode(pieces, limits) {
    const body = readBody(pieces, TAG, limits);
    return decodeDetector(decodeProtoBase64(DetectorSchema, body, TAG, limits), TAG);
  },
};
