import { ValidationError } from '../../errors/index.js';
import { checkNonNegativeInteger } from '../integer-checks.js';
import { BasicState, type StateLike, toBasicState } from './basic-state.js';
import type { BSSamples } from './bs-samples.js';
import { SparseStateMap } from './sparse-state-map.js';

/** Entries printed by `toString` before it abbreviates. */
const PRINT_LIMIT = 1_000_000;

/**
 * What the constructors of {@link BSCount} and `BSDistribution` accept: `[state, value]` pairs, or an object
 * mapping state strings to values (their `toJSON` form).
 */
export type StateValueEntries = Iterable<readonly [StateLike, number]> | Readonly<Record<string, number>>;

/** The `[state, value]` pairs of `entries`, whichever of the two forms they come in. */
export function stateValuePairs(entries: StateValueEntries): Iterable<readonly [StateLike, number]> {
  return typeof (entries as Iterable<unknown>)[Symbol.iterator] === 'function'
    ? (entries as Iterable<readonly [StateLike, number]>)
    : Object.entries(entries as Record<string, number>);
}

/**
 * Detection counts per Fock state (Perceval's `BSCount`): the result of `sampler.sampleCount(N)`.
 *
 * Counts live in a Map-free sparse form (states as bytes, at most 255 photons per mode, with an open-addressing
 * index), so accumulating millions of distinct states neither hits the 2^24-entry limit of a JS `Map` nor
 * allocates an object per state: {@link BSCount.addOccupations} counts a detection straight from its photon
 * counts. `BasicState` objects are only made when entries are read.
 *
 * Semantics: `get` of an absent state is 0; iteration, `size`, `toString` and `toJSON` cover the states with a
 * non-zero count, in insertion order.
 */
export class BSCount implements Iterable<[BasicState, number]> {
  #map: SparseStateMap | undefined;
  /** Cached number of non-zero entries; undefined after a change. */
  #nonZero: number | undefined;

  /**
   * @param entries `[state, count]` pairs, or an object mapping state strings to counts (the
   *   {@link BSCount.toJSON} form). Repeated states accumulate.
   */
  constructor(entries?: StateValueEntries) {
    if (entries === undefined) return;
    for (const [state, count] of stateValuePairs(entries)) this.add(state, count);
  }

  /**
   * Wraps flat arrays: state i is `states[i·m .. (i+1)·m)` (one byte per mode), counted `counts[i]` times.
   * A Float64Array of counts is adopted, not copied (do not modify it afterwards); a Uint32Array is converted.
   * States should be distinct (a repeated one is merged, its counts summed, when first looked up by state).
   */
  static fromSparse(m: number, states: Uint8Array, counts: Float64Array | Uint32Array): BSCount {
    if (!Number.isSafeInteger(m) || m < 0) {
      throw new ValidationError(`The mode count must be a non-negative integer, got ${String(m)}`, {
        field: 'm',
      });
    }
    if (
      !(states instanceof Uint8Array) ||
      !(counts instanceof Float64Array || counts instanceof Uint32Array)
    ) {
      throw new ValidationError(
        'Expected a Uint8Array of states and a Float64Array or Uint32Array of counts',
        {
          field: 'states',
        },
      );
    }
    const values = counts instanceof Float64Array ? counts : Float64Array.from(counts);
    for (let i = 0; i < values.length; i++) {
      const c = values[i]!;
      if (!Number.isSafeInteger(c) || c < 0) {
        throw new ValidationError(`Counts must be non-negative integers, got ${c} at index ${i}`, {
          field: 'counts',
        });
      }
    }
    const result = new BSCount();
    result.#map = SparseStateMap.adopt(m, states, values);
    return result;
  }

  /** An empty container for states of `m` modes (so that {@link BSCount.addOccupations} can read flat buffers). */
  static forModes(m: number): BSCount {
    const result = new BSCount();
    result.#map = new SparseStateMap(m);
    return result;
  }

  /** Counts every sample of a {@link BSSamples} (Perceval's `samples_to_sample_count`), in order of first sight. */
  static fromSamples(samples: BSSamples): BSCount {
    const result = new BSCount();
    const m = samples.m;
    if (m === undefined) return result;
    const flat = samples.toFlat();
    const map = new SparseStateMap(m);
    for (let offset = 0; offset < flat.length; offset += m) map.add(flat, 1, offset);
    result.#map = map;
    return result;
  }

  /** Number of modes of the states (undefined while empty). */
  get m(): number | undefined {
    return this.#map?.m;
  }

  /** Count of a state; 0 when absent (or when the state has another mode count). */
  get(state: StateLike): number {
    const s = toBasicState(state);
    if (this.#map === undefined || s.m !== this.#map.m) return 0;
    return this.#map.get(s.toArray());
  }

  /** True when the state has a non-zero count. */
  has(state: StateLike): boolean {
    return this.get(state) !== 0;
  }

  /** Sets the count of a state. Returns this container. */
  set(state: StateLike, count: number): this {
    const occ = this.#accept(state, count);
    this.#map!.set(occ, count);
    this.#nonZero = undefined;
    return this;
  }

  /** Adds `count` (default 1) detections of a state. Returns this container. */
  add(state: StateLike, count = 1): this {
    const occ = this.#accept(state, count);
    this.#map!.add(occ, count);
    this.#nonZero = undefined;
    return this;
  }

  /**
   * Adds `count` detections of the state whose photon counts are `occupations[offset .. offset + m)`, without
   * making a BasicState: the accumulation path for samplers. On a container that does not know its m yet
   * (empty, not made by {@link BSCount.forModes}), the whole of `occupations` is one state.
   */
  addOccupations(occupations: ArrayLike<number>, count = 1, offset = 0): this {
    checkNonNegativeInteger(count, 'count');
    if (this.#map === undefined) {
      if (offset !== 0) {
        throw new ValidationError(
          'The mode count is unknown: create the container with BSCount.forModes(m)',
          {
            field: 'offset',
          },
        );
      }
      this.#map = new SparseStateMap(occupations.length);
    }
    const m = this.#map.m;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + m > occupations.length) {
      throw new ValidationError(`Occupations [${offset}, ${offset + m}) are outside the buffer`, {
        field: 'occupations',
      });
    }
    for (let i = 0; i < m; i++) {
      const o = occupations[offset + i]!;
      if (!Number.isInteger(o) || o < 0) {
        throw new ValidationError(`Photon numbers must be non-negative integers, got ${o} in mode ${i}`, {
          field: 'occupations',
        });
      }
    }
    this.#map.add(occupations, count, offset);
    this.#nonZero = undefined;
    return this;
  }

  /** Number of states with a non-zero count (what iteration yields). */
  get size(): number {
    if (this.#nonZero === undefined) {
      let n = 0;
      const values = this.#map?.valuesView() ?? new Float64Array(0);
      for (let i = 0; i < values.length; i++) if (values[i] !== 0) n++;
      this.#nonZero = n;
    }
    return this.#nonZero;
  }

  /** Sum of all counts. */
  total(): number {
    let sum = 0;
    const values = this.#map?.valuesView() ?? new Float64Array(0);
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    return sum;
  }

  /**
   * Calls `visit(occupations, count)` for every state with a non-zero count, without making BasicState objects.
   * `occupations` is a buffer reused between calls: copy it to keep it.
   */
  forEachOccupation(visit: (occupations: Readonly<Int32Array>, count: number) => void): void {
    const map = this.#map;
    if (map === undefined) return;
    const occ = new Int32Array(map.m);
    const values = map.valuesView();
    for (let i = 0; i < values.length; i++) {
      const c = values[i]!;
      if (c !== 0) visit(map.stateInto(i, occ), c);
    }
  }

  /** `[state, count]` pairs with a non-zero count, in insertion order. */
  *entries(): IterableIterator<[BasicState, number]> {
    const map = this.#map;
    if (map === undefined) return;
    const occ = new Int32Array(map.m);
    for (let i = 0; i < map.size; i++) {
      const c = map.valueAt(i);
      if (c !== 0) yield [new BasicState(map.stateInto(i, occ)), c];
    }
  }

  /** The states with a non-zero count. */
  *keys(): IterableIterator<BasicState> {
    for (const [state] of this.entries()) yield state;
  }

  /** The non-zero counts, in iteration order. */
  *values(): IterableIterator<number> {
    if (this.#map !== undefined) for (const c of this.#map.valuesView()) if (c !== 0) yield c;
  }

  [Symbol.iterator](): IterableIterator<[BasicState, number]> {
    return this.entries();
  }

  /** The non-zero entries as flat arrays (m bytes per state), e.g. to hand them to native code. */
  toSparse(): { m: number; states: Uint8Array; counts: Float64Array } {
    const m = this.#map?.m ?? 0;
    const size = this.size;
    const states = new Uint8Array(size * m);
    const counts = new Float64Array(size);
    let k = 0;
    this.forEachOccupation((occ, c) => {
      states.set(occ, k * m);
      counts[k++] = c;
    });
    return { m, states, counts };
  }

  /** Perceval's printout: `{\n\t|1,0>: 392\n\t|0,1>: 608\n}`; past 1,000,000 states the rest is summarised. */
  toString(): string {
    const lines: string[] = [];
    let shown = 0;
    for (const [state, c] of this.entries()) {
      if (shown === PRINT_LIMIT) {
        lines.push(`\t... (${this.size - PRINT_LIMIT} more states)`);
        break;
      }
      lines.push(`\t${state.toString()}: ${c}`);
      shown++;
    }
    return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n}`;
  }

  /** JSON form: an object mapping each state's text form to its count (non-zero entries). */
  toJSON(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [state, c] of this.entries()) out[state.toString()] = c;
    return out;
  }

  #accept(state: StateLike, count: number): number[] {
    const s = toBasicState(state);
    if (s.isNoisy) {
      throw new ValidationError(`Counted states cannot carry noise tags: ${s.toString()}`, {
        field: 'state',
      });
    }
    checkNonNegativeInteger(count, 'count');
    this.#map ??= new SparseStateMap(s.m);
    if (s.m !== this.#map.m) {
      throw new ValidationError(`State ${s.toString()} has ${s.m} modes, the others have ${this.#map.m}`, {
        field: 'state',
      });
    }
    return s.toArray();
  }
}
