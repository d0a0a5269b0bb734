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
import { thrownBy } from '@bosonic/core/testing';
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
    // 2^31 samples of 2 modes (4.3 GB) are within this processor's 64 GiB limit, so the run starts.
    const p = new Processor('SLOS', hom(), { seed: 3, memoryLimitBytes: 2 ** 36 });
    p.withInput(new BasicState([1, 1]));
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

describe('Processor.estimate: what a job will need, before it runs', () => {
  it('counts the output states of SLOS with 10 photons in 24 modes and refuses them over the limit (issue 14 item 5)', () => {
    const p = new Processor('SLOS', new Circuit(24), { memoryLimitBytes: 1e9 });
    p.withInput(new BasicState([...Array(10).fill(1), ...Array(14).fill(0)]));
    const estimate = p.estimate('probs');
    expect(estimate).toMatchObject({
      command: 'probs',
      backend: 'SLOS',
      primitive: 'probs',
      resultStates: 92_561_040, // C(33, 10)
      modes: 24,
      limitBytes: 1e9,
      fits: false,
      description: 'SLOS with 10 photons on 24 modes (92,561,040 output states)',
    });
    const error = thrownBy(() => p.checkFits('probs')) as ResourceLimitError;
    expect(error).toBeInstanceOf(ResourceLimitError);
    expect(error.requiredBytes).toBe(estimate.requiredBytes);
    expect(error.message).toMatch(
      /^SLOS with 10 photons on 24 modes \(92,561,040 output states\) needs \d+\.\d\d GB/,
    );
    // A job of it fails at once with the same error, before any computation (no progress at all).
    const job = new Sampler(p).probs;
    const failure = thrownBy(() => job.executeSync()) as JobError;
    expect(failure.cause).toBeInstanceOf(ResourceLimitError);
    expect((failure.cause as ResourceLimitError).requiredBytes).toBe(estimate.requiredBytes);
    expect(job.status.progress).toBe(0);
  });

  it('counts samples drawn from a distribution, and refuses 2^31 of them over the limit before computing it', async () => {
    const p = new Processor('SLOS', hom(), { memoryLimitBytes: 1e9 }).withInput(new BasicState([1, 1]));
    const estimate = p.estimate('samples', { maxSamples: TWO_TO_THE_31 });
    expect(estimate).toMatchObject({
      primitive: 'probs',
      resultStates: TWO_TO_THE_31,
      modes: 2,
      fits: false,
    });
    // Two bytes per sample in the sample buffer, on top of the distribution's computation.
    expect(estimate.requiredBytes).toBeGreaterThan(2 * TWO_TO_THE_31);
    expect(estimate.description).toBe(
      'samples from SLOS with 2 photons on 2 modes (3 output states) (2,147,483,648 result states)',
    );
    const job = new Sampler(p).samples;
    await job.executeAsync(TWO_TO_THE_31);
    const error = await job.wait().catch((e: unknown) => e);
    expect((error as JobError).cause).toBeInstanceOf(ResourceLimitError);
    expect(job.status.progress).toBe(0);
    // A shot limit bounds the samples.
    expect(p.estimate('samples', { maxSamples: TWO_TO_THE_31, maxShots: 1000 }).resultStates).toBe(1000);
  });

  it('refuses sample_count of 10^9 Clifford & Clifford samples on 24 modes at once (issue 14 item 8)', () => {
    const p = new Processor('CliffordClifford2017', new Circuit(24), { memoryLimitBytes: 8e9 });
    p.withInput(new BasicState([1, 1, ...Array(22).fill(0)]));
    const estimate = p.estimate('sample_count', { maxSamples: 1e9 });
    expect(estimate).toMatchObject({ primitive: 'samples', resultStates: 1e9, modes: 24, fits: false });
    // The samples (48 B each with JavaScript's copy) and the counts built from them (24 + 24 B per entry).
    expect(estimate.requiredBytes).toBe(1e9 * 48 + 1e9 * 48);
    const failure = thrownBy(() => new Sampler(p).sampleCount.executeSync(1e9)) as JobError;
    expect(failure.cause).toBeInstanceOf(ResourceLimitError);
  });

  it('finds small jobs fitting, with their exact result sizes', () => {
    const p = new Processor('SLOS', hom()).withInput(new BasicState([1, 1]));
    expect(p.estimate('probs')).toMatchObject({ resultStates: 3, modes: 2, fits: true });
    expect(p.estimate('sample_count', { maxSamples: 10 })).toMatchObject({ resultStates: 3, fits: true });
    const c = new Processor('CliffordClifford2017', hom()).withInput(new BasicState([1, 1]));
    // probs on a sampling backend: estimated from 10,000 samples.
    expect(c.estimate('probs')).toMatchObject({ primitive: 'samples', resultStates: 10_000, fits: true });
  });
});
