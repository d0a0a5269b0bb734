/**
 * Whether `text` from `start` on is padded standard base64 (RFC 4648 §4: groups of four characters of
 * `A–Z a–z 0–9 + /`, the last group possibly ending in `=` or `==`). Checked in one pass without a regular
 * expression: a backtracking pattern over millions of characters overflows V8's regexp stack (a RangeError),
 * and `Buffer.from(…, 'base64')` alone would silently skip what is not base64.
 */
export function isPaddedBase64(text: string, start = 0): boolean {
  const length = text.length - start;
  if (length % 4 !== 0) return false;
  let padding = 0;
  if (length > 0 && text.charCodeAt(text.length - 1) === EQUALS) {
    padding = text.charCodeAt(text.length - 2) === EQUALS ? 2 : 1;
  }
  const end = text.length - padding;
  for (let i = start; i < end; i++) {
    if (!isBase64Digit(text.charCodeAt(i))) return false;
  }
  return true;
}

const EQUALS = 0x3d;

function isBase64Digit(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A–Z
    (c >= 0x61 && c <= 0x7a) || // a–z
    (c >= 0x30 && c <= 0x39) || // 0–9
    c === 0x2b || // +
    c === 0x2f // /
  );
}
