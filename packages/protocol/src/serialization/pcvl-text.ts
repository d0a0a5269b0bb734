import { ValidationError } from '@bosonic/core';
import type { DecodeLimits } from './decode-limits.js';
import { PCVL_PREFIX } from './pcvl-prefix.js';
import { inflatePcvl } from './zip.js';

/** A `:PCVL:` string cut into its tag and its body (the text after the tag's `:`; it may contain `:`). */
export interface PcvlParts {
  tag: string;
  body: string;
}

/** True when `value` is a `:PCVL:` string (compressed or not). */
export function isPcvlString(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PCVL_PREFIX);
}

/**
 * Splits a `:PCVL:` string into tag and body, inflating the `zip:` form first.
 * @param limits - `maxInflatedBytes` bounds the inflated size (default 1 GiB).
 * @throws ValidationError when the text is not a `:PCVL:` string, has no tag, or its `zip:` payload is
 *   malformed or inflates beyond the limit.
 */
export function splitPcvl(text: string, limits?: Partial<DecodeLimits>): PcvlParts {
  if (!isPcvlString(text)) {
    throw new ValidationError(`Not a ':PCVL:' string: ${preview(text)}`, { field: 'pcvl' });
  }
  const plain = inflatePcvl(text, limits);
  const rest = plain.slice(PCVL_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) {
    throw new ValidationError(`Malformed ':PCVL:' string, expected ':PCVL:<Tag>:<body>': ${preview(plain)}`, {
      field: 'pcvl',
    });
  }
  return { tag: rest.slice(0, colon), body: rest.slice(colon + 1) };
}

/** Joins a tag and a body into the uncompressed `:PCVL:` text. */
export function joinPcvl(tag: string, body: string): string {
  return `${PCVL_PREFIX}${tag}:${body}`;
}

/** The start of a text, for error messages. */
export function preview(text: unknown): string {
  if (typeof text !== 'string') return String(text);
  return text.length > 60 ? `'${text.slice(0, 57)}...'` : `'${text}'`;
}
