import { BasicState, ValidationError } from '@bosonic/core';
import { type PcvlCodec, readBody } from '../codec.js';
import { type DecodeLimits, parseLimitsOf } from '../decode-limits.js';
import { UnsupportedPcvlError } from '../unsupported-error.js';

const TAG = 'BasicState';

/** `:PCVL:BasicState:|1,0,1>` (noise tags as `|{0},{1}>`, vacuum of no mode `|>`), never compressed by default. */
export const basicStateCodec: PcvlCodec<BasicState> = {
  tag: TAG,
  compress: false,
  accepts: (value): value is BasicState => value instanceof BasicState,
  encode(state, write) {
    write(state.toString());
  },
  decode(pieces, limits) {
    return parseState(readBody(pieces, TAG, limits), TAG, limits);
  },
};

/** An annotation other than a noise tag or a polarization (`{X:1}`), which bosonic does not model. */
const ANNOTATION = /\{(?!_:|P:)[A-Za-z][\w]*:/;

/** Perceval's older spelling of a noise tag, `{_:0}`, for today's `{0}`. */
const LEGACY_NOISE_TAG = /\{_:(\d+)\}/g;

/**
 * Parses a state inside a body of `tag`, accepting the older noise-tag spelling `|{_:0},{_:1}>` as
 * `|{0},{1}>`. Polarization annotations (`|{P:H},0>`) are read; other annotations are refused as unsupported.
 * @throws ValidationError naming the tag, with BasicState's own explanation (or the limit exceeded).
 */
export function parseState(text: string, tag: string, limits: DecodeLimits): BasicState {
  try {
    return BasicState.parse(text.replace(LEGACY_NOISE_TAG, '{$1}'), parseLimitsOf(limits));
  } catch (error) {
    if (error instanceof ValidationError) {
      const kind = ANNOTATION.test(text) ? UnsupportedPcvlError : ValidationError;
      throw new kind(`Malformed :PCVL:${tag}: ${error.message}`, { field: tag, cause: error });
    }
    throw error;
  }
}
