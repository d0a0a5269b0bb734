import { BasicState, ValidationError } from '@bosonic/core';
import { malformed } from './codec.js';
import { type DecodeLimits, parseLimitsOf } from './decode-limits.js';
import { relocate } from './unsupported-error.js';

/**
 * Reads many plain Fock states (`|1,0,2>`) into one flat byte array, one byte per mode, which is how
 * `@bosonic/core` stores large containers (`fromSparse`, `fromFlat`): decoding millions of states then makes
 * no object per state. Anything that is not a plain state of at most 255 photons per mode is parsed by
 * `BasicState` itself, so its error message (or a clear refusal) reaches the caller. Both paths hold states to
 * the mode and photon limits while reading them.
 */
export class OccupationBuffer {
  #bytes = new Uint8Array(256);
  #length = 0;
  #m: number | undefined;

  constructor(
    readonly tag: string,
    readonly limits: DecodeLimits,
  ) {}

  /** Number of modes of the states read so far (undefined before the first). */
  get m(): number | undefined {
    return this.#m;
  }

  /**
   * Appends the state written in `text`.
   * @throws ValidationError naming the tag when the text is not a state, is noise-tagged or annotated, has
   *   more than 255 photons in a mode, or has another number of modes than the previous states.
   */
  push(text: string): void {
    const start = this.#length;
    if (!this.#pushPlain(text)) {
      this.#length = start;
      this.#pushParsed(text);
    }
  }

  /** The bytes read, trimmed to size. */
  bytes(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  /** Fast path for `|d,d,…>` with decimal counts ≤ 255. Returns false to fall back to the full parser. */
  #pushPlain(text: string): boolean {
    const end = text.length - 1;
    if (text.charCodeAt(0) !== 0x7c /* | */ || text.charCodeAt(end) !== 0x3e /* > */) return false;
    if (end === 1) return this.#accept(0); // `|>`: zero modes
    const { maxModes, maxPhotons } = this.limits;
    let modes = 0;
    let photons = 0;
    let value = -1;
    for (let i = 1; i <= end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) {
        value = value < 0 ? c - 0x30 : value * 10 + (c - 0x30);
        if (value > 255) return false;
      } else if (c === 0x2c /* , */ || i === end) {
        if (value < 0) return false;
        // Past a limit, the full parser gives the refusal its usual message.
        if (modes >= maxModes || photons + value > maxPhotons) return false;
        this.#append(value);
        modes++;
        photons += value;
        value = -1;
      } else {
        return false;
      }
    }
    return this.#accept(modes);
  }

  #pushParsed(text: string): void {
    let state: BasicState;
    try {
      state = BasicState.parse(text, parseLimitsOf(this.limits));
    } catch (error) {
      if (error instanceof ValidationError) {
        throw relocate(error, `Malformed :PCVL:${this.tag}: ${error.message}`, this.tag);
      }
      throw error;
    }
    if (state.isNoisy) throw malformed(this.tag, `noise-tagged states such as ${text} cannot be stored here`);
    const occ = state.toArray();
    const tooMany = occ.findIndex((count) => count > 255);
    if (tooMany !== -1) throw malformed(this.tag, `${text} has more than 255 photons in mode ${tooMany}`);
    for (const count of occ) this.#append(count);
    this.#accept(occ.length);
  }

  #append(value: number): void {
    if (this.#length === this.#bytes.length) {
      const grown = new Uint8Array(this.#bytes.length * 2);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[this.#length++] = value;
  }

  #accept(modes: number): true {
    if (this.#m === undefined) this.#m = modes;
    else if (this.#m !== modes) {
      throw malformed(this.tag, `states of ${this.#m} and of ${modes} modes cannot be mixed`);
    }
    return true;
  }
}

/** A growable typed array of numbers (8 bytes per value for floats, 4 for indices, never a JS array's). */
class NumberBuffer<A extends Float64Array | Uint32Array> {
  #values: A;
  #length = 0;

  constructor(readonly make: (length: number) => A) {
    this.#values = make(64);
  }

  push(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = this.make(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  get length(): number {
    return this.#length;
  }

  /** The values pushed, trimmed to size. */
  values(): A {
    return this.#values.slice(0, this.#length) as A;
  }
}

/** A growable Float64Array (probabilities, counts). */
export class FloatBuffer extends NumberBuffer<Float64Array> {
  constructor() {
    super((length) => new Float64Array(length));
  }
}

/** A growable Uint32Array (sample indices). */
export class IndexBuffer extends NumberBuffer<Uint32Array> {
  constructor() {
    super((length) => new Uint32Array(length));
  }
}
