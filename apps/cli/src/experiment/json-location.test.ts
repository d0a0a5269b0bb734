import { describe, expect, it } from 'vitest';
import { jsonValueOffset, lineAndColumn } from './json-location.js';

/** The line and column `jsonValueOffset` finds, as `line:column`. */
function where(text: string, keys: (string | number)[]): string | undefined {
  const offset = jsonValueOffset(text, keys);
  if (offset === undefined) return undefined;
  const { line, column } = lineAndColumn(text, offset);
  return `${line}:${column}`;
}

const experiment = `{
  "m": 4,
  "name": "a \\"quoted\\" name, with [brackets] and {braces}",
  "circuit": [
    { "type": "BS", "modes": [0, 1] },
    {
      "type": "PS",
      "mode": 2,
      "phi": "pi"
    }
  ],
  "detectors": { "0": "pnr", "1": { "type": "ppnr" } },
  "input": [1, 0,
            1, 0]
}
`;

describe('jsonValueOffset: where a field of a JSON text is', () => {
  it('points at the name of an object member, so the line shows "key": value', () => {
    expect(where(experiment, ['m'])).toBe('2:3');
    expect(where(experiment, ['circuit', 1, 'phi'])).toBe('9:7');
    expect(where(experiment, ['detectors', '1', 'type'])).toBe('12:37');
  });

  it('points at an array item itself', () => {
    expect(where(experiment, ['circuit', 1])).toBe('6:5');
    expect(where(experiment, ['circuit', 0, 'modes', 1])).toBe('5:34');
    expect(where(experiment, ['input', 2])).toBe('14:13');
  });

  it('is not fooled by brackets, braces, commas and escaped quotes inside strings', () => {
    expect(where(experiment, ['circuit'])).toBe('4:3');
  });

  it('points at the object that lacks a missing member, and gives up on a path not in the text', () => {
    expect(where(experiment, ['circuit', 0, 'theta'])).toBe('5:5');
    expect(where(experiment, ['backend'])).toBe('1:1');
    expect(where(experiment, ['noise', 'brightness'])).toBeUndefined();
    expect(where(experiment, ['m', 'x'])).toBe('2:8');
  });

  it('takes the last of a member given twice, as JSON.parse does', () => {
    expect(where('{"a": 1,\n "a": 2}', ['a'])).toBe('2:2');
  });

  it('is the start of the value for the root, after leading blanks', () => {
    expect(where('\n\n  [1]', [])).toBe('3:3');
  });
});
