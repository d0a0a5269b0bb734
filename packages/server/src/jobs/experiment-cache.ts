import { type DecodeLimits, deserialize } from '@bosonic/protocol';

/**
 * Recently decoded `:PCVL:` experiments, by their text. Clients send the same experiment again and again (a
 * Sampler's jobs, a JobGroup, a sweep re-run), and decoding one (inflate, protobuf, circuit) is most of checking
 * a job. Entries are shared: the server only reads them (the Processor it builds never changes its experiment).
 */
export class DecodedExperimentCache {
  readonly #entries = new Map<string, unknown>();
  readonly #maxEntries: number;
  readonly #maxTextLength: number;

  constructor(options: { maxEntries?: number; maxTextLength?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 64;
    this.#maxTextLength = options.maxTextLength ?? 64 * 1024;
  }

  /**
   * The decoded value of `text` (cached when short enough), or the decoding's error. `limits` bound the decoding
   * of a text not cached yet; a cached value was decoded within the limits it was first asked with, so callers
   * check what matters to them (modes, photons) on the value, as the job plan does.
   */
  decode(text: string, limits?: Partial<DecodeLimits>): unknown {
    const cached = this.#entries.get(text);
    if (cached !== undefined) {
      // Most recently used last, so that the oldest entry is the first one evicted.
      this.#entries.delete(text);
      this.#entries.set(text, cached);
      return cached;
    }
    const value = deserialize(text, limits === undefined ? {} : { limits });
    if (text.length <= this.#maxTextLength) {
      if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(text, value);
    }
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }
}
