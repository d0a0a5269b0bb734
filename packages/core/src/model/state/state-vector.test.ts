import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BasicState } from './basic-state.js';
import { StateVector } from './state-vector.js';

describe('StateVector printing (Perceval format)', () => {
  it('prints complex amplitudes with three significant digits and I', () => {
    const sv = new StateVector('|0,1>').scale({ re: 1, im: 1 }).add('|1,0>', { re: 1, im: -1 });
    expect(sv.toString()).toBe('(0.5+0.5I)*|0,1>+(0.5-0.5I)*|1,0>');
  });

  it('prints real amplitudes', () => {
    const sv = new StateVector([
      ['|1>', 1],
      ['|2>', 1],
      ['|3>', 1],
    ]);
    expect(sv.toString()).toBe('0.577*|1>+0.577*|2>+0.577*|3>');
  });

  it('prints imaginary and negative amplitudes', () => {
    const sv = new StateVector([
      ['|1,1>', { re: 0, im: 0.319 }],
      ['|2,0>', -0.903],
      ['|0,2>', 0.287],
    ]);
    expect(sv.toString()).toBe('0.319I*|1,1>-0.903*|2,0>+0.287*|0,2>');
  });

  it('omits a coefficient of 1 and prints the empty vector as nothing', () => {
    expect(new StateVector().add(new BasicState([1, 0])).toString()).toBe('|1,0>');
    expect(new StateVector('|1,0>').scale(-3).toString()).toBe('-|1,0>');
    expect(new StateVector('|1,0>').scale({ re: 0, im: 2 }).toString()).toBe('I*|1,0>');
    expect(new StateVector().toString()).toBe('');
  });

  it('prints the HOM output (√2/2)(|2,0> − |0,2>) of reference #1', () => {
    const sv = new StateVector([
      ['|2,0>', Math.SQRT1_2],
      ['|0,2>', -Math.SQRT1_2],
    ]);
    expect(sv.toString()).toBe('0.707*|2,0>-0.707*|0,2>');
  });
});

describe('StateVector arithmetic', () => {
  it('stays unnormalised during arithmetic and normalises when used', () => {
    const sv = new StateVector('|0,1>').add('|1,0>');
    expect([...sv.unnormalizedEntries()].map(([, a]) => a.re)).toEqual([1, 1]);
    expect([...sv.add('|1,0>').unnormalizedEntries()].map(([, a]) => a.re)).toEqual([1, 2]);
    expect([...sv.scale(3).unnormalizedEntries()].map(([, a]) => a.re)).toEqual([3, 3]);
    expect(sv.amplitude('|0,1>').re).toBeCloseTo(Math.SQRT1_2, 15);
    expect(sv.probability('|1,0>')).toBeCloseTo(0.5, 15);
    expect(sv.normalize().normSquared()).toBeCloseTo(1, 15);
    expect(new StateVector('|0,1>').scale(2).equals(new StateVector('|0,1>'))).toBe(true);
  });

  it('cancels components that sum to zero (Perceval: 0.5·st1 + st3 − st4 == st1)', () => {
    const st1 = BasicState.parse('|0,1,{1}>');
    const st3 = BasicState.parse('|{1}2{0},0,0>');
    const st4 = BasicState.parse('|2{0}{1},0,0>');
    const sv = new StateVector(st1).scale(0.5).add(st3).add(st4, -1);
    expect(sv.size).toBe(1);
    expect(sv.equals(new StateVector(st1))).toBe(true);
  });

  it('combines raw coefficients linearly: 0.2i·sv1 − 0.6i·sv2', () => {
    const sv1 = new StateVector('|0,1>').add('|1,0>');
    const sv2 = new StateVector('|0,1>').scale(0.5).add('|1,0>', -0.5);
    // 0.2i(|0,1>+|1,0>) − 0.6i(0.5|0,1> − 0.5|1,0>) = −0.1i|0,1> + 0.5i|1,0>
    const sv4 = sv1.scale({ re: 0, im: 0.2 }).add(sv2, { re: 0, im: -0.6 });
    const raw = [...sv4.unnormalizedEntries()].map(([s, a]) => [s.toString(), a.re, a.im]);
    expect(raw[0]![0]).toBe('|0,1>');
    expect(raw[0]![2]).toBeCloseTo(-0.1, 15);
    expect(raw[1]![2]).toBeCloseTo(0.5, 15);
    expect(
      sv4.equals(
        new StateVector([
          ['|0,1>', { re: 0, im: -1 }],
          ['|1,0>', { re: 0, im: 5 }],
        ]),
      ),
    ).toBe(true);
    // sv1 + 2·sv2 = 2|0,1>
    expect(sv1.add(sv2, 2).equals(new StateVector('|0,1>'))).toBe(true);
  });

  it('builds tensor products and powers', () => {
    const plus = new StateVector('|1,0>').add('|0,1>');
    const pair = plus.tensor(new BasicState([1]));
    expect(pair.m).toBe(3);
    expect([...pair.keys()].map(String)).toEqual(['|1,0,1>', '|0,1,1>']);
    const cube = plus.tensorPower(3);
    expect(cube.size).toBe(8);
    expect(cube.m).toBe(6);
    expect(cube.probability('|0,1,1,0,0,1>')).toBeCloseTo(1 / 8, 15);
  });

  it('reports photon numbers and modes', () => {
    const sv = new StateVector('|2,0>').add('|1,1>');
    expect(sv.m).toBe(2);
    expect(sv.n).toBe(2);
    const mixed = sv.add('|1,0>');
    expect(mixed.n).toBeUndefined();
    expect(mixed.photonNumbers()).toEqual([1, 2]);
    expect(new StateVector().m).toBeUndefined();
  });

  it('refuses superpositions across mode counts and non-finite amplitudes', () => {
    expect(() => new StateVector('|0,1>').add('|1,0,0>')).toThrow(ValidationError);
    expect(() => new StateVector([['|1>', Number.NaN]])).toThrow(ValidationError);
    expect(() => new StateVector('|1>').scale({ re: 1, im: Number.POSITIVE_INFINITY })).toThrow(
      expect.objectContaining({ field: 'factor' }),
    );
  });

  it('drops rounding residue when normalising', () => {
    const sv = new StateVector([
      ['|1,0>', 1],
      ['|0,1>', 1e-10],
    ]);
    expect(sv.normalize().size).toBe(1);
    expect(sv.toString()).toBe('|1,0>');
  });

  it('gives equal vectors the same key whatever the order or scale', () => {
    const a = new StateVector('|1,0>').add('|0,1>', { re: 0, im: 1 });
    const b = new StateVector([
      ['|0,1>', { re: 0, im: 3 }],
      ['|1,0>', 3],
    ]);
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(new StateVector('|1,0>').add('|0,1>').key);
  });

  it('serialises its normalised components to JSON', () => {
    expect(JSON.stringify(new StateVector('|1,0>').scale(2))).toBe('[["|1,0>",{"re":1,"im":0}]]');
  });
});

describe('StateVector with extreme coefficients', () => {
  it('normalises coefficients whose squares overflow or underflow (found by the codec fuzzer)', () => {
    const big = new StateVector([
      ['|1,0>', { re: 1, im: 1e308 }],
      ['|0,1>', 1e308],
    ]);
    expect(big.probability('|1,0>')).toBeCloseTo(0.5, 12);
    expect(big.probability('|0,1>')).toBeCloseTo(0.5, 12);
    const tiny = new StateVector([
      ['|1,0>', 3e-200],
      ['|0,1>', { re: 0, im: 4e-200 }],
    ]);
    expect(tiny.probability('|1,0>')).toBeCloseTo(0.36, 12);
    expect(tiny.amplitude('|0,1>').im).toBeCloseTo(0.8, 12);
  });

  it('refuses coefficients that add up beyond the largest double', () => {
    expect(
      () =>
        new StateVector([
          ['|1>', 1e308],
          ['|1>', 1e308],
        ]),
    ).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION', field: 'amplitude' }));
  });
});
