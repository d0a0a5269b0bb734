import { ValidationError } from '../errors/index.js';

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = 2 ** 53;

/** One step of splitmix32: spreads a 32-bit word over the state space (used only for seeding). */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let t = next ^ (next >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  t ^= t >>> 15;
  return [next, t >>> 0];
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A fresh seed from the platform's entropy (used when the caller gives none). */
export function randomSeed(): number {
  return Math.floor(Math.random() * TWO_POW_32) ^ (Date.now() & 0xffff);
}

/** Checks that a user-given seed is usable (a safe integer) and returns it. */
export function checkSeed(seed: unknown, field = 'seed'): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ValidationError(`${field} must be a safe integer (got ${String(seed)})`, { field });
  }
  return seed;
}

/**
 * A small seedable pseudo-random generator (xoshiro128**, seeded through splitmix32) with a normal sampler.
 * Not cryptographic. The same `(seed, stream)` always yields the same sequence, on every platform.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * rng.next();         // uniform in [0, 1)
 * rng.normal();       // standard normal
 * new Rng(42, 1);     // an independent stream for, e.g., the second iteration of a sweep
 * ```
 */
export class Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  /** The stream index mixed into the seed. */
  readonly stream: number;
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareNormal: number | undefined;

  /**
   * @param seed - any safe integer; omitted → a random seed.
   * @param stream - a stream index (safe integer): the same seed with different streams gives independent
   *   sequences.
   */
  constructor(seed?: number, stream = 0) {
    this.seed = seed === undefined ? randomSeed() : checkSeed(seed);
    this.stream = checkSeed(stream, 'stream');
    // Mix the seed's low and high words and the stream into the splitmix state, then draw the 4 state words.
    let state = 0;
    let out = 0;
    const words = [
      this.seed >>> 0,
      Math.floor(this.seed / TWO_POW_32) >>> 0,
      this.stream >>> 0,
      Math.floor(this.stream / TWO_POW_32) >>> 0,
    ];
    for (const word of words) {
      [state, out] = splitmix32(state ^ word);
      state ^= out;
    }
    [state, this.#s0] = splitmix32(state);
    [state, this.#s1] = splitmix32(state);
    [state, this.#s2] = splitmix32(state);
    [state, this.#s3] = splitmix32(state);
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1; // the all-zero state is a fixed point
  }

  /** An independent copy in the same state: it will draw the same numbers as this generator from now on. */
  clone(): Rng {
    const copy = new Rng(this.seed, this.stream);
    copy.#s0 = this.#s0;
    copy.#s1 = this.#s1;
    copy.#s2 = this.#s2;
    copy.#s3 = this.#s3;
    copy.#spareNormal = this.#spareNormal;
    return copy;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.#s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  nextInt(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new ValidationError(`nextInt needs a positive integer bound (got ${n})`, { field: 'n' });
    }
    if (n <= TWO_POW_32) {
      // Rejection sampling on 32 bits: reject the incomplete last block.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.next() * n);
  }

  /** A normal deviate with the given mean and standard deviation (Marsaglia's polar method). */
  normal(mean = 0, standardDeviation = 1): number {
    let z = this.#spareNormal;
    if (z !== undefined) {
      this.#spareNormal = undefined;
    } else {
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * this.next() - 1;
        v = 2 * this.next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      this.#spareNormal = v * factor;
      z = u * factor;
    }
    return mean + standardDeviation * z;
  }
}
