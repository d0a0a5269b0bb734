import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { validateCreateJobRequest, validateJobIdResponse } from './create-job.js';

/** The create-job body Perceval sends for `Sampler(rp, max_shots_per_call=1_000_000).sample_count(10_000)`. */
const SAMPLE_COUNT_BODY = {
  pcvl_version: '1.1.1',
  process_id: '6f0c2f4e-8b0e-4d5e-9a41-1c2d3e4f5a6b',
  platform_name: 'qpu:belenos',
  payload: {
    command: 'sample_count',
    experiment:
      ':PCVL:zip:eJyzCnAO87FydM4sSi7NLLFydfTM9K9wdI7MSg52DsyO9AkNCtWu9DANqMj3cg50hAPP9GwvBM+xEKgWwXPxRFNrEegYlu/jDNTj7mzoGhZQnGEWYkF1ewCY7jxM',
    max_shots: 1_000_000,
    max_samples: 10_000,
    job_context: null,
  },
  job_name: 'sample_count',
};

/** The same call on a probs-only simulator: the client maps probabilities to counts itself. */
const PROBS_WITH_MAPPING_BODY = {
  ...SAMPLE_COUNT_BODY,
  platform_name: 'sim:slos',
  payload: {
    command: 'probs',
    experiment: ':PCVL:Experiment:UP///38=',
    max_shots: 1_000_000,
    job_context: {
      result_mapping: ['perceval.utils', 'probs_to_sample_count'],
      mapping_delta_parameters: { max_samples: 10_000, max_shots: 1_000_000 },
    },
    iterator: [
      {
        input_state: ':PCVL:BasicState:|1,0,1,0>',
        circuit_params: { phi: 0.5 },
        noise: ':PCVL:NoiseModel:{"g2": 0.01}',
      },
    ],
    parameters: { compute_physical_logical_perf: true },
  },
  job_group_name: 'sweep',
};

function fieldOf(body: unknown): string | undefined {
  try {
    validateCreateJobRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  return undefined;
}

describe('validateCreateJobRequest', () => {
  it("accepts Perceval's sample_count body as is", () => {
    expect(validateCreateJobRequest(SAMPLE_COUNT_BODY)).toEqual(SAMPLE_COUNT_BODY);
  });

  it('accepts a probs job with result mapping, iterator, parameters and a job group', () => {
    const body = validateCreateJobRequest(PROBS_WITH_MAPPING_BODY);
    expect(body.payload.job_context?.result_mapping).toEqual(['perceval.utils', 'probs_to_sample_count']);
    expect(body.payload.iterator?.[0]?.circuit_params).toEqual({ phi: 0.5 });
    expect(body.job_group_name).toBe('sweep');
  });

  it('keeps keys it does not know (command keyword arguments, future fields)', () => {
    const body = validateCreateJobRequest({
      ...SAMPLE_COUNT_BODY,
      extra: 1,
      payload: { ...SAMPLE_COUNT_BODY.payload, max_samples: null, precision: 1e-6 },
    });
    expect(body.extra).toBe(1);
    expect(body.payload.precision).toBe(1e-6);
    expect(body.payload.max_samples).toBeNull();
  });

  it('accepts a legacy body carrying a circuit instead of an experiment', () => {
    const { experiment: _, ...payload } = SAMPLE_COUNT_BODY.payload;
    expect(() =>
      validateCreateJobRequest({
        ...SAMPLE_COUNT_BODY,
        payload: { ...payload, circuit: ':PCVL:ACircuit:EAI=' },
      }),
    ).not.toThrow();
  });

  it.each([
    ['a body that is not an object', [], 'body'],
    ['a missing pcvl_version', { ...SAMPLE_COUNT_BODY, pcvl_version: undefined }, 'pcvl_version'],
    ['a numeric process_id', { ...SAMPLE_COUNT_BODY, process_id: 7 }, 'process_id'],
    ['a missing payload', { ...SAMPLE_COUNT_BODY, payload: undefined }, 'payload'],
    [
      'an empty command',
      { ...SAMPLE_COUNT_BODY, payload: { ...SAMPLE_COUNT_BODY.payload, command: '' } },
      'payload.command',
    ],
    [
      'neither experiment nor circuit',
      { ...SAMPLE_COUNT_BODY, payload: { command: 'probs' } },
      'payload.experiment',
    ],
    [
      'an experiment that is not a :PCVL: string',
      { ...SAMPLE_COUNT_BODY, payload: { ...SAMPLE_COUNT_BODY.payload, experiment: 'BS()' } },
      'payload.experiment',
    ],
    [
      'a fractional max_shots',
      { ...SAMPLE_COUNT_BODY, payload: { ...SAMPLE_COUNT_BODY.payload, max_shots: 1.5 } },
      'payload.max_shots',
    ],
    [
      'a negative max_samples',
      { ...SAMPLE_COUNT_BODY, payload: { ...SAMPLE_COUNT_BODY.payload, max_samples: -1 } },
      'payload.max_samples',
    ],
    [
      'a string max_shots',
      { ...SAMPLE_COUNT_BODY, payload: { ...SAMPLE_COUNT_BODY.payload, max_shots: '100' } },
      'payload.max_shots',
    ],
    [
      'a bad iteration parameter',
      {
        ...PROBS_WITH_MAPPING_BODY,
        payload: { ...PROBS_WITH_MAPPING_BODY.payload, iterator: [{}, { circuit_params: { phi: 'x' } }] },
      },
      'payload.iterator[1].circuit_params.phi',
    ],
    [
      'a one-element result_mapping',
      {
        ...PROBS_WITH_MAPPING_BODY,
        payload: { ...PROBS_WITH_MAPPING_BODY.payload, job_context: { result_mapping: ['perceval.utils'] } },
      },
      'payload.job_context.result_mapping',
    ],
    ['a numeric job_name', { ...SAMPLE_COUNT_BODY, job_name: 3 }, 'job_name'],
    [
      'a non-JSON extra value',
      { ...SAMPLE_COUNT_BODY, payload: { ...SAMPLE_COUNT_BODY.payload, weird: Number.NaN } },
      'payload.weird',
    ],
  ])('refuses %s, naming the field', (_, body, field) => {
    expect(fieldOf(body)).toBe(field);
  });

  it('says what it expected and what it got', () => {
    expect(() =>
      validateCreateJobRequest({
        ...SAMPLE_COUNT_BODY,
        payload: { ...SAMPLE_COUNT_BODY.payload, max_shots: '100' },
      }),
    ).toThrow("payload.max_shots: expected an integer ≥ 0 or null, got the string '100'");
  });
});

describe('validateJobIdResponse', () => {
  it('accepts {"job_id": uuid}', () => {
    expect(validateJobIdResponse({ job_id: 'a3b2c1d0-0000-4000-8000-000000000001' }).job_id).toBe(
      'a3b2c1d0-0000-4000-8000-000000000001',
    );
  });

  it.each([[{}], [{ job_id: '' }], [{ job_id: 12 }], [null]])('refuses %j', (body) => {
    expect(() => validateJobIdResponse(body)).toThrow(ValidationError);
  });
});
