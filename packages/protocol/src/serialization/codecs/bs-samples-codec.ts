import { BSSamples } from '@bosonic/core';
import { malformed, type PcvlCodec, splitPieces } from '../codec.js';
import { parseCountText } from '../number-text.js';
import { OccupationBuffer } from '../occupation-buffer.js';

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
    const order: number[] = [];
    let distinct = 0;
    let part = 0; // 0: states, 1: indices
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
        order.push(readIndex(tail, distinct));
        continue;
      }
      if (part === 0) {
        states.push(item);
        distinct++;
      } else if (distinct > 0) {
        order.push(readIndex(item, distinct));
      }
    }
    if (part === 0) throw malformed(TAG, "expected 'states/indices'");
    const m = states.m;
    if (m === undefined || distinct === 0) return new BSSamples();
    // Each index expands to m bytes: a short text of indices may not decode past the inflated-size bound.
    if (order.length * m > limits.maxInflatedBytes) {
      throw malformed(
        TAG,
        `${order.length} samples of ${m} modes would take ${order.length * m} bytes, more than the limit of ` +
          `${limits.maxInflatedBytes} (maxInflatedBytes)`,
      );
    }
    const table = states.bytes();
    const flat = new Uint8Array(order.length * m);
    order.forEach((index, i) => {
      flat.set(table.subarray(index * m, (index + 1) * m), i * m);
    });
    return m === 0 ? samplesOfVacuum(order.length) : BSSamples.fromFlat(m, flat);
  },
};

function readIndex(text: string, distinct: number): number {
  const index = parseCountText(text, TAG, 'sample index');
  if (index >= distinct)
    throw malformed(TAG, `sample index ${index} is beyond the ${distinct} listed states`);
  return index;
}

/** Samples of the zero-mode state `|>` (BSSamples.fromFlat needs m ≥ 1). */
function samplesOfVacuum(count: number): BSSamples {
  return new BSSamples(Array.from({ length: count }, () => '|>'));
}
