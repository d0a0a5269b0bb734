import { ValidationError } from '@bosonic/core';
import type { DecodeLimits } from './decode-limits.js';
import { PCVL_PREFIX, ZIP_PREFIX } from './pcvl-prefix.js';
import { preview } from './pcvl-text.js';
import { inflatePieces } from './zip.js';

/** A `:PCVL:` string read up to its tag; the body follows in pieces, inflated on demand. */
export interface PcvlReading {
  /** The tag, e.g. `BasicState`. */
  tag: string;
  /** The text after `:PCVL:<tag>:`, in the pieces the inflater yields (one piece for an uncompressed string). */
  body: Iterable<string>;
}

/** Longest tag looked for: Perceval's are at most about 20 characters. */
const MAX_HEADER = 4096;

/**
 * Reads the tag of a `:PCVL:` string (plain or `zip:`), inflating only as far as the tag; the body is
 * inflated while the caller reads it, within `limits.maxInflatedBytes`.
 * @throws ValidationError when the text is not `:PCVL:<Tag>:<body>` (after inflating), or its `zip:` payload is
 *   malformed.
 */
export function readPcvl(text: string, limits: DecodeLimits): PcvlReading {
  const pieces = inflatePieces(text, limits.maxInflatedBytes)[Symbol.iterator]();
  let head = '';
  for (;;) {
    const colon = head.indexOf(':', PCVL_PREFIX.length);
    if (colon !== -1) {
      if (!head.startsWith(PCVL_PREFIX) || head.startsWith(ZIP_PREFIX)) break;
      const tag = head.slice(PCVL_PREFIX.length, colon);
      if (tag === '') break;
      return { tag, body: bodyPieces(head.slice(colon + 1), pieces) };
    }
    const next = pieces.next();
    if (next.done) break;
    head += next.value;
    if (head.length > MAX_HEADER && head.indexOf(':', PCVL_PREFIX.length) === -1) break;
  }
  const inflated = text.startsWith(ZIP_PREFIX) ? ' (after inflating)' : '';
  throw new ValidationError(
    `Malformed :PCVL: string${inflated}, expected ':PCVL:<Tag>:<body>': ${preview(head || text)}`,
    { field: 'pcvl' },
  );
}

function* bodyPieces(first: string, rest: Iterator<string>): Generator<string> {
  if (first) yield first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}
