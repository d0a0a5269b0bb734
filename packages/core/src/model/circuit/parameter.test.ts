import { describe, expect, it } from 'vitest';
import { expectValidationError } from './expectations.js';
import { P, Parameter } from './parameter.js';

describe('Parameter', () => {
  it('is undefined until set, and can be reset', () => {
    const phi = P('phi');
    expect(phi).toBeInstanceOf(Parameter);
    expect(phi.name).toBe('phi');
    expect(phi.value).toBeUndefined();
    expect(phi.isDefined).toBe(false);
    phi.setValue(0.3);
    expect(phi.value).toBe(0.3);
    expect(phi.isDefined).toBe(true);
    phi.resetValue();
    expect(phi.isDefined).toBe(false);
  });

  it('takes an initial value, bounds and periodicity (periodic by default, as in Perceval)', () => {
    const x = P('x', { value: 0.5, min: 0, max: 1, periodic: false });
    expect([x.value, x.min, x.max, x.periodic]).toEqual([0.5, 0, 1, false]);
    expect(P('y').periodic).toBe(true);
  });

  it('rejects an out-of-range value of a non-periodic parameter, naming it', () => {
    const loss = P('loss', { min: 0, max: 1, periodic: false });
    expectValidationError(() => loss.setValue(1.5), 'loss', /'loss' = 1.5 is out of range \[0, 1\]/);
    expectValidationError(() => loss.setValue(-0.1), 'loss');
    expect(loss.isDefined).toBe(false);
    expectValidationError(() => P('a', { min: 2 }).setValue(1), 'a', /\[2, ∞\]/);
    expectValidationError(() => P('b', { max: 2, periodic: true }).setValue(3), 'b', /\[-∞, 2\]/);
  });

  it('wraps the value of a periodic parameter with both bounds into range', () => {
    const phi = P('phi', { min: 0, max: 2 * Math.PI });
    phi.setValue(-Math.PI / 2);
    expect(phi.value).toBeCloseTo((3 * Math.PI) / 2, 14);
    phi.setValue(5 * Math.PI);
    expect(phi.value).toBeCloseTo(Math.PI, 14);
    phi.setValue(2 * Math.PI);
    expect(phi.value).toBe(2 * Math.PI); // the upper bound itself is in range
  });

  it('rejects values that are not finite numbers', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '1' as unknown as number]) {
      expectValidationError(() => P('theta').setValue(bad), 'theta', /finite/);
    }
  });

  it('rejects an empty name, non-finite bounds, an empty range and an out-of-range initial value', () => {
    expectValidationError(() => P(''), 'name');
    expectValidationError(() => P('x', { min: Number.NaN }), 'x.min');
    expectValidationError(() => P('x', { min: 2, max: 1 }), 'x', /empty range/);
    expectValidationError(() => P('x', { value: 3, min: 0, max: 1, periodic: false }), 'x');
  });

  it('constant() makes a fixed parameter that cannot change', () => {
    const theta = Parameter.constant('theta', 1, { min: 0, max: 2 });
    expect(theta.fixed).toBe(true);
    expect(P('free').fixed).toBe(false);
    expectValidationError(() => theta.setValue(1.5), 'theta', /fixed/);
    theta.resetValue();
    expect(theta.value).toBe(1);
    // A constant is not wrapped: an out-of-range number is an error.
    expectValidationError(() => Parameter.constant('phi', 7, { min: 0, max: 2 * Math.PI }), 'phi');
  });

  it('restrict() narrows the bounds, keeps tighter ones, and re-checks the value', () => {
    const x = P('x', { min: 1 });
    x.restrict(0, 2 * Math.PI, true);
    expect([x.min, x.max, x.periodic]).toEqual([1, 2 * Math.PI, true]);

    const y = P('y', { value: 0.5 });
    y.restrict(0, 1, false);
    expect([y.value, y.min, y.max]).toEqual([0.5, 0, 1]);

    const angle = P('angle', { value: -1 });
    angle.restrict(0, 2 * Math.PI, true);
    expect(angle.value).toBeCloseTo(2 * Math.PI - 1, 14);

    // A value the new range rejects leaves the parameter as it was.
    const z = P('z', { value: 3, periodic: false });
    expectValidationError(() => z.restrict(0, 1, false), 'z');
    expect([z.value, z.min, z.max]).toEqual([3, undefined, undefined]);

    expectValidationError(() => P('w', { min: 5, max: 6 }).restrict(0, 1, false), 'w', /empty range/);
  });

  it('prints like P(name, value, bounds)', () => {
    expect(P('phi', { value: Math.PI / 4, min: 0, max: 2 * Math.PI }).toString()).toBe(
      "P('phi', value=0.785398, min=0, max=6.28319)",
    );
    expect(P('theta').toString()).toBe("P('theta')");
  });
});
