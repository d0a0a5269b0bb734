import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import {
  AVAILABILITY_PATH,
  CREATE_JOB_PATH,
  cancelJobPath,
  JOBS_PATH,
  jobPath,
  jobResultPath,
  jobStatusPath,
  jobTagsPath,
  legacyPlatformPath,
  platformProcessorPath,
  QUANDELA_CLOUD_URL,
  quotePlus,
  rerunJobPath,
  USAGE_PATH,
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
    expect(QUANDELA_CLOUD_URL).toBe('https://api.cloud.quandela.com');
  });

  it("and bosonic's server's own: listing, usage, deletion and tags", () => {
    const id = '0c9a3d1e-7b55-4f0e-9d3c-2a1b0c9d8e7f';
    expect(JOBS_PATH).toBe('/api/jobs');
    expect(USAGE_PATH).toBe('/api/usage');
    expect(jobPath(id)).toBe(`/api/job/${id}`);
    expect(jobTagsPath(id)).toBe(`/api/job/${id}/tags`);
    for (const bad of ['', '../x', 'a/b']) {
      expect(() => jobPath(bad)).toThrow(ValidationError);
      expect(() => jobTagsPath(bad)).toThrow(ValidationError);
    }
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
