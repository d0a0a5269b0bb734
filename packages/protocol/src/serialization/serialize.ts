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
import { joinPieces } from './codec.js';
import { PCVL_PREFIX } from './pcvl-prefix.js';
import { codecFor } from './registry.js';
import { PcvlZipWriter } from './zip.js';

/** Options of {@link serialize}. */
export interface SerializeOptions {
  /**
   * `true` / `false` forces the `zip:` form on or off; a list of tags (e.g. `['BSCount']`) compresses those
   * types only. Left out, each type follows Perceval's default: BSDistribution, BSCount, BSSamples, circuits,
   * components and experiments are compressed; states, noise models, post-selections, detectors and matrices
   * are not.
   */
  compress?: boolean | readonly string[];
}

/** The model objects that serialize to a `:PCVL:` string. */
export type PcvlSerializable =
  | BasicState
  | StateVector
  | SVDistribution
  | BSDistribution
  | BSCount
  | BSSamples
  | NoiseModel
  | PostSelect
  | Detector
  | ComplexMatrix
  | Circuit
  | Component
  | Experiment;

/**
 * Serializes like Perceval's `serialize`: a model object becomes a `:PCVL:<Tag>:<body>` string (or its
 * `:PCVL:zip:` form); plain objects, `Map`s and arrays are serialized member by member (keys too, as strings);
 * anything else — numbers, strings, booleans, null — is returned as it is.
 *
 * Nested values use their own type's default compression unless `compress` is given, as the request payloads
 * of Perceval's `RemoteJob` do (each value serialized on its own).
 *
 * @example
 * ```ts
 * serialize(BasicState.parse('|1,1>'));                       // ':PCVL:BasicState:|1,1>'
 * serialize(counts);                                         // ':PCVL:zip:eJyz…'
 * serialize(counts, { compress: false });                    // ':PCVL:BSCount:{|1,0>=4841;|0,1>=4875}'
 * serialize({ results: counts, global_perf: 0.5 });          // { results: ':PCVL:zip:…', global_perf: 0.5 }
 * ```
 * @throws ValidationError when a value cannot be written (a non-finite probability, a component the wire
 *   format cannot carry); ResourceLimitError when an uncompressed body exceeds the maximum string length.
 */
export function serialize(value: PcvlSerializable, options?: SerializeOptions): string;
export function serialize(value: unknown, options?: SerializeOptions): unknown;
export function serialize(value: unknown, options: SerializeOptions = {}): unknown {
  return serializeValue(value, options, new Set());
}

function serializeValue(value: unknown, options: SerializeOptions, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const codec = codecFor(value);
  if (codec !== undefined) {
    const header = `${PCVL_PREFIX}${codec.tag}:`;
    if (shouldCompress(options.compress, codec.tag, codec.compress)) {
      const writer = new PcvlZipWriter();
      writer.write(header);
      codec.encode(value, (piece) => writer.write(piece));
      return writer.finish();
    }
    const pieces = [header];
    codec.encode(value, (piece) => pieces.push(piece));
    return joinPieces(pieces, `The :PCVL:${codec.tag} string`);
  }
  if (seen.has(value)) {
    throw new ValidationError('Cannot serialize a structure that contains itself', { field: 'value' });
  }
  if (Array.isArray(value)) {
    seen.add(value);
    const out = value.map((item) => serializeValue(item, options, seen));
    seen.delete(value);
    return out;
  }
  if (value instanceof Map) {
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const [key, item] of value)
      out[keyText(serializeValue(key, options, seen))] = serializeValue(item, options, seen);
    seen.delete(value);
    return out;
  }
  if (isPlainObject(value)) {
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = serializeValue(item, options, seen);
    seen.delete(value);
    return out;
  }
  return value;
}

function shouldCompress(option: SerializeOptions['compress'], tag: string, byDefault: boolean): boolean {
  if (option === undefined) return byDefault;
  if (typeof option === 'boolean') return option;
  return option.includes(tag);
}

function keyText(key: unknown): string {
  return typeof key === 'string' ? key : String(key);
}
