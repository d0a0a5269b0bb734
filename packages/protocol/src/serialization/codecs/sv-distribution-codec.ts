import { SVDistribution, ValidationError } from '@bosonic/core';
import { boundedPieces, excerpt, malformed, type PcvlCodec } from '../codec.js';
import { readDictEntries } from '../dict-body.js';
import { parseFloatText } from '../number-text.js';
import { formatPercevalFloat } from '../perceval-float.js';
import { formatStateVector, parseStateVector } from './state-vector-codec.js';

const TAG = 'SVDistribution';

/**
 * `:PCVL:SVDistribution:{(1,0)*|1,0>=0.5;(0.707107,0)*|1,0>+(0.707107,0)*|0,1>=0.5}`: state vectors (written as
 * `:PCVL:StateVector` bodies) with probabilities in Perceval's float text; not compressed by default. Its objects
 * take tens of times the memory of their text, so the whole body is held to `maxStringLength`.
 */
export const svDistributionCodec: PcvlCodec<SVDistribution> = {
  tag: TAG,
  compress: false,
  accepts: (value): value is SVDistribution => value instanceof SVDistribution,
  encode(distribution, write) {
    let separator = '{';
    for (const [vector, probability] of distribution) {
      write(`${separator}${formatStateVector(vector)}=${formatPercevalFloat(probability)}`);
      separator = ';';
    }
    write(separator === '{' ? '{}' : '}');
  },
  decode(pieces, limits) {
    const distribution = new SVDistribution();
    for (const [key, value] of readDictEntries(boundedPieces(pieces, TAG, limits), TAG, limits)) {
      const vector = parseStateVector(key, TAG, limits);
      const probability = parseFloatText(value, TAG, `the probability of ${excerpt(key)}`);
      try {
        distribution.set(vector, probability);
      } catch (error) {
        if (error instanceof ValidationError) throw malformed(TAG, error.message, error);
        throw error;
      }
    }
    return distribution;
  },
};
