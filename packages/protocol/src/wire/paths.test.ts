import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import {
  AVAILABILITY_PATH,
  CREATE_JOB_PATH,
  cancelJobPath,
  jobResultPath,
  jobStatusPath,
  legacyPlatformPath,
  platformProcessorPath,
  quotePlus,
  rerunJobPath,
} from './paths.js';

describe('cloud REST paths', () => {
  it('are the paths of the Quandela Cloud', () => {
    const id = '0c9a3d1e-7b55-4f0e-9d3c-2a1b0c9d8e7f';
    expect(CREATE_JOB_PATH).toBe('/api/job');
    expect(AVAILABILITY_PATH).toBe('/api/jobs/availability');
    expect(jobStatusPath(id)).toBe(`/api/job/status/${id}`);
    expect(jobResultPath(id)).toBe(`/api/job/result/${id}`);
    expect(cancelJobPath(id)).toBe(`/api/job/cancel/${id}`);
    expect(rerunJobPath(id)).toBe(`/api/job/rerun/${id}`);
  });

  it('quote the platform name as Python quote_plus does', () => {
    expect(platformProcessorPath('sim:slos')).toBe('/api/platforms/sim%3Aslos/processor');
    expect(legacyPlatformPath('qpu:belenos')).toBe('/api/platform/qpu%3Abelenos');
    expect(quotePlus("a b/c!'()*~é")).toBe('a+b%2Fc%21%27%28%29%2A~%C3%A9');
  });

  it('refuse job ids that could leave their path segment', () => {
    for (const id of ['', '../x', 'a/b', 'a?b']) expect(() => jobStatusPath(id)).toThrow(ValidationError);
  });
});
