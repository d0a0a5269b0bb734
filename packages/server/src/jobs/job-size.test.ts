import { ResourceLimitError, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { checkJobFits, samplesPerRun } from './job-size.js';

const GB = 1e9;

describe('the size of a job, checked at creation', () => {
  it('refuses a full distribution larger than one result, whatever the constraints published', () => {
    // The issue's job: SLOS, 10 photons in 24 modes, C(33, 10) = 92,561,040 output states.
    const fits = () =>
      checkJobFits({
        command: 'probs',
        backend: 'SLOS',
        photons: 10,
        modes: 24,
        samplesPerRun: [Number.POSITIVE_INFINITY],
        memoryLimitBytes: 8 * GB,
      });
    expect(fits).toThrow(ResourceLimitError);
    expect(fits).toThrow(/10 photons on 24 modes has 92,561,040 states, more than the 4,194,304/);
    expect(() =>
      checkJobFits({
        command: 'probs',
        backend: 'SLOS',
        photons: 7,
        modes: 24,
        samplesPerRun: [Number.POSITIVE_INFINITY],
        memoryLimitBytes: 8 * GB,
      }),
    ).not.toThrow();
  });

  it('refuses samples whose buffer exceeds the memory of a job (2 bytes per mode and sample)', () => {
    const size = {
      command: 'sample_count' as const,
      backend: 'SLOS' as const,
      photons: 2,
      modes: 24,
      memoryLimitBytes: 8.85 * GB,
    };
    expect(() => checkJobFits({ ...size, samplesPerRun: [1e9] })).toThrow(
      /drawing 1,000,000,000 samples of 24 modes needs 48\.00 GB of memory, above this server's limit of 8\.85 GB/,
    );
    expect(() => checkJobFits({ ...size, samplesPerRun: [1e6] })).not.toThrow();
  });

  it('counts the samples of each run: the largest run for memory, all of them for the result', () => {
    expect(samplesPerRun({ max_samples: 100, max_shots: 50 }, [])).toEqual([50]);
    expect(samplesPerRun({ max_samples: 100 }, [{ max_samples: 7 }, {}, { max_shots: 3 }])).toEqual([
      7, 100, 3,
    ]);
    expect(() => samplesPerRun({ max_shots: 0 }, [])).toThrow(ValidationError);
    expect(() => samplesPerRun({ max_samples: 1 }, [{ max_shots: 0 }])).toThrow(
      /payload\.iterator\[0\]\.max_shots/,
    );
  });
});
