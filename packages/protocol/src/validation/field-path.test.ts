import { describe, expect, it } from 'vitest';
import { indexPath, memberPath, pathKeys } from './field-path.js';

describe('pathKeys: the keys of a field path, as memberPath and indexPath write them', () => {
  it('reads member names, indices and quoted names back', () => {
    expect(pathKeys('m')).toEqual(['m']);
    expect(pathKeys('circuit[0].rows[1][1]')).toEqual(['circuit', 0, 'rows', 1, 1]);
    expect(pathKeys('detectors["0"].nWires')).toEqual(['detectors', '0', 'nWires']);
    expect(pathKeys('perfs["Transmittance (%)"]')).toEqual(['perfs', 'Transmittance (%)']);
    expect(pathKeys('')).toEqual([]);
  });

  it('inverts memberPath and indexPath, whatever the keys', () => {
    const keys = ['payload', 'iterator', 3, 'a b', '0', 'quote"and\\slash', '$x', 'é'];
    const path = keys.reduce<string>(
      (at, key) => (typeof key === 'number' ? indexPath(at, key) : memberPath(at, key)),
      '',
    );
    expect(pathKeys(path)).toEqual(keys);
  });

  it('is undefined for a text that no path function writes', () => {
    for (const text of ['a..b', '.a', 'a[x]', 'a[0]b', 'a["unterminated]', '0a']) {
      expect(pathKeys(text)).toBeUndefined();
    }
  });
});
