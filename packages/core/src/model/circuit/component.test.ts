import { describe, expect, it } from 'vitest';
import { BS } from './beam-splitter.js';
import { Component } from './component.js';
import { expectValidationError } from './expectations.js';
import { P } from './parameter.js';
import { PS } from './phase-shifter.js';

describe('Component slots and parameters', () => {
  it('exposes every argument as a named slot; numbers become fixed parameters', () => {
    const bs = new BS({ theta: 1 });
    expect(bs).toBeInstanceOf(Component);
    expect(bs.params).toEqual(['theta', 'phiTl', 'phiBl', 'phiTr', 'phiBr']);
    expect(bs.param('theta').value).toBe(1);
    expect(bs.param('theta').fixed).toBe(true);
    expect(bs.param('phiTl').value).toBe(0);
    expectValidationError(() => bs.param('phi'), 'phi', /no parameter slot 'phi'/);
  });

  it('lists only the variable parameters, once each', () => {
    const a = P('a');
    const bs = new BS({ theta: a, phiTl: a, phiBr: 0.5 });
    expect(bs.getParameters()).toEqual([a]);
    expect(bs.param('phiTl')).toBe(a);
    expect(new PS(0.2).getParameters()).toEqual([]);
  });

  it('refuses two different parameters with the same name in one component', () => {
    expectValidationError(
      () => new BS({ theta: P('x'), phiTl: P('x') }),
      'phiTl',
      /two different parameters/,
    );
  });

  it('is defined once every parameter has a value', () => {
    const phi = P('phi');
    const ps = new PS(phi);
    expect(ps.isDefined).toBe(false);
    phi.setValue(1);
    expect(ps.isDefined).toBe(true);
    expect(new BS().isDefined).toBe(true);
  });

  it('names the unset parameter and its slot when the unitary is asked for', () => {
    const error = expectValidationError(() => new BS({ phiBl: P('bottom') }).computeUnitary(), 'bottom');
    expect(error.message).toContain("'bottom' (phiBl of BS.Rx)");
  });

  it('narrows a shared parameter to the tightest range of the components using it', () => {
    const angle = P('angle');
    new BS({ theta: angle });
    expect(angle.max).toBe(4 * Math.PI);
    new PS(angle);
    expect(angle.max).toBe(2 * Math.PI);
  });

  it('toString is describe', () => {
    const ps = new PS(1);
    expect(String(ps)).toBe(ps.describe());
  });
});
