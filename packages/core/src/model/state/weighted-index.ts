import { ValidationError } from '../../errors/index.js';

/** Entries per block: small enough that a linear scan inside a block is cheap, large enough to save memory. */
const BLOCK = 64;

/**
 * Draws indices with probability proportional to non-negative weights, without copying the weights.
 *
 * Why not a plain cumulative array: a full distribution of n=m=14 has 20 million entries, and a second
 * 160 MB array just to sample it is wasteful. Here only one cumulative sum per block of 64 entries is kept
 * (≈ 2.5 MB there); a draw is a binary search over blocks plus a scan of at most 64 weights.
 *
 * The weights may come in several segments (e.g. one dense array per photon number); indices are global,
 * segment after segment.
 */
export class WeightedIndex {
  readonly #segments: readonly Float64Array[];
  /** Global index of each segment's first entry. */
  readonly #segmentStart: Float64Array;
  /** Cumulative weight up to and including each block. */
  readonly #cumulative: Float64Array;
  /** Segment of each block, and the block's first index within that segment. */
  readonly #blockSegment: Uint32Array;
  readonly #blockFirst: Float64Array;
  /** Sum of all weights. */
  readonly total: number;

  constructor(segments: readonly Float64Array[]) {
    let blocks = 0;
    for (const weights of segments) blocks += Math.ceil(weights.length / BLOCK);
    this.#segments = segments;
    this.#segmentStart = new Float64Array(segments.length);
    this.#cumulative = new Float64Array(blocks);
    this.#blockSegment = new Uint32Array(blocks);
    this.#blockFirst = new Float64Array(blocks);
    let b = 0;
    let total = 0;
    let start = 0;
    segments.forEach((weights, s) => {
      this.#segmentStart[s] = start;
      start += weights.length;
      for (let first = 0; first < weights.length; first += BLOCK) {
        const end = Math.min(first + BLOCK, weights.length);
        for (let i = first; i < end; i++) {
          const w = weights[i]!;
          if (!(w >= 0) || w === Number.POSITIVE_INFINITY) {
            throw new ValidationError(
              `Weights must be finite and non-negative, got ${w} at index ${start - weights.length + i}`,
              {
                field: 'weights',
              },
            );
          }
          total += w;
        }
        this.#cumulative[b] = total;
        this.#blockSegment[b] = s;
        this.#blockFirst[b] = first;
        b++;
      }
    });
    this.total = total;
  }

  /**
   * The global index drawn by a uniform number `u` in [0, 1): the first index whose cumulative weight exceeds
   * `u · total`. Never an index of weight 0. ValidationError when every weight is 0.
   */
  draw(u: number): number {
    if (!(this.total > 0)) {
      throw new ValidationError('Cannot sample: every probability is zero', { field: 'weights' });
    }
    const cumulative = this.#cumulative;
    const target = u * this.total;
    // First block whose cumulative sum exceeds the target.
    let lo = 0;
    let hi = cumulative.length - 1;
    if (!(target < cumulative[hi]!)) {
      // Rounding (u·total ≥ total): take the last block that has weight.
      while (hi > 0 && cumulative[hi - 1] === cumulative[hi]) hi--;
      return this.#lastPositive(hi);
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    const weights = this.#segments[this.#blockSegment[lo]!]!;
    const first = this.#blockFirst[lo]!;
    const end = Math.min(first + BLOCK, weights.length);
    let acc = lo > 0 ? cumulative[lo - 1]! : 0;
    for (let i = first; i < end; i++) {
      const w = weights[i]!;
      acc += w;
      if (w > 0 && acc > target) return this.#segmentStart[this.#blockSegment[lo]!]! + i;
    }
    return this.#lastPositive(lo);
  }

  /** The last index of positive weight in block `b` (used when rounding leaves the scan short). */
  #lastPositive(b: number): number {
    const s = this.#blockSegment[b]!;
    const weights = this.#segments[s]!;
    const first = this.#blockFirst[b]!;
    for (let i = Math.min(first + BLOCK, weights.length) - 1; i >= first; i--) {
      if (weights[i]! > 0) return this.#segmentStart[s]! + i;
    }
    throw new ValidationError('Cannot sample: every probability is zero', { field: 'weights' });
  }
}
