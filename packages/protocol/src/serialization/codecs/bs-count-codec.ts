import { BSCount } from '@bosonic/core';
import { checkDecodedSize, excerpt, type PcvlCodec } from '../codec.js';
import { readDictEntries } from '../dict-body.js';
import { parseCountText } from '../number-text.js';
import { FloatBuffer, OccupationBuffer } from '../occupation-buffer.js';

const TAG = 'BSCount';

/**
 * `:PCVL:BSCount:{|1,0>=4841;|0,1>=4875}`: integer counts, compressed by default. States counted zero times are
 * not written (a `BSCount` does not list them).
 */
export const bsCountCodec: PcvlCodec<BSCount> = {
  tag: TAG,
  compress: true,
  accepts: (value): value is BSCount => value instanceof BSCount,
  encode(counts, write) {
    let separator = '{';
    counts.forEachOccupation((occupations, count) => {
      write(`${separator}|${occupations.join(',')}>=${count}`);
      separator = ';';
    });
    write(separator === '{' ? '{}' : '}');
  },
  decode(pieces, limits) {
    const states = new OccupationBuffer(TAG, limits);
    const counts = new FloatBuffer();
    for (const [key, value] of readDictEntries(pieces, TAG, limits)) {
      states.push(key);
      // m bytes of occupations and 8 of value per state.
      checkDecodedSize(TAG, counts.length + 1, (states.m ?? 0) + 8, 'states', limits);
      counts.push(parseCountText(value, TAG, `the count of ${excerpt(key)}`));
    }
    if (states.m === undefined) return new BSCount();
    return BSCount.fromSparse(states.m, states.bytes(), counts.values());
  },
};
