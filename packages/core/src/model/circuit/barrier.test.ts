import { describe, expect, it } from 'vitest';
import { Barrier } from './barrier.js';
import { ComplexMatrix } from './complex-matrix.js';
import { expectMatrixClose, expectValidationError } from './expectations.js';

describe('Barrier', () => {
  it('is the identity on its modes', () => {
    const barrier = new Barrier(3);
    expect(barrier.m).toBe(3);
    expect(barrier.name).toBe('I');
    expectMatrixClose(barrier.computeUnitary(), ComplexMatrix.identity(3));
    expect(barrier.describe()).toBe('Barrier(3)');
  });

  it('needs a positive integer number of modes', () => {
    expectValidationError(() => new Barrier(0), 'm');
    expectValidationError(() => new Barrier(2.5), 'm');
  });
});
