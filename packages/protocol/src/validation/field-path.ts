/**
 * How a validation error names the place of a problem: a dotted path from the checked value's root, as a
 * JavaScript reader would write it (`payload.iterator[0].max_shots`, `perfs["Transmittance (%)"]`).
 */

/** The path of member `key` of the object at `path`. */
export function memberPath(path: string, key: string): string {
  const member = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (path === '') return member;
  return member.startsWith('"') ? `${path}[${member}]` : `${path}.${member}`;
}

/** The path of item `index` of the array at `path`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/**
 * The dotted path of a JSON pointer (`/payload/iterator/0`) into `root`, prefixed with `base`. The value is
 * walked along the pointer so that an array index (`[0]`) and an object key that looks like one (`["0"]`) read
 * differently.
 */
export function pointerToPath(pointer: string, root: unknown, base = ''): string {
  let path = base;
  let at: unknown = root;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at) && /^\d+$/.test(key)) {
      path = indexPath(path, Number(key));
      at = at[Number(key)];
    } else {
      path = memberPath(path, key);
      at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

/** A short description of a JSON value for error messages: its type, and the value itself when small. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    return value.length > 40 ? `the string '${value.slice(0, 37)}...'` : `the string '${value}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * The keys of a path that {@link memberPath} and {@link indexPath} wrote, in order: member names as strings,
 * array indices as numbers (`circuit[0].rows[1]` → `['circuit', 0, 'rows', 1]`, `detectors["0"]` →
 * `['detectors', '0']`). Undefined for a text that is no such path.
 */
export function pathKeys(path: string): (string | number)[] | undefined {
  const keys: (string | number)[] = [];
  const token = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let at = 0;
  while (at < path.length) {
    token.lastIndex = at;
    const match = token.exec(path);
    // A member name starts the path or follows a dot; an index or a quoted name follows anything.
    if (match === null || (match[1] !== undefined && (path[at] === '.') !== at > 0)) return undefined;
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else keys.push(JSON.parse(match[3] as string) as string);
    at = token.lastIndex;
  }
  return keys;
}
