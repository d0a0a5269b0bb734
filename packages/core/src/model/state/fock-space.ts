/**
 * The Fock space of `n` photons in `m` modes, enumerated in closed form.
 *
 * **Order (Perceval's FSArray order).** States are sorted *descending-lexicographically in their occupation
 * numbers*: compare mode 0 first, a larger count comes first; on a tie compare mode 1, and so on. For m=3, n=2:
 *
 * ```
 * rank 0 |2,0,0>   rank 1 |1,1,0>   rank 2 |1,0,1>   rank 3 |0,2,0>   rank 4 |0,1,1>   rank 5 |0,0,2>
 * ```
 *
 * This is the same as sorting each state's photon-mode code (the modes of its photons in ascending order,
 * `|1,0,1>` → `[0,2]`) lexicographically ascending, which is how Perceval/exqalibur enumerate `all_prob()`.
 * The native simulator writes dense probability arrays in exactly this order, so `probs[rank]` is the
 * probability of `unrank(m, n, rank)`.
 *
 * **Closed form.** Let `B(r, k) = C(k + r, r)`, the number of ways to put exactly `k` photons in `r + 1`
 * modes. With `left_i = n − Σ_{j<i} occ[j]` photons still to place when mode `i` is reached and
 * `r_i = m − 1 − i` modes after it, the states that precede `occ` at mode `i` are those with more than
 * `occ[i]` photons there, and there are `B(r_i, left_i − occ[i] − 1)` of them (hockey-stick identity), so
 *
 * ```
 * rank(occ) = Σ_{i < m−1, occ[i] < left_i} B(m − 1 − i, left_i − occ[i] − 1)
 * ```
 *
 * Every binomial used is at most the space size C(n + m − 1, n), so all arithmetic is exact in doubles as
 * long as the size is at most 2^53 (checked).
 */
import { ResourceLimitError, ValidationError } from '../../errors/index.js';
import { checkNonNegativeInteger } from '../integer-checks.js';

/** Largest space size for which ranks are exact in a JS number. */
const MAX_EXACT = 2 ** 53;
/** Entries of the binomial table (m × (n + 1) doubles) we are willing to allocate: 128 MiB. */
const MAX_TABLE_ENTRIES = 2 ** 24;

/** The number of photons in a state given by its occupation numbers; ValidationError if one is not a count. */
function photonCount(occupations: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < occupations.length; i++) {
    const o = occupations[i]!;
    if (!Number.isSafeInteger(o) || o < 0) {
      throw new ValidationError(
        `Photon numbers must be non-negative integers, got ${String(o)} in mode ${i}`,
        {
          field: 'occupations',
        },
      );
    }
    n += o;
  }
  return n;
}

/**
 * One Fock space (m modes, n photons) with its binomial table, so that ranking and unranking cost O(m + n).
 * Obtain instances through {@link fockSpace}, which caches them.
 */
export class FockSpace {
  /** Number of modes. */
  readonly m: number;
  /** Number of photons. */
  readonly n: number;
  /** Number of states, C(n + m − 1, n). */
  readonly size: number;
  /** `table[r * (n + 1) + k] = C(k + r, r)`: ways to place k photons in r + 1 modes. */
  readonly #table: Float64Array;

  constructor(m: number, n: number) {
    checkNonNegativeInteger(m, 'm');
    checkNonNegativeInteger(n, 'n');
    this.m = m;
    this.n = n;
    if (m === 0) {
      // The only state of zero modes is the empty one, and it holds no photon.
      this.#table = new Float64Array(0);
      this.size = n === 0 ? 1 : 0;
      return;
    }
    // Ranks and unranks need only r ≤ m − 1 and k ≤ n. Guard the size before allocating the table.
    const approx = binomialApprox(n + m - 1, Math.min(n, m - 1));
    if (approx > MAX_EXACT * (1 + 1e-9)) throw tooLarge(m, n, approx);
    const w = n + 1;
    if (m * w > MAX_TABLE_ENTRIES) {
      throw new ResourceLimitError(
        `Ranking states of ${n} photons in ${m} modes needs a ${m}×${w} table, more than ${MAX_TABLE_ENTRIES} entries`,
        { requiredBytes: m * w * 8, limitBytes: MAX_TABLE_ENTRIES * 8 },
      );
    }
    const table = new Float64Array(m * w);
    for (let k = 0; k <= n; k++) table[k] = 1;
    for (let r = 1; r < m; r++) {
      table[r * w] = 1;
      for (let k = 1; k <= n; k++) table[r * w + k] = table[(r - 1) * w + k]! + table[r * w + k - 1]!;
    }
    const size = table[(m - 1) * w + n]!;
    if (size > MAX_EXACT) throw tooLarge(m, n, size);
    this.#table = table;
    this.size = size;
  }

  /**
   * The rank of a state of this space. `occupations` holds m photon counts summing to n, read from `offset`.
   * The state is assumed valid (see {@link rankOf} for the checked version).
   */
  rankUnchecked(occupations: ArrayLike<number>, offset = 0): number {
    const { m, n } = this;
    const w = n + 1;
    const table = this.#table;
    let left = n;
    let rank = 0;
    for (let i = 0; i < m - 1 && left > 0; i++) {
      const o = occupations[offset + i]!;
      if (o < left) rank += table[(m - 1 - i) * w + (left - o - 1)]!;
      left -= o;
    }
    return rank;
  }

  /** The rank of `occupations` in this space; ValidationError if it is not a state of this space. */
  rankOf(occupations: ArrayLike<number>): number {
    if (occupations.length !== this.m) {
      throw new ValidationError(`Expected ${this.m} occupation numbers, got ${occupations.length}`, {
        field: 'occupations',
      });
    }
    const total = photonCount(occupations);
    if (total !== this.n) {
      throw new ValidationError(`The state holds ${total} photons, expected ${this.n}`, {
        field: 'occupations',
      });
    }
    return this.rankUnchecked(occupations);
  }

  /**
   * The state of rank `rank`, written into `out` from `offset` (m entries). Returns `out`.
   * `out` may be a typed array (e.g. a Uint8Array when every count fits a byte).
   */
  unrankInto<T extends { [index: number]: number; length: number }>(rank: number, out: T, offset = 0): T {
    if (!Number.isSafeInteger(rank) || rank < 0 || rank >= this.size) {
      throw new ValidationError(
        `Rank ${String(rank)} is outside [0, ${this.size}) for m=${this.m}, n=${this.n}`,
        {
          field: 'rank',
        },
      );
    }
    const { m, n } = this;
    if (m === 0) return out;
    const w = n + 1;
    const table = this.#table;
    let left = n;
    let rest = rank;
    for (let i = 0; i < m - 1; i++) {
      // States with v photons in mode i come in blocks of table[r-1][left-v], largest v first.
      const r = m - 1 - i;
      let v = left;
      for (;;) {
        const block = table[(r - 1) * w + (left - v)]!;
        if (rest < block) break;
        rest -= block;
        v--;
      }
      out[offset + i] = v;
      left -= v;
    }
    out[offset + m - 1] = left;
    return out;
  }

  /** The state of rank `rank` as a fresh array of occupation numbers. */
  unrank(rank: number): number[] {
    return this.unrankInto(rank, new Array<number>(this.m).fill(0));
  }

  /**
   * Calls `visit(occupations, rank)` for every state in rank order. `occupations` is one buffer updated in
   * place between calls (O(1) amortised per step): copy it if you keep it.
   */
  forEach(visit: (occupations: Readonly<Int32Array>, rank: number) => void): void {
    if (this.size === 0) return;
    const occ = new Int32Array(this.m);
    if (this.m > 0) occ[0] = this.n;
    let rank = 0;
    do {
      visit(occ, rank++);
    } while (nextFockState(occ));
  }

  /** Iterates every state in rank order, each as a fresh array. */
  *[Symbol.iterator](): IterableIterator<number[]> {
    if (this.size === 0) return;
    const occ = new Int32Array(this.m);
    if (this.m > 0) occ[0] = this.n;
    do {
      yield Array.from(occ);
    } while (nextFockState(occ));
  }
}

/**
 * Advances `occupations` in place to the next state of the same space (FSArray order) and returns true, or
 * returns false (leaving it unchanged) when it is the last state (all photons in the last mode).
 *
 * The step moves one photon from the last non-empty mode `i` before the last mode into mode `i + 1`, together
 * with every photon of the last mode: exactly the increment of the sorted photon-mode code.
 */
export function nextFockState(occupations: { [index: number]: number; length: number }): boolean {
  const m = occupations.length;
  let i = m - 2;
  while (i >= 0 && occupations[i] === 0) i--;
  if (i < 0) return false;
  const tail = occupations[m - 1]!;
  occupations[m - 1] = 0;
  occupations[i] = occupations[i]! - 1;
  occupations[i + 1] = occupations[i + 1]! + 1 + tail;
  return true;
}

/**
 * C(a, b) in floating point, for b ≤ a − b: only used to size spaces before allocating anything. After j steps
 * `c` = C(a − b + j, j) ≥ C(2j, j) ≥ 2^j, so the loop ends (exact, or at Infinity) within about 1030 steps
 * whatever a and b.
 */
function binomialApprox(a: number, b: number): number {
  let c = 1;
  for (let j = 1; j <= b && Number.isFinite(c); j++) c = (c * (a - b + j)) / j;
  return c;
}

/**
 * The number of states of n photons in m modes, C(n + m − 1, n), in floating point and in bounded time (at
 * most about 1030 multiplications, 10^9 photons included): exact while C · (n + m) < 2^53, a close
 * approximation above, `Infinity` beyond the largest double. For comparing a space with a bound; use
 * {@link fockSpaceSize} for an exact count.
 * @throws ValidationError when m or n is not a non-negative integer.
 */
export function fockSpaceSizeApprox(m: number, n: number): number {
  checkNonNegativeInteger(m, 'm');
  checkNonNegativeInteger(n, 'n');
  if (m === 0) return n === 0 ? 1 : 0;
  return Math.round(binomialApprox(n + m - 1, Math.min(n, m - 1)));
}

function tooLarge(m: number, n: number, size: number): ValidationError {
  return new ValidationError(
    `The Fock space of ${n} photons in ${m} modes has C(${n + m - 1}, ${n}) ≈ ${size.toExponential(3)} states, ` +
      'more than 2^53: ranks would not be exact',
    { field: 'n' },
  );
}

const cache = new Map<string, FockSpace>();
const CACHE_LIMIT = 64;

/** The (cached) Fock space of `n` photons in `m` modes. ValidationError if its size exceeds 2^53. */
export function fockSpace(m: number, n: number): FockSpace {
  const key = `${m},${n}`;
  let space = cache.get(key);
  if (space === undefined) {
    space = new FockSpace(m, n);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, space);
  }
  return space;
}

/** Number of states of n photons in m modes, C(n + m − 1, n), exact. ValidationError if it exceeds 2^53. */
export function fockSpaceSize(m: number, n: number): number {
  return fockSpace(m, n).size;
}

/** The FSArray rank of a state given by its occupation numbers (m = its length, n = its sum). */
export function rankOf(occupations: ArrayLike<number>): number {
  return fockSpace(occupations.length, photonCount(occupations)).rankUnchecked(occupations);
}

/** The state of rank `rank` among n photons in m modes, as a fresh array (or written into `out`). */
export function unrank(m: number, n: number, rank: number): number[];
export function unrank<T extends { [index: number]: number; length: number }>(
  m: number,
  n: number,
  rank: number,
  out: T,
  offset?: number,
): T;
export function unrank(
  m: number,
  n: number,
  rank: number,
  out?: { [index: number]: number; length: number },
  offset = 0,
): { [index: number]: number; length: number } {
  const space = fockSpace(m, n);
  if (out === undefined) return space.unrank(rank);
  if (out.length < offset + m) {
    throw new ValidationError(`The output buffer needs ${offset + m} entries, it has ${out.length}`, {
      field: 'out',
    });
  }
  return space.unrankInto(rank, out, offset);
}

/** Iterates the states of n photons in m modes in FSArray order, each as a fresh array. */
export function fockStates(m: number, n: number): IterableIterator<number[]> {
  return fockSpace(m, n)[Symbol.iterator]();
}
