// Test helper (not part of the package's API): the assertion the simulator's tests make on a computed distribution.
import type { BSDistribution } from '@bosonic/core';
import { expect } from 'vitest';

/**
 * Asserts that `results` gives each state of `expected` its probability and every other state nothing, all within
 * `tolerance` (absolute).
 */
export function expectDistribution(
  results: BSDistribution,
  expected: Record<string, number>,
  tolerance = 1e-9,
): void {
  for (const [state, p] of Object.entries(expected)) {
    expect(Math.abs(results.get(state) - p), `P(${state})`).toBeLessThan(tolerance);
  }
  for (const [state, p] of results) {
    if (!(state.toString() in expected)) expect(p, `P(${state.toString()})`).toBeLessThan(tolerance);
  }
}
