import {
  type BasicState,
  type BSCount,
  type BSDistribution,
  type BSSamples,
  type Circuit,
  type ComplexMatrix,
  type Component,
  type Detector,
  type Experiment,
  type NoiseModel,
  type PostSelect,
  type StateVector,
  type SVDistribution,
  ValidationError,
} from '@bosonic/core';
import { isPlainObject } from '../validation/json-value.js';
import { type DecodeLimits, decodeLimits } from './decode-limits.js';
import { PCVL_PREFIX } from './pcvl-prefix.js';
import { readPcvl } from './pcvl-reader.js';
import { preview } from './pcvl-text.js';
import { codecOfTag, knownTags } from './registry.js';
import { relocate, UnsupportedPcvlError } from './unsupported-error.js';

/** Options of {@link deserialize}. */
export interface DeserializeOptions {
  /**
   * `true` (default): a `:PCVL:` string with a tag bosonic does not know is a ValidationError. `false` keeps such
   * strings as they are (as Perceval does for cloud results and platform specs, which may carry types the client
   * does not have).
   */
  strict?: boolean;
  /**
   * Bounds checked while decoding (see {@link DecodeLimits}); each left out takes its default from
   * {@link DEFAULT_DECODE_LIMITS}. A service passes its platform's published limits, e.g.
   * `{ maxModes: 24, maxPhotons: 12 }`. `maxDepth` also bounds the nesting of objects and arrays.
   */
  limits?: Partial<DecodeLimits>;
}

/**
 * Deserializes like Perceval's `deserialize`: a `:PCVL:` string (plain or `zip:`) becomes the model object it
 * describes; plain objects and arrays are deserialized member by member (keys stay strings); any other value,
 * including a string without the `:PCVL:` prefix, is returned as it is.
 *
 * @example
 * ```ts
 * deserialize(':PCVL:BasicState:|1,1>');                        // BasicState |1,1>
 * deserialize({ results: ':PCVL:zip:eJyz…', global_perf: 1 });   // { results: BSCount, global_perf: 1 }
 * deserialize(':PCVL:Future:…', { strict: false });            // ':PCVL:Future:…'
 * ```
 * @throws ValidationError naming the tag and the problem for a malformed string (bad base64 or zlib data, a
 *   body that does not parse, an unknown tag in strict mode) or the limit it exceeds; inside objects, `field`
 *   is the path of the value (`results_list[0].results`).
 */
export function deserialize(value: unknown, options: DeserializeOptions = {}): unknown {
  return deserializeValue(value, options.strict ?? true, '', decodeLimits(options.limits), 0);
}

function deserializeValue(
  value: unknown,
  strict: boolean,
  path: string,
  limits: DecodeLimits,
  depth: number,
): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(PCVL_PREFIX)) return value;
    try {
      return deserializeText(value, strict, limits);
    } catch (error) {
      // Non-strict mode keeps what bosonic cannot model as text, as it keeps unknown tags.
      if (!strict && error instanceof UnsupportedPcvlError) return value;
      if (path && error instanceof ValidationError) throw relocate(error, `${path}: ${error.message}`, path);
      throw error;
    }
  }
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (depth >= limits.maxDepth) {
    throw new ValidationError(
      `${path || 'The value'} nests objects and arrays deeper than ${limits.maxDepth} levels (maxDepth)`,
      { field: path || 'value' },
    );
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => deserializeValue(item, strict, `${path}[${i}]`, limits, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = deserializeValue(item, strict, path ? `${path}.${key}` : key, limits, depth + 1);
  }
  return out;
}

/** What each tag deserializes to. */
export interface PcvlTypes {
  BasicState: BasicState;
  StateVector: StateVector;
  SVDistribution: SVDistribution;
  BSDistribution: BSDistribution;
  BSCount: BSCount;
  BSSamples: BSSamples;
  NoiseModel: NoiseModel;
  PostSelect: PostSelect;
  Detector: Detector;
  Matrix: ComplexMatrix;
  ACircuit: Circuit;
  Component: Component | Circuit;
  Experiment: Experiment;
}

/**
 * Deserializes a `:PCVL:` string that must hold a `tag` object (e.g. the `experiment` of a job payload).
 * @param limits - bounds checked while decoding, as for {@link deserialize}.
 * @throws ValidationError (field = the expected tag) when `text` is not a `:PCVL:` string of that tag, or is
 *   malformed, or exceeds a limit.
 */
export function deserializeAs<K extends keyof PcvlTypes>(
  text: unknown,
  tag: K,
  limits?: Partial<DecodeLimits>,
): PcvlTypes[K] {
  if (typeof text !== 'string' || !text.startsWith(PCVL_PREFIX)) {
    throw new ValidationError(`Expected a :PCVL:${tag} string, got ${preview(text)}`, { field: tag });
  }
  return deserializeText(text, true, decodeLimits(limits), tag) as PcvlTypes[K];
}

function deserializeText(text: string, strict: boolean, limits: DecodeLimits, expected?: string): unknown {
  const { tag, body } = readPcvl(text, limits);
  if (expected !== undefined && tag !== expected) {
    throw new ValidationError(`Expected a :PCVL:${expected} string, got a :PCVL:${tag} one`, {
      field: expected,
    });
  }
  const codec = codecOfTag(tag);
  if (codec === undefined) {
    if (!strict) return text;
    throw new ValidationError(
      `No deserializer for :PCVL:${tag} (bosonic reads ${knownTags().join(', ')}); pass { strict: false } to keep ` +
        'unknown objects as text',
      { field: tag },
    );
  }
  return codec.decode(body, limits);
}
