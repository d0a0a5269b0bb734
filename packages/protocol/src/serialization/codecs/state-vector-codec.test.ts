import { StateVector, SVDistribution, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';

describe(':PCVL:StateVector', () => {
  it('writes the normalised components as (re,im)*|state>, joined by + (docs/wire-protocol.md)', () => {
    const vector = new StateVector([
      ['|0,1>', { re: 1, im: 1 }],
      ['|1,0>', { re: 1, im: -1 }],
    ]);
    expect(serialize(vector)).toBe(':PCVL:StateVector:(0.5,0.5)*|0,1>+(0.5,-0.5)*|1,0>');
  });

  it('reads it back, tagged states included', () => {
    const back = deserialize(':PCVL:StateVector:(0.5,0.5)*|0,1>+(0.5,-0.5)*|1,0>') as StateVector;
    expect(back.amplitude('|1,0>')).toEqual({ re: 0.5, im: -0.5 });
    const tagged = deserialize(
      ':PCVL:StateVector:(0.707107,0)*|{0},{1}>+(-0.707107,0)*|{1},{0}>',
    ) as StateVector;
    expect(tagged.size).toBe(2);
    expect(tagged.probability('|{1},{0}>')).toBeCloseTo(0.5, 6);
  });

  it('round-trips an amplitude of 1/√3 to Perceval precision', () => {
    const vector = new StateVector([
      ['|1,0,0>', 1],
      ['|0,1,0>', 1],
      ['|0,0,1>', { re: 0, im: 1 }],
    ]);
    const text = serialize(vector) as string;
    expect(text).toBe(':PCVL:StateVector:(0.57735,0)*|1,0,0>+(0.57735,0)*|0,1,0>+(0,0.57735)*|0,0,1>');
    expect((deserialize(text) as StateVector).equals(vector, 1e-6)).toBe(true);
  });

  it.each([
    '0.5*|1,0>',
    '(0.5)*|1,0>',
    '(0.5,0.5,0)*|1,0>',
    '(a,0)*|1,0>',
    '(1,0)*|1,0>+(1,0)*|1>',
    '(1,0)*1,0',
  ])('refuses %s', (body) => {
    expect(() => deserialize(`:PCVL:StateVector:${body}`)).toThrow(ValidationError);
    expect(() => deserialize(`:PCVL:StateVector:${body}`)).toThrow(/:PCVL:StateVector/);
  });
});

describe(':PCVL:SVDistribution', () => {
  it('writes {vector=probability;…} and reads it back', () => {
    const distribution = new SVDistribution([
      ['|1,0>', 0.25],
      [
        new StateVector([
          ['|1,0>', 1],
          ['|0,1>', 1],
        ]),
        0.75,
      ],
    ]);
    const text = serialize(distribution) as string;
    expect(text).toBe(':PCVL:SVDistribution:{(1,0)*|1,0>=0.25;(0.707107,0)*|1,0>+(0.707107,0)*|0,1>=0.75}');
    const back = deserialize(text) as SVDistribution;
    expect(back.size).toBe(2);
    expect(back.get('|1,0>')).toBe(0.25);
    expect(serialize(new SVDistribution())).toBe(':PCVL:SVDistribution:{}');
  });

  it('refuses a malformed entry', () => {
    expect(() => deserialize(':PCVL:SVDistribution:{(1,0)*|1,0>}')).toThrow(ValidationError);
    expect(() => deserialize(':PCVL:SVDistribution:{(1,0)*|1,0>=x}')).toThrow(/not a finite number/);
  });
});
