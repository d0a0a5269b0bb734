import { describe, expect, it } from 'vitest';
import { expectValidationError } from './expectations.js';
import { LC } from './loss-channel.js';
import { P } from './parameter.js';

describe('LC', () => {
  it('is a non-unitary one-mode component holding its loss', () => {
    const lc = new LC(0.25);
    expect(lc.m).toBe(1);
    expect(lc.isUnitary).toBe(false);
    expect(lc.loss).toBe(0.25);
    expect(lc.describe()).toBe('LC(loss=0.25)');
  });

  it('has no unitary: computeUnitary explains to go through a Processor', () => {
    expectValidationError(() => new LC(0.1).computeUnitary(), 'component', /not unitary.*Processor/);
  });

  it('rejects a loss outside [0, 1]', () => {
    expectValidationError(() => new LC(1.5), 'loss', /out of range \[0, 1\]/);
    expectValidationError(() => new LC(-0.01), 'loss');
    expectValidationError(() => new LC(Number.NaN), 'loss');
  });

  it('takes a Parameter, which becomes non-periodic on [0, 1]', () => {
    const loss = P('loss');
    const lc = new LC(loss);
    expect([loss.min, loss.max, loss.periodic]).toEqual([0, 1, false]);
    expectValidationError(() => lc.loss, 'loss', /no value/);
    expectValidationError(() => loss.setValue(1.5), 'loss'); // a probability does not wrap
    loss.setValue(0.4);
    expect(lc.loss).toBe(0.4);
  });
});
