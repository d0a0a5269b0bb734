import { ValidationError } from '@bosonic/core';
import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { check } from '../validation/validator.js';
import {
  availabilityResponseSchema,
  createJobRequestSchema,
  errorResponseSchema,
  isWireJobStatus,
  jobIdResponseSchema,
  jobListResponseSchema,
  jobPayloadSchema,
  jobResultResponseSchema,
  jobResultsContentSchema,
  jobStatusResponseSchema,
  jobTagsSchema,
  LISTED_JOB_STATUSES,
  platformConstraintsSchema,
  platformDetailsSchema,
  platformSpecsSchema,
  usageResponseSchema,
  validateJobListResponse,
  validateUsageResponse,
} from './index.js';

/** A serialized two-photon input, as Perceval writes it. */
const INPUT = ':PCVL:BasicState:|1,1>';

const payload = { command: 'sample_count', circuit: ':PCVL:ACircuit:…', input_state: INPUT, max_shots: 1000 };

/**
 * Each exported schema of the wire module, with a body it accepts (a real answer or request of the cloud
 * protocol) and one it rejects, and the field the rejection names.
 */
const CASES: {
  name: string;
  schema: TSchema;
  valid: unknown;
  invalid: unknown;
  field: string;
}[] = [
  {
    name: 'availabilityResponseSchema',
    schema: availabilityResponseSchema,
    valid: { max_jobs_in_queue: 10, num_jobs_in_queue: 3 },
    invalid: { max_jobs_in_queue: 10, num_jobs_in_queue: -1 },
    field: 'num_jobs_in_queue',
  },
  {
    name: 'jobPayloadSchema',
    schema: jobPayloadSchema,
    valid: payload,
    invalid: { command: 'probs', input_state: INPUT },
    field: 'experiment',
  },
  {
    name: 'createJobRequestSchema',
    schema: createJobRequestSchema,
    valid: { pcvl_version: '0.13.0', process_id: 'p-1', platform_name: 'sim:slos', payload, tags: ['hom'] },
    invalid: { pcvl_version: '0.13.0', process_id: 'p-1', payload: { ...payload, max_shots: 1.5 } },
    field: 'payload.max_shots',
  },
  {
    name: 'jobIdResponseSchema',
    schema: jobIdResponseSchema,
    valid: { job_id: '0c9a3d1e-7b55-4f0e-9d3c-2a1b0c9d8e7f' },
    invalid: { job_id: '' },
    field: 'job_id',
  },
  {
    name: 'errorResponseSchema',
    schema: errorResponseSchema,
    valid: {
      error: 'payload.max_shots: expected an integer',
      field: 'payload.max_shots',
      code: 'VALIDATION',
    },
    invalid: { error: 'bad request', code: 400 },
    field: 'code',
  },
  {
    name: 'jobStatusResponseSchema',
    schema: jobStatusResponseSchema,
    valid: { status: 'running', progress: 0.5, progress_message: 'sampling', creation_datetime: 1.7e9 },
    invalid: { status: 'running', progress: -0.5 },
    field: 'progress',
  },
  {
    name: 'jobListResponseSchema',
    schema: jobListResponseSchema,
    valid: { jobs: [{ id: 'a1', status: 'completed', tags: ['hom'] }], next_cursor: null },
    invalid: { jobs: [{ id: 'a1', status: 'completed' }, { id: 'a2' }], next_cursor: null },
    field: 'jobs[1].status',
  },
  {
    name: 'usageResponseSchema',
    schema: usageResponseSchema,
    valid: {
      since: null,
      until: 1.7e9,
      platforms: [{ platform: 'sim:slos', jobs: 2, run_seconds: 0.4, samples: 2000 }],
    },
    invalid: { since: null, until: null, platforms: [{ platform: 'sim:slos', jobs: 2, run_seconds: 0.4 }] },
    field: 'platforms[0].samples',
  },
  {
    name: 'jobResultResponseSchema',
    schema: jobResultResponseSchema,
    valid: { results: '{"results": ":PCVL:BSCount:{\\"|2,0>\\": 3}"}', job_id: 'a1' },
    invalid: { results: { results: ':PCVL:BSCount:{}' } },
    field: 'results',
  },
  {
    name: 'jobResultsContentSchema',
    schema: jobResultsContentSchema,
    valid: {
      results: ':PCVL:BSCount:{}',
      global_perf: 0.8,
      job_context: { result_mapping: ['perceval.utils', 'f'] },
    },
    invalid: { results_list: [{ results: ':PCVL:BSCount:{}', global_perf: 'high' }] },
    field: 'results_list[0].global_perf',
  },
  {
    name: 'jobTagsSchema',
    schema: jobTagsSchema,
    valid: ['hom', 'reference-5'],
    invalid: ['hom', 'two\nlines'],
    field: '[1]',
  },
  {
    name: 'platformConstraintsSchema',
    schema: platformConstraintsSchema,
    valid: { max_mode_count: 24, min_mode_count: 1, max_photon_count: 6, support_multi_photon: false },
    invalid: { max_mode_count: '24' },
    field: 'max_mode_count',
  },
  {
    name: 'platformSpecsSchema',
    schema: platformSpecsSchema,
    valid: { available_commands: ['probs'], connected_input_modes: [0, 2, 4], detector: 'threshold' },
    invalid: { available_commands: ['probs'], architecture: 'ACircuit' },
    field: 'architecture',
  },
  {
    name: 'platformDetailsSchema',
    schema: platformDetailsSchema,
    valid: {
      name: 'sim:slos',
      status: 'available',
      type: 'simulator',
      specs: { available_commands: ['probs'] },
    },
    invalid: { name: 'sim:slos', specs: { constraints: { max_photon_count: -2 } } },
    field: 'specs.constraints.max_photon_count',
  },
];

describe("the wire module's exported schemas", () => {
  for (const { name, schema, valid, invalid, field } of CASES) {
    it(`${name} accepts a valid body and rejects an invalid one naming ${field}`, () => {
      expect(check(schema, valid)).toEqual(valid);
      let error: unknown;
      try {
        check(schema, invalid);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as ValidationError).message).toContain(field);
    });
  }

  it('nests a field under the path it is given', () => {
    expect(() => check(availabilityResponseSchema, { max_jobs_in_queue: 1 }, { path: 'body' })).toThrow(
      expect.objectContaining({ field: 'body.num_jobs_in_queue' }),
    );
  });

  it('validateJobListResponse and validateUsageResponse check whole bodies, naming the field from the root', () => {
    const page = { jobs: [{ id: 'a1', status: 'waiting' }], next_cursor: 'c2' };
    expect(validateJobListResponse(page)).toEqual(page);
    expect(() =>
      validateJobListResponse({ jobs: [{ id: '', status: 'waiting' }], next_cursor: null }),
    ).toThrow(expect.objectContaining({ field: 'jobs[0].id' }));
    const usage = { since: 1.7e9, until: null, platforms: [] };
    expect(validateUsageResponse(usage)).toEqual(usage);
    expect(() => validateUsageResponse({ since: 'yesterday', until: null, platforms: [] })).toThrow(
      expect.objectContaining({ field: 'since' }),
    );
  });

  it('LISTED_JOB_STATUSES are the states a listing filters on, each a wire status', () => {
    expect(LISTED_JOB_STATUSES).toEqual([
      'waiting',
      'running',
      'cancel_requested',
      'completed',
      'error',
      'canceled',
    ]);
    for (const status of LISTED_JOB_STATUSES) expect(isWireJobStatus(status)).toBe(true);
  });
});
