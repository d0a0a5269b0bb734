import { NoiseModel, type NoiseModelOptions, ValidationError } from '@bosonic/core';
import { isPlainObject } from '../../validation/json-value.js';
import { malformed, type PcvlCodec, readBody } from '../codec.js';
import { pythonFloatRepr } from '../python-float.js';

const TAG = 'NoiseModel';

/**
 * Perceval's field names, in the alphabetical order of `dir()` that `NoiseModel.__dict__()` follows, with our
 * option names.
 */
const FIELDS: readonly (readonly [wire: string, option: keyof NoiseModelOptions])[] = [
  ['brightness', 'brightness'],
  ['g2', 'g2'],
  ['g2_distinguishable', 'g2Distinguishable'],
  ['indistinguishability', 'indistinguishability'],
  ['phase_error', 'phaseError'],
  ['phase_imprecision', 'phaseImprecision'],
  ['transmittance', 'transmittance'],
];

/**
 * `:PCVL:NoiseModel:{"indistinguishability": 0.85, "transmittance": 0.05}`: Python's `json.dumps` of the
 * fields that differ from their default, never compressed by default.
 */
export const noiseModelCodec: PcvlCodec<NoiseModel> = {
  tag: TAG,
  compress: false,
  accepts: (value): value is NoiseModel => value instanceof NoiseModel,
  encode(noise, write) {
    const defaults = NoiseModel.defaults;
    const parts: string[] = [];
    for (const [wire, option] of FIELDS) {
      const value = noise[option];
      if (value === defaults[option]) continue;
      const text = typeof value === 'boolean' ? String(value) : pythonFloatRepr(value);
      parts.push(`"${wire}": ${text}`);
    }
    write(`{${parts.join(', ')}}`);
  },
  decode(pieces, limits) {
    const text = readBody(pieces, TAG, limits);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw malformed(
        TAG,
        `the body is not a JSON object: ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`,
      );
    }
    if (!isPlainObject(parsed)) throw malformed(TAG, 'the body is not a JSON object');
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) {
      const field = FIELDS.find(([wire]) => wire === key);
      if (field === undefined) {
        throw malformed(TAG, `unknown field '${key}' (known: ${FIELDS.map(([wire]) => wire).join(', ')})`);
      }
      options[field[1]] = value;
    }
    try {
      return new NoiseModel(options as NoiseModelOptions);
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new ValidationError(`Malformed :PCVL:${TAG}: ${error.message}`, { field: TAG, cause: error });
      }
      throw error;
    }
  },
};
