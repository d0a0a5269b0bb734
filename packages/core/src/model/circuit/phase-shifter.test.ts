import { describe, expect, it } from 'vitest';
import { expectMatrixClose, expectValidationError, expi } from './expectations.js';
import { P } from './parameter.js';
import { PS } from './phase-shifter.js';

describe('PS', () => {
  it('is the 1×1 matrix [[e^{iφ}]]', () => {
    expectMatrixClose(new PS(Math.PI / 4).computeUnitary(), [[expi(Math.PI / 4)]]);
    expectMatrixClose(new PS(Math.PI).computeUnitary(), [[-1]]);
    expect(new PS(0).m).toBe(1);
  });

  it('adds a uniform error in [−maxError, +maxError] drawn from the given random source', () => {
    const ps = new PS(1, { maxError: 0.2 });
    // random() = 0.75 maps to +maxError/2, 0 to −maxError.
    expectMatrixClose(ps.computeUnitary({ random: () => 0.75 }), [[expi(1.1)]]);
    expectMatrixClose(ps.computeUnitary({ random: () => 0 }), [[expi(0.8)]]);
    // Without maxError the random source is never used.
    expectMatrixClose(new PS(1).computeUnitary({ random: () => 0 }), [[expi(1)]]);
  });

  it('wraps phases into [0, 2π] and rejects errors outside [0, π]', () => {
    expect(new PS(-Math.PI / 2).param('phi').value).toBeCloseTo((3 * Math.PI) / 2, 12);
    expectValidationError(() => new PS(Number.NaN), 'phi');
    expectValidationError(() => new PS(1, { maxError: 4 }), 'maxError');
    expectValidationError(() => new PS(1, { maxError: -0.1 }), 'maxError');
  });

  it('takes a Parameter and names it when it has no value', () => {
    const phi = P('phi');
    const ps = new PS(phi);
    expect(ps.getParameters()).toEqual([phi]);
    expectValidationError(() => ps.computeUnitary(), 'phi', /no value/);
    phi.setValue(-Math.PI / 2); // wraps to 3π/2 like Perceval's periodic parameters
    expectMatrixClose(ps.computeUnitary(), [[{ re: 0, im: -1 }]]);
  });

  it('describes itself', () => {
    expect(new PS(Math.PI / 4).describe()).toBe('PS(phi=0.785398)');
    expect(new PS(P('a'), { maxError: 0.1 }).describe()).toBe("PS(phi=P('a'), maxError=0.1)");
  });
});
