import { DEFAULT_PARSE_LIMITS, type ParseLimits, resolveLimits } from '@bosonic/core';

/**
 * Bounds checked while a `:PCVL:` value is decoded, before anything is allocated in proportion to a number
 * read from it: the parse limits of `@bosonic/core` (modes, photons, nesting, length of a text parsed in one
 * piece) plus the size a `zip:` payload may inflate to. A server passes its platform's published limits (e.g.
 * `{ maxModes: 24, maxPhotons: 12 }`); a client reading large results from a service it trusts may raise
 * `maxInflatedBytes`. Exceeding a limit is a ValidationError naming it.
 */
export interface DecodeLimits extends ParseLimits {
  /**
   * Most bytes a `:PCVL:zip:` payload may inflate to, counted while inflating (a zlib stream can expand about
   * 1000-fold). Samples (`BSSamples`), which expand again when decoded, may not decode to more bytes either.
   */
  maxInflatedBytes: number;
  /**
   * Most components in a circuit or experiment, nested ones included, counted on the protobuf bytes before they
   * are decoded (a component is 5 bytes of wire and a few hundred once decoded).
   */
  maxComponents: number;
}

/**
 * The defaults: core's {@link DEFAULT_PARSE_LIMITS}, and 1 GiB of inflated text, room for the largest results a
 * client reads (20 million states of 14 modes inflate to about 850 MB; they decode to about half that). A service
 * decoding untrusted input should lower it to what its platforms can run.
 */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  ...DEFAULT_PARSE_LIMITS,
  maxInflatedBytes: 2 ** 30,
  maxComponents: 100_000,
});

/**
 * The given limits completed with {@link DEFAULT_DECODE_LIMITS}.
 * @throws ValidationError (field `limits.<name>`) for a limit that is not a positive integer or `Infinity`.
 */
export function decodeLimits(given?: Partial<DecodeLimits>): DecodeLimits {
  return resolveLimits(given, DEFAULT_DECODE_LIMITS);
}

/** The parse limits of core's parsers (`BasicState.parse`, `new PostSelect`) within decode limits. */
export function parseLimitsOf(limits: DecodeLimits): ParseLimits {
  const { maxModes, maxPhotons, maxDepth, maxStringLength } = limits;
  return { maxModes, maxPhotons, maxDepth, maxStringLength };
}
