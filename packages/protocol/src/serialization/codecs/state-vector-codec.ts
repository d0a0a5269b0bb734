import { StateVector, ValidationError } from '@bosonic/core';
import { excerpt, malformed, type PcvlCodec, readBody } from '../codec.js';
import type { DecodeLimits } from '../decode-limits.js';
import { parseFloatText } from '../number-text.js';
import { formatPercevalFloat } from '../perceval-float.js';
import { parseState } from './basic-state-codec.js';

const TAG = 'StateVector';

/**
 * Writes a state vector as Perceval does: normalised, each component `(re,im)*|state>` with Perceval's float
 * text, joined by `+` (e.g. `(0.5,0.5)*|0,1>+(0.5,-0.5)*|1,0>`). The empty vector writes nothing.
 */
export function formatStateVector(vector: StateVector): string {
  const terms: string[] = [];
  for (const [state, { re, im }] of vector.entries()) {
    terms.push(`(${formatPercevalFloat(re)},${formatPercevalFloat(im)})*${state.toString()}`);
  }
  return terms.join('+');
}

/**
 * Reads `(re,im)*|state>+…`; repeated states add up, as in Perceval.
 * @throws ValidationError naming `tag` when a component is not `(re,im)*state`.
 */
export function parseStateVector(text: string, tag: string, limits: DecodeLimits): StateVector {
  if (text === '') return new StateVector();
  const components = text.split('+').map((term, i) => {
    const bad = () => malformed(tag, `component ${i} must be '(re,im)*|state>' (got ${excerpt(term)})`);
    const close = term.indexOf(')*');
    if (!term.startsWith('(') || close === -1) throw bad();
    const parts = term.slice(1, close).split(',');
    if (parts.length !== 2) throw bad();
    const re = parseFloatText(parts[0] ?? '', tag, `the real part of component ${i}`);
    const im = parseFloatText(parts[1] ?? '', tag, `the imaginary part of component ${i}`);
    return [parseState(term.slice(close + 2), tag, limits), { re, im }] as const;
  });
  try {
    return new StateVector(components);
  } catch (error) {
    if (error instanceof ValidationError) throw malformed(tag, error.message, error);
    throw error;
  }
}

/** `:PCVL:StateVector:(0.5,0.5)*|0,1>+(0.5,-0.5)*|1,0>`, never compressed by default. */
export const stateVectorCodec: PcvlCodec<StateVector> = {
  tag: TAG,
  compress: false,
  accepts: (value): value is StateVector => value instanceof StateVector,
  encode(vector, write) {
    write(formatStateVector(vector));
  },
  decode(pieces, limits) {
    return parseStateVector(readBody(pieces, TAG, limits), TAG, limits);
  },
};
