import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { isPcvlString, joinPcvl, splitPcvl } from './pcvl-text.js';
import { compressPcvl } from './zip.js';

describe(':PCVL: strings', () => {
  it('split into a tag and a body that may itself hold colons', () => {
    expect(splitPcvl(':PCVL:BasicState:|1,1>')).toEqual({ tag: 'BasicState', body: '|1,1>' });
    expect(splitPcvl(':PCVL:PostSelect:[0]==1:x')).toEqual({ tag: 'PostSelect', body: '[0]==1:x' });
    expect(splitPcvl(':PCVL:BSSamples:/')).toEqual({ tag: 'BSSamples', body: '/' });
  });

  it('are inflated first when compressed', () => {
    expect(splitPcvl(compressPcvl(':PCVL:BasicState:|1,0>'))).toEqual({ tag: 'BasicState', body: '|1,0>' });
  });

  it('join back to the same text', () => {
    expect(joinPcvl('BasicState', '|1,1>')).toBe(':PCVL:BasicState:|1,1>');
  });

  it('are recognised by their prefix only', () => {
    expect(isPcvlString(':PCVL:anything')).toBe(true);
    expect(isPcvlString('PCVL:BasicState:|1>')).toBe(false);
    expect(isPcvlString(42)).toBe(false);
  });

  it.each(['BasicState:|1>', ':PCVL:', ':PCVL:BasicState', ':PCVL::|1>'])(
    'refuse %s without a tag',
    (text) => {
      expect(() => splitPcvl(text)).toThrow(ValidationError);
    },
  );
});
