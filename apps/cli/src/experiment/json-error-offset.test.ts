import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from './json-error-offset.js';

describe('jsonErrorOffset', () => {
  it('is undefined for valid JSON, as JSON.parse agrees', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]} ', '"s"', '0']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorOffset(text)).toBeUndefined();
    }
  });

  it('points at the first character a parser cannot accept', () => {
    expect(jsonErrorOffset('{"m": 2, "input": |1,1>}')).toBe(18);
    expect(jsonErrorOffset('{"m": 2,}')).toBe(8);
    expect(jsonErrorOffset('[1, 2] 3')).toBe(7);
    expect(jsonErrorOffset("{'m': 2}")).toBe(1);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
  });

  it('is the length of a text that ends too early', () => {
    expect(jsonErrorOffset('{"m": [1, 2')).toBe(11);
    expect(jsonErrorOffset('')).toBe(0);
  });
});
