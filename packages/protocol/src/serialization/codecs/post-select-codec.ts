import { PostSelect, ValidationError } from '@bosonic/core';
import { malformed, type PcvlCodec, readBody } from '../codec.js';
import { parseLimitsOf } from '../decode-limits.js';

const TAG = 'PostSelect';

/** `:PCVL:PostSelect:[0,1]==1 & [2,3]==1`: the condition's text, never compressed by default. */
export const postSelectCodec: PcvlCodec<PostSelect> = {
  tag: TAG,
  compress: false,
  accepts: (value): value is PostSelect => value instanceof PostSelect,
  encode(postSelect, write) {
    write(postSelect.toString());
  },
  decode(pieces, limits) {
    const text = readBody(pieces, TAG, limits);
    try {
      return new PostSelect(text, parseLimitsOf(limits));
    } catch (error) {
      if (error instanceof ValidationError) throw malformed(TAG, error.message, error);
      throw error;
    }
  },
};
