import { PostSelect, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';

describe(':PCVL:PostSelect', () => {
  it.each(['[0,1]==1 & [2,3]==1', '[0]>0', '([1,2]>=1 & [3]<2) | ([4]==1 xor [5]>0)'])(
    'round-trips %s through its text',
    (condition) => {
      const postSelect = new PostSelect(condition);
      const text = serialize(postSelect) as string;
      expect(text).toBe(`:PCVL:PostSelect:${postSelect.toString()}`);
      expect((deserialize(text) as PostSelect).equals(postSelect)).toBe(true);
    },
  );

  it('writes the canonical form of the constructor syntax (docs/wire-protocol.md examples)', () => {
    expect(serialize(new PostSelect('[0,1]==1 & [4,5]==1'))).toBe(':PCVL:PostSelect:[0,1]==1 & [4,5]==1');
    expect(serialize(new PostSelect('[0]>0'))).toBe(':PCVL:PostSelect:[0]>0');
  });

  it('refuses a condition that does not parse, naming the tag', () => {
    expect(() => deserialize(':PCVL:PostSelect:[0,1]=1')).toThrow(ValidationError);
    expect(() => deserialize(':PCVL:PostSelect:[0,1]=1')).toThrow(/:PCVL:PostSelect/);
  });
});
