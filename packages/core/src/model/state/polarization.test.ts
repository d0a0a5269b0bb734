import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BasicState } from './basic-state.js';
import { Polarization } from './polarization.js';

describe('Polarization (Perceval test_polarization values)', () => {
  it('parses names, angles and (θ,φ) pairs, and names what it can', () => {
    const cases: Array<[string, number, number, string]> = [
      ['H', 0, 0, 'H'],
      ['V', Math.PI, 0, 'V'],
      ['D', Math.PI / 2, 0, 'D'],
      ['A', Math.PI / 2, Math.PI, 'A'],
      ['R', Math.PI / 2, (3 * Math.PI) / 2, 'R'],
      ['L', Math.PI / 2, Math.PI / 2, 'L'],
      ['0', 0, 0, 'H'],
      ['(0,0)', 0, 0, 'H'],
      ['pi', Math.PI, 0, 'V'],
      ['(pi,0)', Math.PI, 0, 'V'],
      ['(pi/2,pi)', Math.PI / 2, Math.PI, 'A'],
      ['(pi/2,3*pi/2)', Math.PI / 2, (3 * Math.PI) / 2, 'R'],
      ['(pi/2,1/2*pi)', Math.PI / 2, Math.PI / 2, 'L'],
      ['(pi/4,0)', Math.PI / 4, 0, '0.785398'],
      ['(pi/4,pi/2)', Math.PI / 4, Math.PI / 2, '(0.785398,1.5708)'],
    ];
    for (const [text, theta, phi, name] of cases) {
      const p = Polarization.parse(text);
      expect(p.theta, text).toBeCloseTo(theta, 12);
      expect(p.phi, text).toBeCloseTo(phi, 12);
      expect(p.toString(), text).toBe(name);
    }
  });

  it('refuses variables, three angles, a missing parenthesis and θ outside [0, π]', () => {
    const cases: Array<[string, RegExp]> = [
      ['a', /not a number or pi/],
      ['(1,2,3)', /more than two angles/],
      ['(1,2', /missing closing parenthesis/],
      ['2*pi', /theta must be in \[0, π\]/],
    ];
    for (const [text, message] of cases) {
      expect(() => Polarization.parse(text), text).toThrowError(ValidationError);
      expect(() => Polarization.parse(text), text).toThrowError(message);
    }
  });

  it('has the Jones vector (cos θ/2, e^{iφ} sin θ/2)', () => {
    const [h, v] = Polarization.parse('L').jones();
    expect(h.re).toBeCloseTo(Math.SQRT1_2, 15);
    expect(v.re).toBeCloseTo(0, 15);
    expect(v.im).toBeCloseTo(Math.SQRT1_2, 15);
    expect(Polarization.V.jones()[0].re).toBeCloseTo(0, 15);
  });
});

describe('Polarization.parse of hostile text', () => {
  it('reads a long run of digits in linear time: the angle pattern cannot backtrack (found reviewing issue 14)', () => {
    // 4 Mi characters, the longest state text accepted by default: the previous pattern needed hours here.
    const digits = '0'.repeat(4 * 2 ** 20);
    expect(() => Polarization.parse(`${digits}x`)).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        message: expect.stringMatching(
          /^Invalid polarization "0{57}\.\.\.": "0{57}\.\.\." is not a number or pi/,
        ),
      }),
    );
    expect(() => BasicState.parse(`|{P:${digits}x}>`)).toThrow(ValidationError);
    expect(Polarization.parse(`${'0'.repeat(1000)}.5`).theta).toBe(0.5);
  });

  it('still reads every number form, and refuses two points', () => {
    expect(Polarization.parse('.5').theta).toBe(0.5);
    expect(Polarization.parse('1.').theta).toBe(1);
    expect(Polarization.parse('1e-1').theta).toBeCloseTo(0.1, 15);
    expect(() => Polarization.parse('1.2.3')).toThrow(/not a number or pi/);
  });
});
