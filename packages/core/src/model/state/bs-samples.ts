import { ValidationError } from '../../errors/index.js';
import { BasicState } from './basic-state.js';

/** How many samples `toString` lists before it abbreviates (as Perceval's printout does). */
const PRINTED_SAMPLES = 10;

/**
 * An ordered list of detected Fock states (Perceval's `BSSamples`), e.g. the output of `sampler.samples(N)`.
 *
 * Samples are stored flat, one byte per mode (at most 255 photons per mode), in one growable `Uint8Array`:
 * `BasicState` objects are only made when a sample is read. All samples have the same number of modes.
 */
export class BSSamples implements Iterable<BasicState> {
  #m: number | undefined;
  #flat: Uint8Array;
  #length = 0;

  /** @param states initial samples, in order (BasicStates or their text forms). */
  constructor(states?: Iterable<BasicState | string>) {
    this.#flat = new Uint8Array(0);
    if (states !== undefined) for (const state of states) this.push(state);
  }

  /**
   * Wraps flat occupations: sample i is `flat[i·m .. (i+1)·m)`. The array is adopted, not copied: do not modify
   * it afterwards. With `m = 0` (every mode heralded away) each sample is the empty state `|>` and `count` says
   * how many there are; otherwise `count`, when given, must match `flat.length / m`.
   */
  static fromFlat(m: number, flat: Uint8Array, count?: number): BSSamples {
    if (!Number.isSafeInteger(m) || m < 0) {
      throw new ValidationError(`The mode count must be a non-negative integer, got ${String(m)}`, {
        field: 'm',
      });
    }
    if (!(flat instanceof Uint8Array) || (m > 0 && flat.length % m !== 0) || (m === 0 && flat.length !== 0)) {
      throw new ValidationError(`Expected a Uint8Array whose length is a multiple of m=${m}`, {
        field: 'flat',
      });
    }
    const length = m > 0 ? flat.length / m : count;
    if (length === undefined || !Number.isSafeInteger(length) || length < 0 || (count ?? length) !== length) {
      throw new ValidationError(
        m > 0
          ? `count=${String(count)} does not match ${flat.length / m} samples of ${m} modes`
          : 'Samples of 0 modes need their count',
        { field: 'count' },
      );
    }
    const samples = new BSSamples();
    samples.#m = m;
    samples.#flat = flat;
    samples.#length = length;
    return samples;
  }

  /** Number of modes of every sample (undefined while the list is empty and was not built from flat data). */
  get m(): number | undefined {
    return this.#m;
  }

  /** Number of samples. */
  get length(): number {
    return this.#length;
  }

  /** Sample `index` (negative counts from the end, as `Array.prototype.at`); undefined when out of range. */
  at(index: number): BasicState | undefined {
    const i = index < 0 ? this.#length + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#length) return undefined;
    return this.#stateAt(i);
  }

  /** Appends a sample; returns the new length. Noise-tagged states are refused (samples are detections). */
  push(state: BasicState | string): number {
    const s = typeof state === 'string' ? BasicState.parse(state) : state;
    if (!(s instanceof BasicState)) {
      throw new ValidationError('A sample must be a BasicState or its text form', { field: 'state' });
    }
    if (s.isNoisy) {
      throw new ValidationError(`A sample cannot carry noise tags: ${s.toString()}`, { field: 'state' });
    }
    if (this.#m === undefined) this.#m = s.m;
    const m = this.#m;
    if (s.m !== m) {
      throw new ValidationError(`Sample ${s.toString()} has ${s.m} modes, the others have ${m}`, {
        field: 'state',
      });
    }
    if ((this.#length + 1) * m > this.#flat.length) {
      const grown = new Uint8Array(Math.max(16 * m, this.#flat.length * 2));
      grown.set(this.#flat.subarray(0, this.#length * m));
      this.#flat = grown;
    }
    const base = this.#length * m;
    for (let i = 0; i < m; i++) {
      const o = s.get(i);
      if (o > 255) {
        throw new ValidationError(`Mode ${i} of ${s.toString()} holds more than 255 photons`, {
          field: 'state',
        });
      }
      this.#flat[base + i] = o;
    }
    return ++this.#length;
  }

  /** Iterates the samples in order. */
  *[Symbol.iterator](): Iterator<BasicState> {
    for (let i = 0; i < this.#length; i++) yield this.#stateAt(i);
  }

  /** A copy of the samples as flat occupations (m bytes per sample), e.g. to hand them to native code. */
  toFlat(): Uint8Array {
    return this.#flat.slice(0, this.#length * (this.#m ?? 0));
  }

  /**
   * Perceval's printout: `[ |1,0>, |0,1> ]`; past 10 samples the first 10 are listed, then `... (size=N)`.
   */
  toString(): string {
    if (this.#length === 0) return '[]';
    const shown: string[] = [];
    for (let i = 0; i < Math.min(this.#length, PRINTED_SAMPLES); i++) shown.push(this.#stateAt(i).toString());
    if (this.#length > PRINTED_SAMPLES) shown.push(`... (size=${this.#length})`);
    return `[ ${shown.join(', ')} ]`;
  }

  /** JSON form: the list of samples' text forms. */
  toJSON(): string[] {
    return Array.from(this, (s) => s.toString());
  }

  #stateAt(i: number): BasicState {
    const m = this.#m ?? 0;
    return new BasicState(this.#flat.subarray(i * m, (i + 1) * m));
  }
}
