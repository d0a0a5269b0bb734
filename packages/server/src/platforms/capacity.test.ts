import { describe, expect, it } from 'vitest';
import {
  CLIFFORD_MAX_TERMS_PER_SAMPLE,
  cliffordCapacity,
  NAIVE_MAX_PERMANENT_TERMS,
  naiveCapacity,
  naiveTerms,
  slosBytes,
  slosCapacity,
} from './capacity.js';

const GiB = 2 ** 30;

describe('backend capacity', () => {
  it('gives SLOS the most photons whose distribution fits the memory limit', () => {
    const { maxModeCount, maxPhotonCount } = slosCapacity(8 * GiB);
    expect(maxModeCount).toBe(24);
    // C(33, 10) = 92,561,040 states fit in 8 GiB at 64 B each; C(34, 11) = 286,097,760 do not.
    expect(maxPhotonCount).toBe(10);
    expect(slosBytes(10, 24)).toBeLessThanOrEqual(8 * GiB);
    expect(slosBytes(11, 24)).toBeGreaterThan(8 * GiB);
  });

  it('shrinks with the memory limit', () => {
    expect(slosCapacity(64 * 2 ** 20).maxPhotonCount).toBeLessThan(slosCapacity(GiB).maxPhotonCount);
    expect(slosCapacity(100).maxPhotonCount).toBe(0);
  });

  it('bounds Naive by its permanent work as well as by memory', () => {
    const { maxPhotonCount } = naiveCapacity(8 * GiB);
    expect(naiveTerms(maxPhotonCount, 24)).toBeLessThanOrEqual(NAIVE_MAX_PERMANENT_TERMS);
    expect(naiveTerms(maxPhotonCount + 1, 24)).toBeGreaterThan(NAIVE_MAX_PERMANENT_TERMS);
    expect(maxPhotonCount).toBeLessThan(slosCapacity(8 * GiB).maxPhotonCount);
  });

  it('bounds Clifford & Clifford by the work of one sample, whatever the memory', () => {
    const { maxModeCount, maxPhotonCount } = cliffordCapacity();
    expect(maxModeCount).toBe(64);
    expect(maxPhotonCount * 2 ** maxPhotonCount).toBeLessThanOrEqual(CLIFFORD_MAX_TERMS_PER_SAMPLE);
    expect((maxPhotonCount + 1) * 2 ** (maxPhotonCount + 1)).toBeGreaterThan(CLIFFORD_MAX_TERMS_PER_SAMPLE);
    expect(maxPhotonCount).toBe(24);
  });
});
