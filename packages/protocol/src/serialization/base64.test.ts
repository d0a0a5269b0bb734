import { describe, expect, it } from 'vitest';
import { isPaddedBase64 } from './base64.js';

describe('isPaddedBase64', () => {
  it('accepts padded standard base64, the empty text included', () => {
    for (const text of ['', 'QQ==', 'QUI=', 'QUJD', 'ab+/09AZ', 'UP///38='])
      expect(isPaddedBase64(text)).toBe(true);
  });

  it('refuses missing padding, the URL alphabet, blanks, stray or misplaced =', () => {
    for (const text of ['QQ', 'QUI', 'ab-_', 'QU I', 'Q===', '=QUI', 'QQ==QUJD', 'QUJD\n', 'é123']) {
      expect(isPaddedBase64(text)).toBe(false);
    }
  });

  it('checks from an offset, so a prefix need not be cut off first', () => {
    expect(isPaddedBase64(':PCVL:zip:QUJD', ':PCVL:zip:'.length)).toBe(true);
    expect(isPaddedBase64(':PCVL:zip:QUJ', ':PCVL:zip:'.length)).toBe(false);
  });

  it('reads 10 million characters without a RangeError (the regular expression it replaces overflowed near 4.5 M)', () => {
    expect(isPaddedBase64('A'.repeat(10_000_000))).toBe(true);
    expect(isPaddedBase64(`${'A'.repeat(10_000_000)}!!!!`)).toBe(false);
  });
});
