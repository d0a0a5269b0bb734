import { stateSpaceSize } from '@bosonic/simulator';
import { describe, expect, it } from 'vitest';
import {
  CLIFFORD_MAX_TERMS_PER_SAMPLE,
  cliffordCapacity,
  MAX_RESULT_STATES,
  NAIVE_MAX_PERMANENT_TERMS,
  naiveCapacity,
  naiveTerms,
  slosBytes,
  slosCapacity,
} from './capacity.js';

const GiB = 2 ** 30;

describe('backend capacity', () => {
  it('gives SLOS the most photons whose distribution fits the memory limit and one result', () => {
    const { maxModeCount, maxPhotonCount } = slosCapacity(8 * GiB);
    expect(maxModeCount).toBe(24);
    // C(33, 10) = 92,561,040 states fit in 8 GiB at 64 B each, but not in one result (issue 14: its :PCVL: text
    // overflowed JavaScript's longest string after minutes of work). C(30, 7) = 2,035,800 states fit both;
    // C(31, 8) = 7,888,725 are more than a result holds.
    expect(slosBytes(10, 24)).toBeLessThanOrEqual(8 * GiB);
    expect(maxPhotonCount).toBe(7);
    expect(stateSpaceSize(7, 24)).toBeLessThanOrEqual(MAX_RESULT_STATES);
    expect(stateSpaceSize(8, 24)).toBeGreaterThan(MAX_RESULT_STATES);
    // With little memory, memory is the bound: C(26, 3) = 2,600 states at 64 B fit in 200 kB, C(27, 4) do not.
    expect(slosCapacity(200_000).maxPhotonCount).toBe(3);
  });

  it('shrinks with the memory limit', () => {
    expect(slosCapacity(64 * 2 ** 20).maxPhotonCount).toBeLessThan(slosCapacity(GiB).maxPhotonCount);
    expect(slosCapacity(100).maxPhotonCount).toBe(0);
  });

  it('bounds Naive by its permanent work as well as by memory', () => {
    const { maxPhotonCount } = naiveCapacity(8 * GiB);
    expect(naiveTerms(maxPhotonCount, 24)).toBeLessThanOrEqual(NAIVE_MAX_PERMANENT_TERMS);
    expect(naiveTerms(maxPhotonCount + 1, 24)).toBeGreaterThan(NAIVE_MAX_PERMANENT_TERMS);
    expect(maxPhotonCount).toBeLessThanOrEqual(slosCapacity(8 * GiB).maxPhotonCount);
  });

  it('bounds Clifford & Clifford by the work of one sample, whatever the memory', () => {
    const { maxModeCount, maxPhotonCount } = cliffordCapacity();
    expect(maxModeCount).toBe(64);
    expect(maxPhotonCount * 2 ** maxPhotonCount).toBeLessThanOrEqual(CLIFFORD_MAX_TERMS_PER_SAMPLE);
    expect((maxPhotonCount + 1) * 2 ** (maxPhotonCount + 1)).toBeGreaterThan(CLIFFORD_MAX_TERMS_PER_SAMPLE);
    expect(maxPhotonCount).toBe(24);
  });
});
