import { type SamplerCommand, ValidationError } from '@bosonic/core';
import type { CreateJobRequest } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { finalizeJobRequest, type SamplerJobPlan } from './job-request.js';

const EXPERIMENT =
  ':PCVL:zip:eJyzCnAO87FydM4sSi7NLLFydfTM9K9wdI7MSg52DsyO9AkNCtWu9DANqMj3cg50hAPP9GwvBM+xEKgWwXPxRFNrEegYlu/jDNTj7mzoGhZQnGEWYkF1ewCY7jxM';

function plan(command: SamplerCommand, primitive: SamplerCommand, maxShots = 1_000_000): SamplerJobPlan {
  const base: CreateJobRequest = {
    pcvl_version: '1.1.1',
    process_id: '6f0c7a10-0000-4000-8000-000000000000',
    platform_name: 'qpu:belenos',
    payload: { command: primitive, experiment: EXPERIMENT, max_shots: maxShots },
  };
  return { base, command, primitive };
}

describe('the create-job body of a Sampler job (docs/wire-protocol.md, Job payload)', () => {
  it('sample_count(10 000) on a platform that counts: exactly the body Perceval sends', () => {
    const body = finalizeJobRequest(plan('sample_count', 'sample_count'), [10_000], 'sample_count');
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        pcvl_version: '1.1.1',
        process_id: '6f0c7a10-0000-4000-8000-000000000000',
        platform_name: 'qpu:belenos',
        payload: {
          command: 'sample_count',
          experiment: EXPERIMENT,
          max_shots: 1_000_000,
          max_samples: 10_000,
          job_context: null,
        },
        job_name: 'sample_count',
      }),
    );
  });

  it('sample_count(10 000) on a probs-only simulator: probs, converted client-side with the mapping parameters', () => {
    const body = finalizeJobRequest(plan('sample_count', 'probs'), [10_000], 'sample_count');
    expect(body.payload).toEqual({
      command: 'probs',
      experiment: EXPERIMENT,
      max_shots: 1_000_000,
      job_context: {
        result_mapping: ['perceval.utils', 'probs_to_sample_count'],
        mapping_delta_parameters: { max_samples: 10_000, max_shots: 1_000_000 },
      },
    });
    expect('max_samples' in body.payload).toBe(false);
  });

  it('probs on a sampling-only platform: 10 000 samples (PROBS_SIMU_SAMPLE_COUNT) and a mapping without parameters', () => {
    const body = finalizeJobRequest(plan('probs', 'samples'), [], 'probs');
    expect(body.payload.max_samples).toBe(10_000);
    expect(body.payload.job_context).toEqual({ result_mapping: ['perceval.utils', 'samples_to_probs'] });
  });

  it('samples from sample_count: the count stays a command parameter', () => {
    const body = finalizeJobRequest(plan('samples', 'sample_count'), [500], 'samples');
    expect(body.payload.max_samples).toBe(500);
    expect(body.payload.job_context).toEqual({
      result_mapping: ['perceval.utils', 'sample_count_to_samples'],
    });
  });

  it('sends max_samples null when no count is given, and clamps it to max_shots (as Perceval warns and does)', () => {
    expect(finalizeJobRequest(plan('samples', 'samples'), [], 'samples').payload.max_samples).toBeNull();
    const clamped = finalizeJobRequest(plan('sample_count', 'sample_count', 100), [10_000], 'sample_count');
    expect(clamped.payload.max_samples).toBe(100);
    expect(clamped.payload.max_shots).toBe(100);
  });

  it('lets an execute-time maxShots replace maxShotsPerCall, also in the mapping parameters', () => {
    const body = finalizeJobRequest(plan('sample_count', 'probs'), [1_000, 5_000], 'counts');
    expect(body.payload.max_shots).toBe(5_000);
    expect(body.payload.job_context?.mapping_delta_parameters).toEqual({
      max_samples: 1_000,
      max_shots: 5_000,
    });
    expect(body.job_name).toBe('counts');
  });

  it('refuses bad arguments, naming them', () => {
    const finalize = (command: SamplerCommand, args: unknown[]) =>
      finalizeJobRequest(plan(command, command), args, command);
    expect(() => finalize('probs', [10])).toThrow(expect.objectContaining({ field: 'args' }));
    expect(() => finalize('samples', [0])).toThrow(expect.objectContaining({ field: 'maxSamples' }));
    expect(() => finalize('samples', [10, 2.5])).toThrow(expect.objectContaining({ field: 'maxShots' }));
    expect(() => finalize('samples', [1, 2, 3])).toThrow(expect.objectContaining({ field: 'args' }));
    expect(() => finalize('samples', [1, 2, 3])).toThrow(ValidationError);
    const body = finalize('sample_count', [null, 7]);
    expect(body.payload).toMatchObject({ max_samples: null, max_shots: 7 });
  });
});
