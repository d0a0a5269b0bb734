import { ValidationError } from '../../errors/index.js';
import { BasicState, type StateLike } from './basic-state.js';
import { formatSignificant } from './format-number.js';
import { StateVector } from './state-vector.js';
import { WeightedIndex } from './weighted-index.js';

/** A pure state: a StateVector, or a BasicState (or its text form) standing for the vector of that one state. */
export type PureStateLike = StateVector | StateLike;

interface Entry {
  readonly sv: StateVector;
  p: number;
}

/**
 * A mixed state: a probability distribution over state vectors (Perceval's `SVDistribution`), e.g. the input
 * a noisy source produces. Keys are normalised vectors (two vectors equal after normalisation are one key);
 * states may carry noise tags. Entries keep insertion order.
 */
export class SVDistribution implements Iterable<[StateVector, number]> {
  readonly #entries = new Map<string, Entry>();
  #m: number | undefined;

  /**
   * @param init one pure state (probability 1), or `[state, probability]` pairs (repeated states accumulate).
   */
  constructor(init?: PureStateLike | Iterable<readonly [PureStateLike, number]>) {
    if (init === undefined) return;
    if (init instanceof StateVector || init instanceof BasicState || typeof init === 'string') {
      this.add(init, 1);
      return;
    }
    for (const [state, p] of init) this.add(state, p);
  }

  /** Number of modes (undefined while empty). */
  get m(): number | undefined {
    return this.#m;
  }

  /** The largest photon number of any component of any vector (0 when empty). */
  get nMax(): number {
    let max = 0;
    for (const { sv } of this.#entries.values()) for (const n of sv.photonNumbers()) max = Math.max(max, n);
    return max;
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** Probability of a pure state (0 when absent). */
  get(state: PureStateLike): number {
    return this.#entries.get(toVector(state).key)?.p ?? 0;
  }

  /** True when the pure state is an entry. */
  has(state: PureStateLike): boolean {
    return this.#entries.has(toVector(state).key);
  }

  /** Sets the probability of a pure state. Returns this distribution. */
  set(state: PureStateLike, probability: number): this {
    const sv = this.#accept(state, probability);
    const key = sv.key;
    const entry = this.#entries.get(key);
    if (entry === undefined) this.#entries.set(key, { sv, p: probability });
    else entry.p = probability;
    return this;
  }

  /** Adds `probability` to a pure state's probability. Returns this distribution. */
  add(state: PureStateLike, probability: number): this {
    const sv = this.#accept(state, probability);
    const key = sv.key;
    const entry = this.#entries.get(key);
    if (entry === undefined) this.#entries.set(key, { sv, p: probability });
    else entry.p += probability;
    return this;
  }

  /** Sum of all probabilities. */
  total(): number {
    let sum = 0;
    for (const { p } of this.#entries.values()) sum += p;
    return sum;
  }

  /** Divides every probability by the total (no change when the total is 0). Returns this distribution. */
  normalize(): this {
    const sum = this.total();
    if (sum === 0) return this;
    for (const entry of this.#entries.values()) entry.p /= sum;
    return this;
  }

  /** `[normalised state vector, probability]` pairs in insertion order. */
  *entries(): IterableIterator<[StateVector, number]> {
    for (const { sv, p } of this.#entries.values()) yield [sv, p];
  }

  /** The state vectors. */
  *keys(): IterableIterator<StateVector> {
    for (const { sv } of this.#entries.values()) yield sv;
  }

  /** The probabilities. */
  *values(): IterableIterator<number> {
    for (const { p } of this.#entries.values()) yield p;
  }

  [Symbol.iterator](): IterableIterator<[StateVector, number]> {
    return this.entries();
  }

  /**
   * Tensor product (Perceval's `svd1 * svd2`): every pair of entries, the vectors tensored and the
   * probabilities multiplied; pairs whose product is below `probThreshold` are skipped. An empty operand
   * leaves the other one unchanged, as in Perceval.
   */
  tensor(other: SVDistribution | PureStateLike, probThreshold = 0): SVDistribution {
    const that = other instanceof SVDistribution ? other : new SVDistribution(other);
    if (this.size === 0) return that.#copy();
    if (that.size === 0) return this.#copy();
    const result = new SVDistribution();
    for (const a of this.#entries.values()) {
      for (const b of that.#entries.values()) {
        const p = a.p * b.p;
        if (p < probThreshold) continue;
        result.add(a.sv.tensor(b.sv), p);
      }
    }
    return result;
  }

  /**
   * Draws `count` state vectors with their probabilities. With `nonNull` (the default, as in Perceval) vectors
   * holding no photon are excluded. `rng` returns uniform numbers in [0, 1).
   */
  sample(count: number, rng: () => number = Math.random, options: { nonNull?: boolean } = {}): StateVector[] {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new ValidationError(`The sample count must be a non-negative integer, got ${String(count)}`, {
        field: 'count',
      });
    }
    const nonNull = options.nonNull ?? true;
    const svs: StateVector[] = [];
    const weights = new Float64Array(this.#entries.size);
    let i = 0;
    for (const { sv, p } of this.#entries.values()) {
      svs.push(sv);
      weights[i++] = nonNull && Math.max(0, ...sv.photonNumbers()) === 0 ? 0 : p;
    }
    const index = new WeightedIndex([weights]);
    if (count > 0 && !(index.total > 0)) {
      throw new ValidationError('No state to sample from', { field: 'distribution' });
    }
    return Array.from({ length: count }, () => svs[index.draw(rng())]!);
  }

  /** Printout in Perceval's dictionary layout: `{\n\t|0,1>: 0.5\n\t|1,0>: 0.5\n}`. */
  toString(): string {
    if (this.#entries.size === 0) return '{}';
    const lines = [...this.#entries.values()].map(
      ({ sv, p }) => `\t${sv.toString()}: ${formatSignificant(p, 6)}`,
    );
    return `{\n${lines.join('\n')}\n}`;
  }

  #accept(state: PureStateLike, probability: number): StateVector {
    const sv = toVector(state).normalize();
    if (sv.m === undefined) {
      throw new ValidationError('A distribution entry cannot be the empty (zero) vector', { field: 'state' });
    }
    if (typeof probability !== 'number' || !Number.isFinite(probability) || probability < 0) {
      throw new ValidationError(
        `A probability must be a finite non-negative number, got ${String(probability)}`,
        {
          field: 'probability',
        },
      );
    }
    this.#m ??= sv.m;
    if (sv.m !== this.#m) {
      throw new ValidationError(`A ${sv.m}-mode state cannot join a distribution over ${this.#m} modes`, {
        field: 'state',
      });
    }
    return sv;
  }

  #copy(): SVDistribution {
    const copy = new SVDistribution();
    for (const { sv, p } of this.#entries.values()) copy.add(sv, p);
    return copy;
  }
}

function toVector(state: PureStateLike): StateVector {
  if (state instanceof StateVector) return state;
  return new StateVector(state);
}
