import { BSDistribution } from '@bosonic/core';
import { checkDecodedSize, excerpt, type PcvlCodec } from '../codec.js';
import { readDictEntries } from '../dict-body.js';
import { parseFloatText } from '../number-text.js';
import { FloatBuffer, OccupationBuffer } from '../occupation-buffer.js';
import { formatPercevalFloat } from '../perceval-float.js';

const TAG = 'BSDistribution';

/**
 * `:PCVL:BSDistribution:{|1,0>=0.487179;|0,1>=0.487179}`: probabilities in Perceval's float text, compressed by
 * default. States of zero probability are not written (a `BSDistribution` does not list them). Entries are
 * written and read one by one, never as one list, so a 20-million-state distribution streams through.
 */
export const bsDistributionCodec: PcvlCodec<BSDistribution> = {
  tag: TAG,
  compress: true,
  accepts: (value): value is BSDistribution => value instanceof BSDistribution,
  encode(distribution, write) {
    let separator = '{';
    distribution.forEachOccupation((occupations, probability) => {
      write(`${separator}|${occupations.join(',')}>=${formatPercevalFloat(probability)}`);
      separator = ';';
    });
    write(separator === '{' ? '{}' : '}');
  },
  decode(pieces, limits) {
    const states = new OccupationBuffer(TAG, limits);
    const probabilities = new FloatBuffer();
    for (const [key, value] of readDictEntries(pieces, TAG, limits)) {
      states.push(key);
      // m bytes of occupations and 8 of value per state.
      checkDecodedSize(TAG, probabilities.length + 1, (states.m ?? 0) + 8, 'states', limits);
      probabilities.push(parseFloatText(value, TAG, `the probability of ${excerpt(key)}`));
    }
    if (states.m === undefined) return new BSDistribution();
    return BSDistribution.fromSparse(states.m, states.bytes(), probabilities.values());
  },
};
