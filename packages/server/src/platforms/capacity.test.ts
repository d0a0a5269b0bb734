import { MAX_PHOTONS } from '@bosonic/simulator';
import { describe, expect, it } from 'vitest';
import {
  CLIFFORD_MAX_TERMS_PER_SAMPLE,
  cliffordCapacity,
  MAX_RESULT_STATES,
  NAIVE_MAX_PERMANENT_TERMS,
  naiveCapacity,
  permanentTerms,
  probsEstimate,
  slosCapacity,
} from './capacity.js';

const GiB = 2 ** 30;

describe('backend capacity', () => {
  it("gives SLOS the most photons whose distribution fits the simulator's estimate and one result", () => {
    const { maxModeCount, maxPhotonCount } = slosCapacity(8 * GiB);
    expect(maxModeCount).toBe(24);
    // C(33, 10) = 92,561,040 states fit in 8 GiB by the simulator's estimate, but not in one result (issue 14:
    // its :PCVL: text overflowed JavaScript's longest string after minutes of work). C(30, 7) = 2,035,800 states
    // fit both; C(31, 8) = 7,888,725 are more than a result holds.
    expect(probsEstimate('SLOS', 10, 24, 8 * GiB)).toMatchObject({ resultStates: 92_561_040, fits: true });
    expect(maxPhotonCount).toBe(7);
    expect(probsEstimate('SLOS', 7, 24, 8 * GiB).resultStates).toBe(2_035_800);
    expect(probsEstimate('SLOS', 8, 24, 8 * GiB).resultStates).toBe(7_888_725);
    expect(7_888_725).toBeGreaterThan(MAX_RESULT_STATES);
  });

  it('shrinks with the memory limit, to the photon count where the estimate stops fitting', () => {
    expect(slosCapacity(16 * 2 ** 20).maxPhotonCount).toBeLessThan(slosCapacity(GiB).maxPhotonCount);
    expect(slosCapacity(100).maxPhotonCount).toBe(0);
    // With little memory, memory is the bound: the published count is the last one whose estimate fits.
    const limit = 200_000;
    const { maxPhotonCount } = slosCapacity(limit);
    expect(maxPhotonCount).toBeGreaterThan(0);
    expect(probsEstimate('SLOS', maxPhotonCount, 24, limit).fits).toBe(true);
    expect(probsEstimate('SLOS', maxPhotonCount + 1, 24, limit).fits).toBe(false);
  });

  it('bounds Naive by its permanent work as well as by memory', () => {
    const { maxPhotonCount } = naiveCapacity(8 * GiB);
    const terms = (n: number) => probsEstimate('Naive', n, 24, 8 * GiB).resultStates * permanentTerms(n);
    expect(terms(maxPhotonCount)).toBeLessThanOrEqual(NAIVE_MAX_PERMANENT_TERMS);
    expect(terms(maxPhotonCount + 1)).toBeGreaterThan(NAIVE_MAX_PERMANENT_TERMS);
    expect(maxPhotonCount).toBeLessThanOrEqual(slosCapacity(8 * GiB).maxPhotonCount);
  });

  it('bounds Clifford & Clifford by the work of one sample, whatever the memory', () => {
    const { maxModeCount, maxPhotonCount } = cliffordCapacity();
    expect(maxModeCount).toBe(64);
    expect(permanentTerms(maxPhotonCount)).toBeLessThanOrEqual(CLIFFORD_MAX_TERMS_PER_SAMPLE);
    expect(permanentTerms(maxPhotonCount + 1)).toBeGreaterThan(CLIFFORD_MAX_TERMS_PER_SAMPLE);
    expect(maxPhotonCount).toBe(24);
    expect(maxPhotonCount).toBeLessThan(MAX_PHOTONS);
  });
});
