import { BSSamples, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';

describe(':PCVL:BSSamples', () => {
  const samples = new BSSamples(['|1,0>', '|0,1>', '|0,1>', '|1,0>']);

  it('lists distinct states in order of appearance, then one index per sample (docs/wire-protocol.md)', () => {
    expect(serialize(samples, { compress: false })).toBe(':PCVL:BSSamples:|1,0>;|0,1>/0;1;1;0');
  });

  it('reads the documented form back, and round-trips through the default zip: form', () => {
    const back = deserialize(':PCVL:BSSamples:|1,0>;|0,1>/0;1;1;0') as BSSamples;
    expect([...back].map(String)).toEqual(['|1,0>', '|0,1>', '|0,1>', '|1,0>']);
    const zipped = serialize(samples) as string;
    expect(zipped.startsWith(':PCVL:zip:')).toBe(true);
    expect([...(deserialize(zipped) as BSSamples)].map(String)).toEqual(['|1,0>', '|0,1>', '|0,1>', '|1,0>']);
  });

  it('writes no samples as /', () => {
    expect(serialize(new BSSamples(), { compress: false })).toBe(':PCVL:BSSamples:/');
    expect((deserialize(':PCVL:BSSamples:/') as BSSamples).length).toBe(0);
  });

  it('round-trips many samples in order', () => {
    const states = Array.from({ length: 10_000 }, (_, i) => `|${i % 3},${(i * 7) % 5},${i % 2}>`);
    const back = deserialize(serialize(new BSSamples(states))) as BSSamples;
    expect(back.length).toBe(10_000);
    expect(back.at(9_999)?.toString()).toBe(states[9_999]);
    expect(back.at(1_234)?.toString()).toBe(states[1_234]);
  });

  it.each([
    ['|1,0>;|0,1>', /exactly one '\/'|states\/indices/],
    ['|1,0>/0/1', /exactly one '\/'/],
    ['|1,0>/1', /beyond the 1 listed states/],
    ['|1,0>/', /not a non-negative integer/],
    ['|1,0>/0;x', /not a non-negative integer/],
    ['|1,0>;;|0,1>/0', /BSSamples/],
  ])('refuses %s', (body, message) => {
    expect(() => deserialize(`:PCVL:BSSamples:${body}`)).toThrow(ValidationError);
    expect(() => deserialize(`:PCVL:BSSamples:${body}`)).toThrow(message);
  });
});
