import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { rToTheta, thetaToR } from './reflectivity.js';

describe('rToTheta / thetaToR', () => {
  it('maps the extreme and balanced reflectivities to 0, π and π/2', () => {
    expect(rToTheta(1)).toBe(0);
    expect(rToTheta(0)).toBeCloseTo(Math.PI, 15);
    expect(rToTheta(0.5)).toBeCloseTo(Math.PI / 2, 15);
  });

  it('are inverse of each other on [0, 1]', () => {
    for (const r of [0, 1 / 3, 0.5, (3 - Math.SQRT2) / 7, 5 - 3 * Math.SQRT2, 1]) {
      expect(thetaToR(rToTheta(r))).toBeCloseTo(r, 14);
    }
  });

  it('reject a reflectivity outside [0, 1] and a non-finite angle', () => {
    for (const r of [-0.1, 1.1, Number.NaN]) {
      expect(() => rToTheta(r)).toThrow(ValidationError);
    }
    expect(() => thetaToR(Number.POSITIVE_INFINITY)).toThrow(/theta/);
  });
});
