export {
  deserializeExperimentWire,
  experimentFromWire,
  experimentToWire,
  serializeExperimentWire,
} from './codecs/experiment-codec.js';
export type { ExperimentPort, ExperimentWire } from './codecs/experiment-wire.js';
export { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './decode-limits.js';
export { type DeserializeOptions, deserialize, deserializeAs, type PcvlTypes } from './deserialize.js';
export { PCVL_PREFIX, PcvlTag, VALUE_NOT_SET, ZIP_PREFIX } from './pcvl-prefix.js';
export { isPcvlString, joinPcvl, type PcvlParts, splitPcvl } from './pcvl-text.js';
export { formatPercevalFloat } from './perceval-float.js';
export { pythonFloatRepr } from './python-float.js';
export { knownTags } from './registry.js';
export { type PcvlSerializable, type SerializeOptions, serialize } from './serialize.js';
export { UnsupportedPcvlError } from './unsupported-error.js';
export { compressPcvl, inflatePcvl } from './zip.js';
