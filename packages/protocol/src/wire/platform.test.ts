import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { validateAvailabilityResponse } from './availability.js';
import { validateErrorResponse } from './error-response.js';
import { validatePlatformDetails } from './platform.js';

/** Perceval's test mock `DEFAULT_PLATFORM_INFO`, with an architecture. */
const PLATFORM = {
  id: 'b9a0e3b2-0000-4000-8000-000000000000',
  name: 'sim:test',
  status: 'available',
  type: 'simulator',
  perfs: {},
  specs: {
    available_commands: ['probs'],
    connected_input_modes: [0, 2, 4, 6, 8, 10],
    constraints: {
      max_mode_count: 20,
      max_photon_count: 6,
      min_mode_count: 1,
      min_photon_count: 1,
      support_multi_photon: false,
    },
    parameters: { min_detected_photons: 'Minimum number of detected photons', final_mode_number: '…' },
    architecture: ':PCVL:Experiment:UP///38=',
    detector: 'threshold',
  },
};

describe('validatePlatformDetails', () => {
  it("accepts Perceval's mock platform", () => {
    expect(validatePlatformDetails(PLATFORM)).toEqual(PLATFORM);
  });

  it('accepts the older shape with specific_circuit and a QPU with perfs', () => {
    const details = validatePlatformDetails({
      name: 'qpu:ascella',
      type: 'qpu',
      perfs: { 'Transmittance (%)': 5.2, 'HOM (%)': 92 },
      specs: { specific_circuit: ':PCVL:zip:eJw=', available_commands: ['sample_count', 'samples'] },
    });
    expect(details.perfs?.['Transmittance (%)']).toBe(5.2);
  });

  it.each([
    [{ ...PLATFORM, specs: undefined }, 'specs'],
    [{ ...PLATFORM, specs: { available_commands: 'probs' } }, 'specs.available_commands'],
    [{ ...PLATFORM, specs: { constraints: { max_mode_count: '20' } } }, 'specs.constraints.max_mode_count'],
    [
      { ...PLATFORM, specs: { constraints: { support_multi_photon: 1 } } },
      'specs.constraints.support_multi_photon',
    ],
    [{ ...PLATFORM, specs: { connected_input_modes: [0, -2] } }, 'specs.connected_input_modes[1]'],
    [{ ...PLATFORM, specs: { architecture: 'BS()' } }, 'specs.architecture'],
    [{ ...PLATFORM, perfs: { 'Transmittance (%)': Number.POSITIVE_INFINITY } }, 'perfs["Transmittance (%)"]'],
  ])('refuses a bad field, naming it (%#)', (body, field) => {
    try {
      validatePlatformDetails(body);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('validateAvailabilityResponse', () => {
  it('accepts the token quota', () => {
    expect(validateAvailabilityResponse({ max_jobs_in_queue: 1, num_jobs_in_queue: 0 })).toEqual({
      max_jobs_in_queue: 1,
      num_jobs_in_queue: 0,
    });
  });

  it.each([
    [{ max_jobs_in_queue: 1 }],
    [{ max_jobs_in_queue: 1.5, num_jobs_in_queue: 0 }],
    [{ max_jobs_in_queue: -1, num_jobs_in_queue: 0 }],
  ])('refuses %j', (body) => {
    expect(() => validateAvailabilityResponse(body)).toThrow(ValidationError);
  });
});

describe('validateErrorResponse', () => {
  it('accepts {error, field?, code?}', () => {
    expect(
      validateErrorResponse({ error: 'bad', field: 'payload.command', code: 'ERR_VALIDATION' }).field,
    ).toBe('payload.command');
    expect(() => validateErrorResponse({ message: 'bad' })).toThrow(ValidationError);
  });
});
