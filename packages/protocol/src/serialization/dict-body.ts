import { malformed, splitPieces } from './codec.js';
import type { DecodeLimits } from './decode-limits.js';

/**
 * The body of Perceval's mapping types (BSDistribution, BSCount, SVDistribution): `{key=value;key=value}`,
 * `{}` when empty. Keys and values never contain `;` or `=`.
 */

/** Writes `{k=v;…}` entry by entry. */
export function writeDictBody(
  entries: Iterable<readonly [string, string]>,
  write: (piece: string) => void,
): void {
  let first = true;
  write('{');
  for (const [key, value] of entries) {
    write(first ? `${key}=${value}` : `;${key}=${value}`);
    first = false;
  }
  write('}');
}

/**
 * Reads `{k=v;…}` from streamed pieces, yielding `[key, value]` texts in order.
 * @throws ValidationError naming `tag` when the braces are missing, an entry is empty, does not hold
 *   exactly one `=`, or is longer than `limits.maxStringLength`.
 */
export function* readDictEntries(
  pieces: Iterable<string>,
  tag: string,
  limits: DecodeLimits,
): Generator<[string, string]> {
  let index = 0;
  let pending: string | undefined;
  for (const item of splitPieces(pieces, ';', tag, limits)) {
    if (pending !== undefined) yield entry(pending, index++, tag);
    pending = index === 0 && pending === undefined ? opening(item, tag) : item;
  }
  // `pending` holds the last item, which carries the closing brace.
  const last = pending ?? '';
  if (!last.endsWith('}')) throw malformed(tag, "the body must end with '}'");
  const inner = last.slice(0, -1);
  if (index === 0 && inner === '') return; // `{}`
  yield entry(inner, index, tag);
}

function opening(item: string, tag: string): string {
  if (!item.startsWith('{')) throw malformed(tag, "the body must start with '{'");
  return item.slice(1);
}

function entry(text: string, index: number, tag: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq === -1 || text.indexOf('=', eq + 1) !== -1) {
    throw malformed(
      tag,
      `entry ${index} must be 'state=value' (got '${text.length > 40 ? `${text.slice(0, 37)}...` : text}')`,
    );
  }
  return [text.slice(0, eq), text.slice(eq + 1)];
}
