// Requests that must not take a service down (issue 14): huge sample counts are refused before anything is
// allocated, or stopped by a cancel with the samples drawn so far, whichever backend draws them.
import {
  BasicState,
  BS,
  type BSSamples,
  Circuit,
  JobError,
  ResourceLimitError,
  Sampler,
  type SamplerResult,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { Processor } from './index.js';

const TWO_TO_THE_31 = 2 ** 31;

const hom = (): Circuit => new Circuit(2).add(0, BS.H());

/** Starts `job` asynchronously for `maxSamples`, cancels at its first progress report in `phase`, and waits. */
async function cancelWhile(
  job: Sampler<Processor>['samples'],
  maxSamples: number,
  phase: RegExp,
): Promise<BSSamples> {
  job.onProgress((_, message) => {
    if (message !== undefined && phase.test(message)) void job.cancel();
  });
  await job.executeAsync(maxSamples);
  const { results } = (await job.wait()) as SamplerResult<BSSamples>;
  return results;
}

describe('samples with max_samples = 2^31', () => {
  it('on SLOS: a cancel while drawing from the distribution ends the job with the samples drawn', async () => {
    const p = new Processor('SLOS', hom(), { seed: 3 }).withInput(new BasicState([1, 1]));
    const job = new Sampler(p, { seed: 3 }).samples;
    const samples = await cancelWhile(job, TWO_TO_THE_31, /sampling the distribution/);
    expect(job.status.canceled).toBe(true);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThan(TWO_TO_THE_31);
    // Hong–Ou–Mandel: never a coincidence among those drawn.
    expect(samples.toFlat().every((_, i, flat) => i % 2 === 1 || flat[i] !== 1 || flat[i + 1] !== 1)).toBe(
      true,
    );
  });

  it('on Clifford & Clifford: a cancel while sampling ends the job with the samples drawn', async () => {
    // 2^31 samples of 2 modes (8.6 GB with JavaScript's copy) are within this processor's 64 GiB limit, so the
    // run starts; it holds only what it drew when the cancel arrives.
    const p = new Processor('CliffordClifford2017', hom(), { memoryLimitBytes: 2 ** 36 });
    p.withInput(new BasicState([1, 1]));
    const job = new Sampler(p, { seed: 4 }).samples;
    const samples = await cancelWhile(job, TWO_TO_THE_31, /sampling/);
    expect(job.status.canceled).toBe(true);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThan(TWO_TO_THE_31);
  });

  it('on Clifford & Clifford over the memory limit: a ResourceLimitError naming the sizes, nothing drawn', () => {
    const p = new Processor('CliffordClifford2017', new Circuit(24), { memoryLimitBytes: 8_000_000_000 });
    p.withInput(new BasicState([1, 1, ...Array(22).fill(0)]));
    const job = new Sampler(p).samples;
    let failure: unknown;
    try {
      job.executeSync(TWO_TO_THE_31);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(JobError);
    const cause = (failure as JobError).cause as ResourceLimitError;
    expect(cause).toBeInstanceOf(ResourceLimitError);
    // Two bytes per mode and sample: the engine's buffer and JavaScript's copy.
    expect(cause.requiredBytes).toBe(TWO_TO_THE_31 * 24 * 2);
    expect(cause.limitBytes).toBe(8_000_000_000);
    expect(cause.message).toBe(
      'drawing 2,147,483,648 samples of 24 modes needs 103.08 GB of memory, above the limit of 8.00 GB',
    );
    expect(job.status.progress).toBe(0);
  });
});
