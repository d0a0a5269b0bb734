import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { Herald, type HeraldLocation, MAX_HERALD_PHOTONS } from './herald.js';

describe('Herald', () => {
  it('acts on both sides by default', () => {
    const herald = new Herald(4, 1);
    expect(herald).toMatchObject({ mode: 4, expected: 1, location: 'in_out' });
    expect(herald.onInput).toBe(true);
    expect(herald.onOutput).toBe(true);
  });

  it('can act on one side only', () => {
    expect(new Herald(0, 0, 'input').onOutput).toBe(false);
    expect(new Herald(0, 0, 'output').onInput).toBe(false);
  });

  it('accepts up to 32 expected photons (one mask character)', () => {
    expect(new Herald(0, MAX_HERALD_PHOTONS).expected).toBe(32);
  });

  it.each<[number, number, string, string]>([
    [-1, 0, 'in_out', 'mode'],
    [1.5, 0, 'in_out', 'mode'],
    [0, -1, 'in_out', 'expected'],
    [0, 33, 'in_out', 'expected'],
    [0, 0.5, 'in_out', 'expected'],
    [0, 0, 'both', 'location'],
  ])('rejects mode %s expected %s location %s (field %s)', (mode, expected, location, field) => {
    let caught: unknown;
    try {
      new Herald(mode, expected, location as HeraldLocation);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe(field);
  });

  it('is immutable and compares by value', () => {
    const herald = new Herald(2, 0, 'output', 'ancilla');
    expect(() => {
      (herald as { mode: number }).mode = 3;
    }).toThrow(TypeError);
    expect(herald.equals(new Herald(2, 0, 'output', 'ancilla'))).toBe(true);
    expect(herald.equals(new Herald(2, 0, 'in_out', 'ancilla'))).toBe(false);
    expect(herald.toJSON()).toEqual({ mode: 2, expected: 0, location: 'output', name: 'ancilla' });
  });
});
