import { ValidationError } from '../../errors/index.js';

/**
 * A map from Fock states (stored flat, one byte per mode) to numbers, without a JS `Map`.
 *
 * Why: a JS `Map` holds at most 2^24 entries and one object per key, while simulator and sampler results hold
 * tens of millions of states. Here the states live in one growable `Uint8Array` (m bytes per state, insertion
 * order), the values in one `Float64Array`, and lookups go through an open-addressing hash table of `Uint32`
 * slots (linear probing, load ≤ 3/4).
 *
 * Photon counts are limited to 255 per mode (the byte encoding shared with the native simulator).
 */
export class SparseStateMap {
  /** Number of modes of every state. */
  readonly m: number;
  #states: Uint8Array;
  #values: Float64Array;
  #size = 0;
  /** Slot k holds 0 (empty) or 1 + the index of an entry; undefined until first needed (see `adopt`). */
  #slots: Uint32Array | undefined;
  #mask: number;

  constructor(m: number, initialCapacity = 16) {
    if (!Number.isSafeInteger(m) || m < 0) {
      throw new ValidationError(`The mode count must be a non-negative integer, got ${String(m)}`, {
        field: 'm',
      });
    }
    this.m = m;
    const capacity = Math.max(4, initialCapacity);
    this.#states = new Uint8Array(capacity * m);
    this.#values = new Float64Array(capacity);
    const slotCount = slotCountFor(capacity);
    this.#slots = new Uint32Array(slotCount);
    this.#mask = slotCount - 1;
  }

  /**
   * Adopts flat `states` (m bytes per state) and their `values` (not copied: do not modify them afterwards).
   *
   * The states should be distinct. The hash index is only built by the first lookup or insertion, so that
   * containers of tens of millions of states that are merely iterated never pay for it; building it merges a
   * repeated state into its first occurrence (values summed, the arrays compacted in place).
   */
  static adopt(m: number, states: Uint8Array, values: Float64Array): SparseStateMap {
    const count = values.length;
    if (states.length !== count * m) {
      throw new ValidationError(
        `Expected ${count} states of ${m} modes (${count * m} bytes) for ${count} values, got ${states.length} bytes`,
        { field: 'states' },
      );
    }
    const map = new SparseStateMap(m, 0);
    map.#states = states;
    map.#values = values;
    map.#size = count;
    map.#slots = undefined;
    return map;
  }

  /** Builds the hash index over the adopted entries, merging repeated states. */
  #buildIndex(): Uint32Array {
    const m = this.m;
    const count = this.#size;
    const states = this.#states;
    const values = this.#values;
    const slotCount = slotCountFor(count);
    const slots = new Uint32Array(slotCount);
    this.#slots = slots;
    this.#mask = slotCount - 1;
    this.#size = 0;
    for (let i = 0; i < count; i++) {
      const at = this.#probe(states, i * m);
      const slot = slots[at]!;
      if (slot !== 0) {
        values[slot - 1]! += values[i]!;
        continue;
      }
      const index = this.#size++;
      if (index !== i) {
        states.copyWithin(index * m, i * m, (i + 1) * m);
        values[index] = values[i]!;
      }
      slots[at] = index + 1;
    }
    return slots;
  }

  /** Number of stored entries, whatever their value (entries are never removed). */
  get size(): number {
    return this.#size;
  }

  /**
   * Builds the lookup index now if it is not built yet (merging repeated adopted states), so that `size`
   * and the views reflect distinct states.
   */
  compact(): void {
    if (this.#slots === undefined) this.#buildIndex();
  }

  /** Index of the entry for the state at `occ[offset .. offset + m)`, or −1. */
  indexOf(occ: ArrayLike<number>, offset = 0): number {
    for (let i = 0; i < this.m; i++) if (occ[offset + i]! > 255) return -1;
    const slots = this.#slots ?? this.#buildIndex();
    return slots[this.#probe(occ, offset)]! - 1;
  }

  /** The value stored for a state, 0 when absent. */
  get(occ: ArrayLike<number>, offset = 0): number {
    const index = this.indexOf(occ, offset);
    return index < 0 ? 0 : this.#values[index]!;
  }

  /** Index of the entry for a state, inserting it (with value 0) when absent. */
  insert(occ: ArrayLike<number>, offset = 0): number {
    const m = this.m;
    for (let i = 0; i < m; i++) {
      const o = occ[offset + i]!;
      if (o > 255) {
        throw new ValidationError(
          `Mode ${i} holds ${o} photons; result containers store at most 255 per mode`,
          {
            field: 'state',
          },
        );
      }
    }
    let slots = this.#slots ?? this.#buildIndex();
    let at = this.#probe(occ, offset);
    const slot = slots[at]!;
    if (slot !== 0) return slot - 1;
    if ((this.#size + 1) * 4 > slots.length * 3) {
      slots = this.#rehash(slots.length * 2);
      at = this.#probe(occ, offset);
    }
    if (this.#size === this.#values.length) this.#grow();
    const index = this.#size++;
    for (let i = 0; i < m; i++) this.#states[index * m + i] = occ[offset + i]!;
    this.#values[index] = 0;
    slots[at] = index + 1;
    return index;
  }

  /** Sets the value of a state (inserting it when absent). */
  set(occ: ArrayLike<number>, value: number, offset = 0): void {
    // Insert first: it may replace the value array.
    const index = this.insert(occ, offset);
    this.#values[index] = value;
  }

  /** Adds `delta` to the value of a state (inserting it when absent). */
  add(occ: ArrayLike<number>, delta: number, offset = 0): void {
    const index = this.insert(occ, offset);
    this.#values[index]! += delta;
  }

  /** The value of entry `index`. */
  valueAt(index: number): number {
    return this.#values[index]!;
  }

  /** Overwrites the value of entry `index`. */
  setValueAt(index: number, value: number): void {
    this.#values[index] = value;
  }

  /** The photon counts of entry `index`, copied into `out` from `offset`. */
  stateInto<T extends { [index: number]: number }>(index: number, out: T, offset = 0): T {
    const m = this.m;
    for (let i = 0; i < m; i++) out[offset + i] = this.#states[index * m + i]!;
    return out;
  }

  /** The flat states of all entries (a view: valid until the next insertion). */
  statesView(): Uint8Array {
    return this.#states.subarray(0, this.#size * this.m);
  }

  /** The values of all entries, in entry order (a view: valid until the next insertion). */
  valuesView(): Float64Array {
    return this.#values.subarray(0, this.#size);
  }

  /** Linear probing: the slot holding this state, or the empty slot where it would go. */
  #probe(occ: ArrayLike<number>, offset: number): number {
    const m = this.m;
    const states = this.#states;
    const slots = this.#slots!;
    const mask = this.#mask;
    let at = hashState(occ, offset, m) & mask;
    for (;;) {
      const slot = slots[at]!;
      if (slot === 0) return at;
      const base = (slot - 1) * m;
      let same = true;
      for (let i = 0; i < m; i++) {
        if (states[base + i] !== occ[offset + i]) {
          same = false;
          break;
        }
      }
      if (same) return at;
      at = (at + 1) & mask;
    }
  }

  #grow(): void {
    const capacity = Math.max(16, this.#values.length * 2);
    const states = new Uint8Array(capacity * this.m);
    states.set(this.#states.subarray(0, this.#size * this.m));
    const values = new Float64Array(capacity);
    values.set(this.#values.subarray(0, this.#size));
    this.#states = states;
    this.#values = values;
  }

  #rehash(slotCount: number): Uint32Array {
    const m = this.m;
    const slots = new Uint32Array(slotCount);
    const mask = slotCount - 1;
    for (let index = 0; index < this.#size; index++) {
      let at = hashState(this.#states, index * m, m) & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = index + 1;
    }
    this.#slots = slots;
    this.#mask = mask;
    return slots;
  }
}

/** Smallest power of two keeping `count` entries at load ≤ 3/4 (at least 16). */
function slotCountFor(count: number): number {
  let slots = 16;
  while (slots * 3 < count * 4) slots *= 2;
  return slots;
}

/** FNV-1a over the photon counts, then murmur3's finaliser so that linear probing sees well-spread bits. */
function hashState(occ: ArrayLike<number>, offset: number, m: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < m; i++) h = Math.imul(h ^ occ[offset + i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
