import { BSSamples } from '@bosonic/core';
import { checkDecodedSize, malformed, type PcvlCodec, splitPieces } from '../codec.js';
import { parseCountText } from '../number-text.js';
import { IndexBuffer, OccupationBuffer } from '../occupation-buffer.js';

const TAG = 'BSSamples';

/**
 * `:PCVL:BSSamples:|1,0>;|0,1>/0;1;1;0`: the distinct states in order of first appearance, then each sample as
 * an index into them; `/` alone when empty. Compressed by default.
 */
export const bsSamplesCodec: PcvlCodec<BSSamples> = {
  tag: TAG,
  compress: true,
  accepts: (value): value is BSSamples => value instanceof BSSamples,
  encode(samples, write) {
    const m = samples.m;
    if (samples.length === 0 || m === undefined) {
      write('/');
      return;
    }
    const flat = samples.toFlat();
    const indexOf = new Map<string, number>();
    const order = new Uint32Array(samples.length);
    let separator = '';
    for (let i = 0; i < samples.length; i++) {
      const key = `|${flat.subarray(i * m, (i + 1) * m).join(',')}>`;
      let index = indexOf.get(key);
      if (index === undefined) {
        index = indexOf.size;
        indexOf.set(key, index);
        write(separator + key);
        separator = ';';
      }
      order[i] = index;
    }
    write('/');
    const block = 4096;
    for (let start = 0; start < order.length; start += block) {
      const text = order.subarray(start, start + block).join(';');
      write(start === 0 ? text : `;${text}`);
    }
  },
  decode(pieces, limits) {
    const states = new OccupationBuffer(TAG, limits);
    const order = new IndexBuffer();
    let distinct = 0;
    let part = 0; // 0: states, 1: indices
    // Each index takes 4 bytes while reading and m bytes once decoded: a short text of indices ("0;0;…") may
    // not decode past the inflated-size bound, checked as the indices arrive.
    const pushIndex = (text: string): void => {
      const m = states.m ?? 0;
      checkDecodedSize(TAG, order.length + 1, 4 + m, `samples of ${m} modes`, limits);
      order.push(readIndex(text, distinct));
    };
    // Read item by item, switching from states to indices at the single '/'.
    for (const item of splitPieces(pieces, ';', TAG, limits)) {
      const slash = item.indexOf('/');
      if (slash !== -1) {
        if (part === 1 || item.indexOf('/', slash + 1) !== -1)
          throw malformed(TAG, "expected exactly one '/'");
        const head = item.slice(0, slash);
        if (head !== '') {
          states.push(head);
          distinct++;
        } else if (distinct > 0) {
          throw malformed(TAG, 'empty state before /');
        }
        part = 1;
        const tail = item.slice(slash + 1);
        if (distinct === 0) continue; // Perceval ignores whatever follows an empty state list
        pushIndex(tail);
        continue;
      }
      if (part === 0) {
        states.push(item);
        distinct++;
      } else if (distinct > 0) {
        pushIndex(item);
      }
    }
    if (part === 0) throw malformed(TAG, "expected 'states/indices'");
    const m = states.m;
    if (m === undefined || distinct === 0) return new BSSamples();
    const table = states.bytes();
    const indices = order.values();
    const flat = new Uint8Array(indices.length * m);
    indices.forEach((index, i) => {
      flat.set(table.subarray(index * m, (index + 1) * m), i * m);
    });
    return BSSamples.fromFlat(m, flat, indices.length);
  },
};

function readIndex(text: string, distinct: number): number {
  const index = parseCountText(text, TAG, 'sample index');
  if (index >= distinct)
    throw malformed(TAG, `sample index ${index} is beyond the ${distinct} listed states`);
  return index;
}
