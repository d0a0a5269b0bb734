import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import {
  AUTO_EXACT_AMPLITUDE_MAX_PHOTONS,
  AUTO_MPS_MAX_COST,
  AUTO_SLOS_MAX_STATES,
  type AutoContext,
  amplitudeBackend,
  BACKEND_NAMES,
  checkBackend,
  chooseBackend,
  type ExactMps,
  nativeCommands,
  stateSpaceSize,
} from './backend.js';

describe('checkBackend', () => {
  it('accepts the engines and auto, the names BACKEND_NAMES lists', () => {
    expect(BACKEND_NAMES).toEqual(['SLOS', 'Naive', 'CliffordClifford2017', 'NaiveApprox', 'MPS', 'auto']);
    for (const name of BACKEND_NAMES) expect(checkBackend(name)).toBe(name);
  });

  it('refuses anything else with a ValidationError naming the backend (no fallback to SLOS)', () => {
    for (const name of ['slos', 'naiveapprox', '', 42, undefined]) {
      try {
        checkBackend(name);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toBe('backend');
      }
    }
  });
});

describe('chooseBackend', () => {
  it('counts C(n+m−1, n) output states', () => {
    expect(stateSpaceSize(2, 3)).toBe(6);
    expect(stateSpaceSize(14, 14)).toBe(20_058_300);
    expect(stateSpaceSize(16, 16)).toBe(300_540_195);
    expect(stateSpaceSize(0, 0)).toBe(1);
    expect(stateSpaceSize(3, 1)).toBe(1);
    expect(stateSpaceSize(1, 24)).toBe(24);
  });

  it('answers at once for absurd sizes (10^9 photons: 23 steps on 24 modes, overflow on 10^9 modes)', () => {
    expect(stateSpaceSize(1e9, 1)).toBe(1);
    expect(stateSpaceSize(1e9, 2)).toBe(1e9 + 1);
    // C(10^9 + 23, 23) ≈ 10^207 / 23! ≈ 3.87e184.
    expect(stateSpaceSize(1e9, 24) / 3.868171238e184).toBeCloseTo(1, 8);
    expect(stateSpaceSize(1e9, 1e9)).toBe(Number.POSITIVE_INFINITY);
    expect(chooseBackend('auto', 1e9, 24)).toBe('CliffordClifford2017');
  });

  it('auto is SLOS while the state space fits, Clifford & Clifford beyond', () => {
    expect(chooseBackend('auto', 2, 2)).toBe('SLOS');
    expect(chooseBackend('auto', 14, 14)).toBe('SLOS');
    expect(stateSpaceSize(16, 16)).toBeGreaterThan(AUTO_SLOS_MAX_STATES);
    expect(chooseBackend('auto', 16, 16)).toBe('CliffordClifford2017');
    expect(chooseBackend('auto', 20, 40)).toBe('CliffordClifford2017');
  });

  it('keeps a named backend whatever the size', () => {
    expect(chooseBackend('Naive', 30, 60)).toBe('Naive');
    expect(chooseBackend('CliffordClifford2017', 1, 2)).toBe('CliffordClifford2017');
  });

  it('maps strong backends to probs and the sampler to samples', () => {
    expect(nativeCommands('SLOS')).toEqual(['probs']);
    expect(nativeCommands('Naive')).toEqual(['probs']);
    expect(nativeCommands('CliffordClifford2017')).toEqual(['samples']);
    expect(nativeCommands('NaiveApprox')).toEqual(['probs']);
    expect(nativeCommands('MPS')).toEqual(['probs']);
  });

  it('computes single amplitudes exactly up to 30 photons with auto, by Gurvits estimate beyond', () => {
    expect(amplitudeBackend('auto', AUTO_EXACT_AMPLITUDE_MAX_PHOTONS)).toBe('Naive');
    expect(amplitudeBackend('auto', AUTO_EXACT_AMPLITUDE_MAX_PHOTONS + 1)).toBe('NaiveApprox');
    expect(amplitudeBackend('SLOS', 40)).toBe('SLOS');
    expect(amplitudeBackend('NaiveApprox', 2)).toBe('NaiveApprox');
    expect(amplitudeBackend('CliffordClifford2017', 5)).toBe('Naive');
  });

  const cheapMps: ExactMps = { bondDimension: 6, cost: 1e7, fits: true, probsFit: true };

  it('auto takes MPS, exact, for jobs only where SLOS does not fit and the exact MPS fits within its cost bound', () => {
    const context = (slosFits: boolean, mps: ExactMps | undefined): AutoContext => ({
      slosFits: () => slosFits,
      exactMps: () => mps,
    });
    expect(chooseBackend('auto', 8, 16, context(true, cheapMps))).toBe('SLOS');
    expect(chooseBackend('auto', 8, 16, context(false, cheapMps))).toBe('MPS');
    // Not MPS-able (wide components, losses, time delays): SLOS, which refuses with its memory figures.
    expect(chooseBackend('auto', 8, 16, context(false, undefined))).toBe('SLOS');
    expect(chooseBackend('auto', 8, 16, context(false, { ...cheapMps, probsFit: false }))).toBe('SLOS');
    expect(chooseBackend('auto', 8, 16, context(false, { ...cheapMps, cost: AUTO_MPS_MAX_COST }))).toBe(
      'SLOS',
    );
    // Beyond the state bound no distribution is listed: sampling, whatever the circuit.
    expect(chooseBackend('auto', 16, 16, context(false, cheapMps))).toBe('CliffordClifford2017');
  });

  it('auto computes one amplitude by its exact MPS when cheaper than the permanent (and than a 30-photon one)', () => {
    expect(amplitudeBackend('auto', 24, () => cheapMps)).toBe('MPS'); // 24·2^24 ≈ 4e8 > 1e7
    expect(amplitudeBackend('auto', 40, () => cheapMps)).toBe('MPS'); // exact instead of Gurvits' estimate
    expect(amplitudeBackend('auto', 16, () => cheapMps)).toBe('Naive'); // 16·2^16 ≈ 1e6 < 1e7
    expect(amplitudeBackend('auto', 40, () => ({ ...cheapMps, fits: false }))).toBe('NaiveApprox');
    expect(amplitudeBackend('auto', 40, () => ({ ...cheapMps, cost: 2 * AUTO_MPS_MAX_COST }))).toBe(
      'NaiveApprox',
    );
    expect(amplitudeBackend('auto', 24, () => undefined)).toBe('Naive');
    expect(amplitudeBackend('MPS', 2)).toBe('MPS');
  });
});
