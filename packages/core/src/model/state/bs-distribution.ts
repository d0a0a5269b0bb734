import { ValidationError } from '../../errors/index.js';
import { BasicState, type StateLike, toBasicState } from './basic-state.js';
import { type StateValueEntries, stateValuePairs } from './bs-count.js';
import { BSSamples } from './bs-samples.js';
import { type FockSpace, fockSpace } from './fock-space.js';
import { formatSignificant } from './format-number.js';
import { SparseStateMap } from './sparse-state-map.js';
import { WeightedIndex } from './weighted-index.js';

/** Entries printed by `toString` before it abbreviates (a full listing of 20 M states would not fit a string). */
const PRINT_LIMIT = 1_000_000;

/** All probabilities of one photon number, indexed by FSArray rank (see fock-space.ts). */
interface DenseSector {
  readonly n: number;
  readonly space: FockSpace;
  readonly probs: Float64Array;
}

/**
 * A probability distribution over detected Fock states (Perceval's `BSDistribution`): the result of
 * `sampler.probs()`.
 *
 * It scales to full SLOS outputs: a distribution over every state of n photons in m modes is a dense
 * `Float64Array` indexed by each state's closed-form rank ({@link BSDistribution.fromDense}), so
 * n = m = 14 (20,058,300 states) is one 160 MB array and `get('|…>')` costs O(m). Other results (masked
 * distributions, hand-built ones, several photon numbers) are kept in a sparse form: states as bytes
 * (at most 255 photons per mode) with a Map-free hash index. `BasicState` objects are only made when
 * entries are read.
 *
 * Semantics:
 * - `get` of an absent state is 0; `has(state)` is `get(state) !== 0`.
 * - Iteration, `size`, `toString` and `toJSON` cover the states of non-zero probability only (Perceval lists
 *   only the states present): dense sectors first, in rank order, then sparse entries in insertion order.
 * - Values are not renormalised implicitly; call {@link BSDistribution.normalize}.
 * - Keys are untagged states of one mode count; noise-tagged states are refused.
 */
export class BSDistribution implements Iterable<[BasicState, number]> {
  #m: number | undefined;
  #dense: DenseSector[] = [];
  #sparse: SparseStateMap | undefined;
  /** Cached number of non-zero entries; undefined after a change. */
  #nonZero: number | undefined;

  /**
   * @param entries `[state, probability]` pairs, or an object mapping state strings to probabilities (the
   *   {@link BSDistribution.toJSON} form). Repeated states accumulate.
   */
  constructor(entries?: StateValueEntries) {
    if (entries === undefined) return;
    for (const [state, p] of stateValuePairs(entries)) this.add(state, p);
  }

  /**
   * A full distribution over every state of `n` photons in `m` modes: `probs[rank]` is the probability of the
   * state of that FSArray rank (the layout the native simulator writes). The array is adopted, not copied.
   *
   * @param options.validate check that every probability is finite and non-negative (default `true`); a producer
   *   that guarantees it, such as the native simulator, passes `false` to skip a pass over millions of values.
   */
  static fromDense(
    m: number,
    n: number,
    probs: Float64Array,
    options: { validate?: boolean } = {},
  ): BSDistribution {
    const space = fockSpace(m, n);
    if (!(probs instanceof Float64Array) || probs.length !== space.size) {
      throw new ValidationError(
        `A dense distribution of ${n} photons in ${m} modes needs a Float64Array of ${space.size} probabilities` +
          (probs instanceof Float64Array ? `, got ${probs.length}` : ''),
        { field: 'probs' },
      );
    }
    if (options.validate ?? true) checkProbabilities(probs);
    const d = new BSDistribution();
    d.#m = m;
    d.#dense.push({ n, space, probs });
    return d;
  }

  /**
   * A sparse distribution: state i is `states[i·m .. (i+1)·m)` (one byte per mode) with probability `probs[i]`.
   * The arrays are adopted, not copied. States should be distinct (a repeated one is merged, its
   * probabilities summed, when the distribution is first looked up by state).
   */
  static fromSparse(m: number, states: Uint8Array, probs: Float64Array): BSDistribution {
    if (!Number.isSafeInteger(m) || m < 0) {
      throw new ValidationError(`The mode count must be a non-negative integer, got ${String(m)}`, {
        field: 'm',
      });
    }
    if (!(states instanceof Uint8Array) || !(probs instanceof Float64Array)) {
      throw new ValidationError(
        'A sparse distribution needs a Uint8Array of states and a Float64Array of probabilities',
        {
          field: 'states',
        },
      );
    }
    checkProbabilities(probs);
    const d = new BSDistribution();
    d.#m = m;
    d.#sparse = SparseStateMap.adopt(m, states, probs);
    return d;
  }

  /**
   * The tensor product of several distributions (Perceval's `list_tensor_product`): every combination of one
   * state from each, with the product of their probabilities. Modes are concatenated, or with `mergeModes`
   * (all distributions on the same modes) the photon counts are added mode by mode, which convolves the
   * distributions of independent groups of distinguishable photons. Partial products below `probThreshold`
   * are dropped. An empty list, or any empty distribution, gives an empty result.
   */
  static listTensorProduct(
    distributions: readonly BSDistribution[],
    options: { mergeModes?: boolean; probThreshold?: number } = {},
  ): BSDistribution {
    const mergeModes = options.mergeModes ?? false;
    const threshold = options.probThreshold ?? 0;
    if (distributions.length === 0 || distributions.some((d) => d.size === 0)) return new BSDistribution();
    const ms = distributions.map((d) => d.#m!);
    if (mergeModes && ms.some((m) => m !== ms[0])) {
      throw new ValidationError(`Merged distributions must share their modes, got ${ms.join(', ')}`, {
        field: 'distributions',
      });
    }
    const m = mergeModes ? ms[0]! : ms.reduce((a, b) => a + b, 0);
    // Each factor as flat arrays, so the nested loops below make no objects.
    const factors = distributions.map((d) => {
      const { states, probs } = d.toSparse();
      return { m: d.#m!, states, probs };
    });
    const result = new SparseStateMap(m);
    const current = new Int32Array(m);
    const recurse = (k: number, offset: number, p: number): void => {
      if (k === factors.length) {
        result.add(current, p);
        return;
      }
      const f = factors[k]!;
      for (let j = 0; j < f.probs.length; j++) {
        const q = p * f.probs[j]!;
        if (q < threshold) continue;
        const base = j * f.m;
        if (mergeModes) {
          for (let i = 0; i < m; i++) current[i]! += f.states[base + i]!;
          recurse(k + 1, 0, q);
          for (let i = 0; i < m; i++) current[i]! -= f.states[base + i]!;
        } else {
          for (let i = 0; i < f.m; i++) current[offset + i] = f.states[base + i]!;
          recurse(k + 1, offset + f.m, q);
        }
      }
    };
    recurse(0, 0, 1);
    const d = new BSDistribution();
    d.#m = m;
    d.#sparse = result;
    return d;
  }

  /** Number of modes of the states (undefined for an empty distribution that never held a state). */
  get m(): number | undefined {
    return this.#m;
  }

  /** Probability of a state; 0 when absent (or when the state has another mode count). */
  get(state: StateLike): number {
    const s = toBasicState(state);
    if (s.m !== this.#m) return 0;
    for (const sector of this.#dense) {
      if (sector.n === s.n) return sector.probs[sector.space.rankUnchecked(s.toArray())]!;
    }
    return this.#sparse === undefined ? 0 : this.#sparse.get(s.toArray());
  }

  /** True when the state has a non-zero probability. */
  has(state: StateLike): boolean {
    return this.get(state) !== 0;
  }

  /** Sets the probability of a state. Returns this distribution. */
  set(state: StateLike, probability: number): this {
    const s = this.#accept(state, probability);
    const occ = s.toArray();
    for (const sector of this.#dense) {
      if (sector.n === s.n) {
        sector.probs[sector.space.rankUnchecked(occ)] = probability;
        this.#nonZero = undefined;
        return this;
      }
    }
    this.#sparse ??= new SparseStateMap(s.m);
    this.#sparse.set(occ, probability);
    this.#nonZero = undefined;
    return this;
  }

  /** Adds `probability` to a state's probability (Perceval's `add`). Returns this distribution. */
  add(state: StateLike, probability: number): this {
    const s = this.#accept(state, probability);
    const occ = s.toArray();
    for (const sector of this.#dense) {
      if (sector.n === s.n) {
        sector.probs[sector.space.rankUnchecked(occ)]! += probability;
        this.#nonZero = undefined;
        return this;
      }
    }
    this.#sparse ??= new SparseStateMap(s.m);
    this.#sparse.add(occ, probability);
    this.#nonZero = undefined;
    return this;
  }

  /** Number of states of non-zero probability (what iteration yields; computed once, then cached). */
  get size(): number {
    if (this.#nonZero === undefined) {
      let count = 0;
      for (const values of this.#valueArrays()) {
        for (let i = 0; i < values.length; i++) if (values[i] !== 0) count++;
      }
      this.#nonZero = count;
    }
    return this.#nonZero;
  }

  /** Sum of all probabilities. */
  total(): number {
    let sum = 0;
    for (const values of this.#valueArrays()) {
      for (let i = 0; i < values.length; i++) sum += values[i]!;
    }
    return sum;
  }

  /**
   * Divides every probability by the total so that they sum to 1. A distribution whose total is 0 is left as
   * it is (Perceval warns and does the same). Returns this distribution.
   */
  normalize(): this {
    const sum = this.total();
    if (sum === 0 || sum === 1) return this;
    for (const values of this.#valueArrays()) {
      for (let i = 0; i < values.length; i++) values[i]! /= sum;
    }
    this.#nonZero = undefined;
    return this;
  }

  /**
   * Calls `visit(occupations, probability)` for every state of non-zero probability, in iteration order,
   * without making BasicState objects. `occupations` is a buffer reused between calls: copy it to keep it.
   */
  forEachOccupation(visit: (occupations: Readonly<Int32Array>, probability: number) => void): void {
    const m = this.#m ?? 0;
    const occ = new Int32Array(m);
    for (const sector of this.#dense) {
      const probs = sector.probs;
      sector.space.forEach((o, rank) => {
        const p = probs[rank]!;
        if (p !== 0) visit(o, p);
      });
    }
    const sparse = this.#sparse;
    if (sparse !== undefined) {
      const values = sparse.valuesView();
      for (let i = 0; i < values.length; i++) {
        const p = values[i]!;
        if (p !== 0) visit(sparse.stateInto(i, occ), p);
      }
    }
  }

  /** `[state, probability]` pairs of non-zero probability. */
  *entries(): IterableIterator<[BasicState, number]> {
    for (const sector of this.#dense) {
      const { probs, space } = sector;
      const occ = new Int32Array(space.m);
      for (let rank = 0; rank < probs.length; rank++) {
        const p = probs[rank]!;
        if (p !== 0) yield [new BasicState(space.unrankInto(rank, occ)), p];
      }
    }
    const sparse = this.#sparse;
    if (sparse !== undefined) {
      const occ = new Int32Array(sparse.m);
      for (let i = 0; i < sparse.size; i++) {
        const p = sparse.valueAt(i);
        if (p !== 0) yield [new BasicState(sparse.stateInto(i, occ)), p];
      }
    }
  }

  /** The states of non-zero probability. */
  *keys(): IterableIterator<BasicState> {
    for (const [state] of this.entries()) yield state;
  }

  /** The non-zero probabilities, in iteration order. */
  *values(): IterableIterator<number> {
    for (const sector of this.#dense) for (const p of sector.probs) if (p !== 0) yield p;
    if (this.#sparse !== undefined) for (const p of this.#sparse.valuesView()) if (p !== 0) yield p;
  }

  [Symbol.iterator](): IterableIterator<[BasicState, number]> {
    return this.entries();
  }

  /**
   * Draws `count` independent samples (Perceval's `sample`). With `nonNull` (the default, as in Perceval)
   * the vacuum state is excluded and the rest renormalised. `rng` returns uniform numbers in [0, 1).
   */
  sample(count: number, rng: () => number = Math.random, options: { nonNull?: boolean } = {}): BSSamples {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new ValidationError(`The sample count must be a non-negative integer, got ${String(count)}`, {
        field: 'count',
      });
    }
    const sampler = this.sampler(options);
    if (count > 0) sampler.checkDrawable();
    const flat = new Uint8Array(count * sampler.m);
    sampler.drawInto(flat, 0, count, rng);
    return BSSamples.fromFlat(sampler.m, flat);
  }

  /**
   * A sampler of this distribution that draws in steps ({@link DistributionSampler.drawInto}), for long runs that
   * must stop or report progress between steps; the same `rng` stream gives the same samples as {@link sample}.
   * @throws ValidationError for a distribution without modes or with more than 255 photons in a state
   */
  sampler(options: { nonNull?: boolean } = {}): DistributionSampler {
    const nonNull = options.nonNull ?? true;
    const m = this.#m;
    if (m === undefined || m === 0) {
      throw new ValidationError('Cannot sample a distribution without modes', { field: 'distribution' });
    }
    // One weight segment per dense sector, then the sparse values; vacuum weights zeroed when excluded.
    const segments: Float64Array[] = [];
    const sectors: Array<DenseSector | undefined> = [];
    for (const sector of this.#dense) {
      if (sector.n > 255) {
        throw new ValidationError('Cannot sample states of more than 255 photons', { field: 'distribution' });
      }
      segments.push(nonNull && sector.n === 0 ? new Float64Array(sector.probs.length) : sector.probs);
      sectors.push(sector);
    }
    const sparse = this.#sparse;
    if (sparse !== undefined) {
      let values = sparse.valuesView();
      if (nonNull) {
        const states = sparse.statesView();
        let copied = false;
        for (let i = 0; i < values.length; i++) {
          if (values[i] !== 0 && isVacuum(states, i * m, m)) {
            // Zero the vacuum in a copy: sampling must not change the distribution.
            if (!copied) values = values.slice();
            copied = true;
            values[i] = 0;
          }
        }
      }
      segments.push(values);
      sectors.push(undefined);
    }
    return new DistributionSampler(m, segments, sectors, sparse, nonNull);
  }

  /** The non-zero entries as flat arrays (m bytes per state), e.g. to hand them to native code. */
  toSparse(): { m: number; states: Uint8Array; probs: Float64Array } {
    const m = this.#m ?? 0;
    const size = this.size;
    const states = new Uint8Array(size * m);
    const probs = new Float64Array(size);
    let k = 0;
    this.forEachOccupation((occ, p) => {
      for (let i = 0; i < m; i++) {
        const o = occ[i]!;
        if (o > 255)
          throw new ValidationError('A state holds more than 255 photons in a mode', { field: 'state' });
        states[k * m + i] = o;
      }
      probs[k++] = p;
    });
    return { m, states, probs };
  }

  /**
   * Perceval's printout: `{\n\t|1,0>: 0.0286\n\t|0,1>: 0.9714\n}`, probabilities with 6 significant digits
   * (`%g`, as exqalibur's C++ stream prints doubles). Past 1,000,000 states the rest is summarised.
   */
  toString(): string {
    const lines: string[] = [];
    let shown = 0;
    for (const [state, p] of this.entries()) {
      if (shown === PRINT_LIMIT) {
        lines.push(`\t... (${this.size - PRINT_LIMIT} more states)`);
        break;
      }
      lines.push(`\t${state.toString()}: ${formatSignificant(p, 6)}`);
      shown++;
    }
    return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n}`;
  }

  /** JSON form: an object mapping each state's text form to its probability (non-zero entries). */
  toJSON(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [state, p] of this.entries()) out[state.toString()] = p;
    return out;
  }

  #accept(state: StateLike, probability: number): BasicState {
    const s = toBasicState(state);
    if (s.isNoisy) {
      throw new ValidationError(`Distribution states cannot carry noise tags: ${s.toString()}`, {
        field: 'state',
      });
    }
    if (typeof probability !== 'number' || !Number.isFinite(probability) || probability < 0) {
      throw new ValidationError(
        `A probability must be a finite non-negative number, got ${String(probability)}`,
        {
          field: 'probability',
        },
      );
    }
    if (this.#m === undefined) this.#m = s.m;
    if (s.m !== this.#m) {
      throw new ValidationError(`State ${s.toString()} has ${s.m} modes, the distribution has ${this.#m}`, {
        field: 'state',
      });
    }
    return s;
  }

  #valueArrays(): Float64Array[] {
    const arrays = this.#dense.map((sector) => sector.probs);
    if (this.#sparse !== undefined) arrays.push(this.#sparse.valuesView());
    return arrays;
  }
}

function isVacuum(states: Uint8Array, offset: number, m: number): boolean {
  for (let i = 0; i < m; i++) if (states[offset + i] !== 0) return false;
  return true;
}

function checkProbabilities(probs: Float64Array): void {
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (!(p >= 0) || p === Number.POSITIVE_INFINITY) {
      throw new ValidationError(`Probabilities must be finite and non-negative, got ${p} at index ${i}`, {
        field: 'probs',
      });
    }
  }
}

/**
 * Independent draws from a {@link BSDistribution} (see {@link BSDistribution.sampler}), a step at a time: each
 * {@link DistributionSampler.drawInto} call writes the next samples where the caller wants them.
 */
export class DistributionSampler {
  /** Modes of each sample (bytes per sample in a flat buffer). */
  readonly m: number;
  readonly #segments: Float64Array[];
  readonly #sectors: Array<DenseSector | undefined>;
  readonly #sparse: SparseStateMap | undefined;
  readonly #segmentStarts: number[];
  readonly #index: WeightedIndex;
  readonly #nonNull: boolean;

  /** @internal Built by {@link BSDistribution.sampler}. */
  constructor(
    m: number,
    segments: Float64Array[],
    sectors: Array<DenseSector | undefined>,
    sparse: SparseStateMap | undefined,
    nonNull: boolean,
  ) {
    this.m = m;
    this.#segments = segments;
    this.#sectors = sectors;
    this.#sparse = sparse;
    this.#nonNull = nonNull;
    this.#index = new WeightedIndex(segments);
    this.#segmentStarts = [];
    let start = 0;
    for (const segment of segments) {
      this.#segmentStarts.push(start);
      start += segment.length;
    }
  }

  /**
   * Throws when nothing can be drawn (every weight zero), as {@link BSDistribution.sample} does for a positive count.
   * @throws ValidationError (field `distribution`)
   */
  checkDrawable(): void {
    if (!(this.#index.total > 0)) {
      throw new ValidationError(
        this.#nonNull
          ? 'Cannot sample: every non-vacuum state has probability zero'
          : 'Cannot sample: every probability is zero',
        { field: 'distribution' },
      );
    }
  }

  /** Writes `count` samples into `into`, the first at sample index `at` (byte `at·m`); one `rng()` per sample. */
  drawInto(into: Uint8Array, at: number, count: number, rng: () => number): void {
    const m = this.m;
    const segments = this.#segments;
    for (let k = at; k < at + count; k++) {
      let i = this.#index.draw(rng());
      let s = 0;
      while (s + 1 < segments.length && i >= this.#segmentStarts[s + 1]!) s++;
      i -= this.#segmentStarts[s]!;
      const sector = this.#sectors[s];
      if (sector !== undefined) sector.space.unrankInto(i, into, k * m);
      else this.#sparse!.stateInto(i, into, k * m);
    }
  }
}
