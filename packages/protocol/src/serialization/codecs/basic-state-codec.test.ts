import { BasicState, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';
import { UnsupportedPcvlError } from '../unsupported-error.js';

describe(':PCVL:BasicState', () => {
  it.each(['|1,1>', '|1,0,1>', '|0,0>', '|>', '|{0},{1}>', '|2{0}{1},0>', '|{P:H},{P:V}>', '|2{P:D},0>'])(
    'round-trips %s byte for byte',
    (state) => {
      const text = `:PCVL:BasicState:${state}`;
      const parsed = deserialize(text);
      expect(parsed).toBeInstanceOf(BasicState);
      expect(serialize(parsed as BasicState)).toBe(text);
    },
  );

  it('reads the older noise-tag spelling |{_:0},{_:1}> as |{0},{1}>', () => {
    expect((deserialize(':PCVL:BasicState:|{_:0},{_:1}>') as BasicState).toString()).toBe('|{0},{1}>');
  });

  it('reads polarization annotations such as |{P:H},0>', () => {
    expect((deserialize(':PCVL:BasicState:|{P:H},0>') as BasicState).isPolarized).toBe(true);
  });

  it('refuses other annotations such as |{X:1},0>, which bosonic does not model', () => {
    expect(() => deserialize(':PCVL:BasicState:|{X:1},0>')).toThrow(UnsupportedPcvlError);
  });

  it('is never compressed by default, but can be', () => {
    const state = BasicState.parse('|1,1>');
    expect(serialize(state)).toBe(':PCVL:BasicState:|1,1>');
    const zipped = serialize(state, { compress: true }) as string;
    expect(zipped.startsWith(':PCVL:zip:')).toBe(true);
    expect((deserialize(zipped) as BasicState).toString()).toBe('|1,1>');
  });

  it.each(['1,1', '|1,-1>', '|1,1', '|a>'])('refuses the malformed state %s, naming the tag', (body) => {
    try {
      deserialize(`:PCVL:BasicState:${body}`);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('BasicState');
      expect((error as Error).message).toContain(':PCVL:BasicState');
    }
  });
});
