import { excerpt, malformed } from './codec.js';

/**
 * Numbers in `:PCVL:` bodies, read as Python's `float(v)` / `int(v)` read them, minus the exotic spellings
 * (`nan`, `inf`, `1_000`, surrounding blanks) that Perceval never writes.
 */

/**
 * The digits before and after the point are separated by a mandatory point inside an optional group, so the
 * pattern cannot split a run of digits two ways: it runs in linear time (`\d+\.?\d*` backtracked
 * quadratically, 2 s for 20,000 digits and hours for a 4 MB value).
 */
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** Parses a finite decimal float. @throws ValidationError naming the tag. */
export function parseFloatText(text: string, tag: string, what: string): number {
  const value = FLOAT.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw malformed(tag, `${what} ${excerpt(text)} is not a finite number`);
  return value;
}

/** Parses a non-negative safe integer. @throws ValidationError naming the tag. */
export function parseCountText(text: string, tag: string, what: string): number {
  const value = INTEGER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw malformed(tag, `${what} ${excerpt(text)} is not a non-negative integer`);
  }
  return value;
}
