/**
 * Where a value sits in JSON text, so that an error about a field of an experiment file can say
 * `experiment.json:12:7:` as compilers do, and an editor jumps there.
 */

/** A place in a text: 1-based line and column (columns count UTF-16 code units, as editors mostly do). */
export interface TextLocation {
  line: number;
  column: number;
}

/** 1-based line and column of character `offset` of `text`. */
export function lineAndColumn(text: string, offset: number): TextLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * The offset in `text` (valid JSON) of the value at `keys` (member names and array indices from the root): for an
 * object member, where its name starts (the line that shows `"phi": …`); for an array item, where the item
 * starts. When the last key is absent (a required member missing), the offset of the object or array that lacks
 * it. Undefined when an earlier key is absent: the path is not in this text. A member given twice is the last
 * one, as `JSON.parse` keeps it.
 */
export function jsonValueOffset(text: string, keys: readonly (string | number)[]): number | undefined {
  let at = skipBlanks(text, 0);
  for (const [depth, key] of keys.entries()) {
    const found = childOffsets(text, at, key);
    if (found === undefined) return depth === keys.length - 1 ? at : undefined;
    if (depth === keys.length - 1) return found.name ?? found.value;
    at = found.value;
  }
  return at;
}

/** Where the child `key` of the container starting at `start` begins: its name (members) and its value. */
function childOffsets(
  text: string,
  start: number,
  key: string | number,
): { name?: number; value: number } | undefined {
  const open = text[start];
  if (open !== '{' && open !== '[') return undefined;
  let found: { name?: number; value: number } | undefined;
  let at = skipBlanks(text, start + 1);
  for (let index = 0; text[at] !== '}' && text[at] !== ']'; index++) {
    if (open === '{') {
      const name = at;
      at = skipString(text, at);
      const member = JSON.parse(text.slice(name, at)) as string;
      at = skipBlanks(text, skipBlanks(text, at) + 1); // past the colon
      if (member === key) found = { name, value: at };
    } else if (index === key) {
      found = { value: at };
    }
    at = skipBlanks(text, skipValue(text, at));
    if (text[at] === ',') at = skipBlanks(text, at + 1);
  }
  return found;
}

function skipBlanks(text: string, at: number): number {
  while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  return at;
}

/** Past the string literal starting at `at`. */
function skipString(text: string, at: number): number {
  at++;
  while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
  return at + 1;
}

/** Past the value starting at `at` (valid JSON). */
function skipValue(text: string, at: number): number {
  if (text[at] === '"') return skipString(text, at);
  if (text[at] !== '{' && text[at] !== '[') {
    while (at < text.length && !',}] \t\n\r'.includes(text[at] as string)) at++;
    return at;
  }
  let depth = 0;
  do {
    const char = text[at];
    if (char === '"') {
      at = skipString(text, at);
      continue;
    }
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
    at++;
  } while (depth > 0 && at < text.length);
  return at;
}
