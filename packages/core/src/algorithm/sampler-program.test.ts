import { describe, expect, it } from 'vitest';
import { PROBS_SIMU_SAMPLE_COUNT, SAMPLES_MAX_COUNT } from './sampler-command.js';
import { planSamplerRuns, probsSampleCount } from './sampler-program.js';

describe('planSamplerRuns', () => {
  it('plans one run for a job without a sweep, with the execute-time limits', () => {
    expect(planSamplerRuns({ command: 'samples', iterations: [] }, [50, 80])).toEqual([
      { iteration: undefined, maxSamples: 50, maxShots: 80 },
    ]);
    expect(planSamplerRuns({ command: 'probs', iterations: [] }, [])).toEqual([
      { iteration: undefined, maxSamples: undefined, maxShots: undefined },
    ]);
  });

  it("applies Perceval's rules per step: the step's limits first, maxSamples defaults high and never exceeds maxShots", () => {
    const iterations = [{ maxSamples: 10 }, { maxShots: 5 }, {}];
    const runs = planSamplerRuns({ command: 'sample_count', iterations, maxShotsPerCall: 1000 }, [
      undefined,
      300,
    ]);
    expect(runs.map(({ maxSamples, maxShots }) => [maxSamples, maxShots])).toEqual([
      [10, 300],
      [5, 5],
      [300, 300],
    ]);
    expect(runs.map((run) => run.iteration)).toEqual(iterations);
    const onlyShotsPerCall = planSamplerRuns(
      { command: 'samples', iterations: [], maxShotsPerCall: 1e9 },
      [],
    );
    expect(onlyShotsPerCall[0]!.maxSamples).toBe(SAMPLES_MAX_COUNT);
  });

  it('refuses a sampling run without any limit, naming the step that lacks one', () => {
    expect(() => planSamplerRuns({ command: 'samples', iterations: [] }, [])).toThrow(
      /call the job with \(maxSamples, maxShots\)/,
    );
    expect(() => planSamplerRuns({ command: 'samples', iterations: [{ maxSamples: 3 }, {}] }, [])).toThrow(
      expect.objectContaining({
        field: 'maxSamples',
        message: expect.stringContaining('missing in iteration 1'),
      }),
    );
  });
});

describe('probsSampleCount', () => {
  it("is Perceval's PROBS_SIMU_SAMPLE_COUNT (10 000), capped by the shot limit", () => {
    expect(probsSampleCount(undefined)).toBe(PROBS_SIMU_SAMPLE_COUNT);
    expect(PROBS_SIMU_SAMPLE_COUNT).toBe(10_000);
    expect(probsSampleCount(250)).toBe(250);
    expect(probsSampleCount(1e6)).toBe(10_000);
  });
});
