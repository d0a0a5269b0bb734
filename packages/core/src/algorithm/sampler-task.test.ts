import { describe, expect, it } from 'vitest';
import { JobError, ValidationError } from '../errors/index.js';
import { LocalJob, type TaskContext } from '../job/local-job.js';
import type { SamplerIteration } from '../model/sampler-iteration.js';
import type { SamplerIterationResults, SamplerResult, SamplerResults } from '../model/sampler-results.js';
import { BSCount } from '../model/state/bs-count.js';
import { BSDistribution } from '../model/state/bs-distribution.js';
import { BSSamples } from '../model/state/bs-samples.js';
import { Rng } from '../random/random.js';
import { probsToSamples } from './converters.js';
import { parseSamplingArguments } from './job-spec.js';
import type {
  ProbsRequest,
  ProcessorLike,
  SamplerJobSpec,
  SamplerPrimitives,
  SamplesRequest,
} from './processor-like.js';
import {
  converterName,
  PROBS_SIMU_SAMPLE_COUNT,
  SAMPLES_MAX_COUNT,
  selectPrimitive,
} from './sampler-command.js';
import { SAMPLES_PER_STEP } from './sampler-program.js';
import { createSamplerTask } from './sampler-task.js';

/**
 * A fake local processor: one photon on a beam splitter BS.H(theta) entering mode 0 (or mode 1 with input
 * |0,1>). Output |1,0> with probability cos²(θ/2), |0,1> with sin²(θ/2); θ = 2π/3 by default, which is
 * reference #4 (|1,0> 0.25, |0,1> 0.75).
 */
class FakeProcessor implements ProcessorLike<LocalJob<SamplerResults>>, SamplerPrimitives {
  readonly probsRequests: ProbsRequest[] = [];
  readonly samplesRequests: SamplesRequest[] = [];

  constructor(
    readonly nativeCommands: readonly ('probs' | 'samples')[],
    readonly options: { async?: boolean; batch?: number } = {},
  ) {}

  get availableCommands(): ('probs' | 'samples')[] {
    return [...this.nativeCommands];
  }

  createJob(spec: SamplerJobSpec): LocalJob<SamplerResults> {
    return new LocalJob(createSamplerTask(spec, this));
  }

  distribution(iteration?: SamplerIteration): BSDistribution {
    const theta = iteration?.circuitParams?.theta ?? (2 * Math.PI) / 3;
    const reflected = Math.cos(theta / 2) ** 2;
    const fromMode1 = iteration?.inputState?.get(1) === 1;
    return new BSDistribution([
      ['|1,0>', fromMode1 ? 1 - reflected : reflected],
      ['|0,1>', fromMode1 ? reflected : 1 - reflected],
    ]);
  }

  probs(request: ProbsRequest): SamplerResult<BSDistribution> | Promise<SamplerResult<BSDistribution>> {
    this.probsRequests.push(request);
    const result = {
      results: this.distribution(request.iteration),
      globalPerf: 0.9,
      physicalPerf: 0.9,
      logicalPerf: 1,
    };
    return this.options.async ? Promise.resolve(result) : result;
  }

  samples(
    request: SamplesRequest,
    ctx: TaskContext,
  ): SamplerResult<BSSamples> | Promise<SamplerResult<BSSamples>> {
    this.samplesRequests.push(request);
    const probability = this.distribution(request.iteration).get('|1,0>');
    const rng = new Rng(request.seed);
    const limit = Math.min(request.maxSamples, request.maxShots ?? Number.POSITIVE_INFINITY);
    const batch = this.options.batch ?? 1_000;
    const out = new BSSamples();
    const drawBatch = (): boolean => {
      for (let k = 0; k < batch && out.length < limit; k++)
        out.push(rng.next() < probability ? '|1,0>' : '|0,1>');
      ctx.progress(out.length / limit, 'sampling');
      return out.length < limit && !ctx.cancelRequested;
    };
    const done = (): SamplerResult<BSSamples> => ({ results: out, globalPerf: 1 });
    if (!this.options.async) {
      while (drawBatch());
      return done();
    }
    return (async () => {
      while (drawBatch()) await new Promise((resolve) => setImmediate(resolve));
      return done();
    })();
  }
}

function spec(command: SamplerJobSpec['command'], extra: Partial<SamplerJobSpec> = {}): SamplerJobSpec {
  return { command, iterations: [], seed: 42, ...extra };
}

function single<T extends SamplerResults>(results: T): SamplerResult {
  if ('resultsList' in results) throw new Error('expected a single result');
  return results;
}

/** Byte-for-byte equality of two large arrays (vitest's deep equality is slow on 100 000 elements). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function causeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(JobError);
    return (error as JobError).cause;
  }
  throw new Error('expected the job to fail');
}

describe('primitive selection (Perceval fallback order)', () => {
  it('prefers the command itself, then the fallbacks in order', () => {
    expect(selectPrimitive('probs', ['probs', 'samples'])).toBe('probs');
    expect(selectPrimitive('probs', ['samples'])).toBe('samples');
    expect(selectPrimitive('probs', ['samples', 'sample_count'])).toBe('sample_count');
    expect(selectPrimitive('sample_count', ['samples', 'probs'])).toBe('probs');
    expect(selectPrimitive('samples', ['sample_count', 'probs'])).toBe('probs');
    expect(selectPrimitive('samples', [])).toBeUndefined();
  });

  it('names the Perceval converter', () => {
    expect(converterName('sample_count', 'probs')).toBe('probs_to_sample_count');
    expect(converterName('probs', 'samples')).toBe('samples_to_probs');
    expect(converterName('samples', 'samples')).toBeUndefined();
  });
});

describe('createSamplerTask on a strong (probs) processor', () => {
  it('returns the exact distribution with its perf figures', () => {
    const processor = new FakeProcessor(['probs']);
    const result = single(processor.createJob(spec('probs'))());
    expect(result.results).toBeInstanceOf(BSDistribution);
    expect((result.results as BSDistribution).get('|1,0>')).toBeCloseTo(0.25, 12);
    expect(result).toMatchObject({ globalPerf: 0.9, physicalPerf: 0.9, logicalPerf: 1 });
  });

  it('asks for a finer distribution when shots are limited', () => {
    const processor = new FakeProcessor(['probs']);
    processor.createJob(spec('probs'))();
    processor.createJob(spec('probs', { maxShotsPerCall: 100 }))();
    processor.createJob(spec('probs', { maxShotsPerCall: 10_000_000 }))();
    expect(processor.probsRequests.map((r) => r.precision)).toEqual([undefined, 1e-6, 1e-7]);
  });

  it('derives sample counts by perturbing and rounding the distribution', () => {
    const processor = new FakeProcessor(['probs']);
    const result = single(processor.createJob(spec('sample_count'))(10_000));
    const counts = result.results as BSCount;
    expect(counts).toBeInstanceOf(BSCount);
    expect(counts.total()).toBe(10_000);
    expect(counts.get('|1,0>')).toBeGreaterThan(2_300);
    expect(counts.get('|1,0>')).toBeLessThan(2_700);
    expect(result.globalPerf).toBe(0.9);
    expect(processor.samplesRequests).toHaveLength(0);
  });

  it('draws samples from the distribution', () => {
    const processor = new FakeProcessor(['probs']);
    const samples = single(processor.createJob(spec('samples'))(500)).results as BSSamples;
    expect(samples).toBeInstanceOf(BSSamples);
    expect(samples.length).toBe(500);
  });

  it('is reproducible: same seed, same counts; another seed, other counts', () => {
    const processor = new FakeProcessor(['probs']);
    const run = (seed: number) =>
      (single(processor.createJob(spec('sample_count', { seed }))(10_000)).results as BSCount).toJSON();
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
});

describe('createSamplerTask on a sampling processor', () => {
  it('runs samples natively with the seed as given', () => {
    const processor = new FakeProcessor(['samples']);
    const samples = single(processor.createJob(spec('samples'))(1_000)).results as BSSamples;
    expect(samples.length).toBe(1_000);
    expect(processor.samplesRequests[0]).toEqual({ maxSamples: 1_000, seed: 42 });
  });

  it('counts the samples for sample_count', () => {
    const processor = new FakeProcessor(['samples']);
    const counts = single(processor.createJob(spec('sample_count'))(20_000)).results as BSCount;
    expect(counts.total()).toBe(20_000);
    expect(counts.get('|1,0>') / 20_000).toBeCloseTo(0.25, 1);
  });

  it('estimates probabilities from 10,000 samples', () => {
    const processor = new FakeProcessor(['samples']);
    const probs = single(processor.createJob(spec('probs'))()).results as BSDistribution;
    expect(processor.samplesRequests[0]!.maxSamples).toBe(PROBS_SIMU_SAMPLE_COUNT);
    expect(probs.get('|1,0>')).toBeCloseTo(0.25, 1);
    expect(probs.total()).toBeCloseTo(1, 12);
  });

  it('gives the same samples for the same seed', () => {
    const processor = new FakeProcessor(['samples']);
    const draw = () =>
      (single(processor.createJob(spec('samples', { seed: 5 }))(50)).results as BSSamples).toJSON();
    expect(draw()).toEqual(draw());
  });
});

describe('sample and shot limits', () => {
  it('requires maxSamples and/or maxShots for local sampling', () => {
    const processor = new FakeProcessor(['samples']);
    const cause = causeOf(() => processor.createJob(spec('samples'))());
    expect(cause).toBeInstanceOf(ValidationError);
    expect((cause as ValidationError).field).toBe('maxSamples');
  });

  it('defaults maxSamples to 1e8 when only shots are given, clamped to the shots', () => {
    const processor = new FakeProcessor(['samples']);
    processor.createJob(spec('samples'))(undefined, 300);
    processor.createJob(spec('samples', { maxShotsPerCall: 200 }))();
    processor.createJob(spec('samples'))(1_000, 50);
    expect(processor.samplesRequests.map((r) => [r.maxSamples, r.maxShots])).toEqual([
      [300, 300],
      [200, 200],
      [50, 50],
    ]);
    expect(SAMPLES_MAX_COUNT).toBe(1e8);
  });

  it('lets the execute-time shot limit override maxShotsPerCall', () => {
    const processor = new FakeProcessor(['samples']);
    processor.createJob(spec('samples', { maxShotsPerCall: 200 }))(1_000, 500);
    expect(processor.samplesRequests[0]).toMatchObject({ maxSamples: 500, maxShots: 500 });
  });

  it('uses min(maxSamples, maxShots) when converting probabilities to counts', () => {
    const processor = new FakeProcessor(['probs']);
    const counts = single(processor.createJob(spec('sample_count'))(1_000, 300)).results as BSCount;
    expect(counts.total()).toBe(300);
  });

  it.each<[SamplerJobSpec['command'], unknown[], string]>([
    ['probs', [10], 'args'],
    ['sample_count', [1, 2, 3], 'args'],
    ['sample_count', [0], 'maxSamples'],
    ['samples', [1.5], 'maxSamples'],
    ['samples', [10, -1], 'maxShots'],
    ['samples', ['10'], 'maxSamples'],
  ])('%s with arguments %j fails with a ValidationError on %s', (command, args, field) => {
    const processor = new FakeProcessor(['probs']);
    const cause = causeOf(() => processor.createJob(spec(command)).executeSync(...args));
    expect(cause).toBeInstanceOf(ValidationError);
    expect((cause as ValidationError).field).toBe(field);
  });

  it('reads the execute-time arguments, refusing bad ones by name', () => {
    expect(() => parseSamplingArguments('probs', [10])).toThrow(expect.objectContaining({ field: 'args' }));
    expect(() => parseSamplingArguments('samples', [0])).toThrow(
      expect.objectContaining({ field: 'maxSamples' }),
    );
    expect(() => parseSamplingArguments('samples', [10, 2.5])).toThrow(
      expect.objectContaining({ field: 'maxShots' }),
    );
    expect(() => parseSamplingArguments('samples', [1, 2, 3])).toThrow(
      expect.objectContaining({ field: 'args' }),
    );
    expect(() => parseSamplingArguments('samples', [1, 2, 3])).toThrow(ValidationError);
    expect(parseSamplingArguments('sample_count', [null, 7])).toEqual({ maxSamples: undefined, maxShots: 7 });
    expect(parseSamplingArguments('probs', [])).toEqual({ maxSamples: undefined, maxShots: undefined });
    expect(parseSamplingArguments('samples', [1_000, 5_000])).toEqual({ maxSamples: 1_000, maxShots: 5_000 });
  });

  it('rejects a bad spec or a processor without primitives at once', () => {
    const processor = new FakeProcessor(['probs']);
    expect(() => createSamplerTask(spec('sample' as never), processor)).toThrow(ValidationError);
    expect(() => createSamplerTask(spec('probs', { maxShotsPerCall: 0 }), processor)).toThrow(
      ValidationError,
    );
    expect(() => createSamplerTask(spec('probs', { seed: 0.5 }), processor)).toThrow(ValidationError);
    expect(() => createSamplerTask(spec('probs'), new FakeProcessor([]))).toThrow(ValidationError);
  });

  it('fails the async launch on bad arguments', async () => {
    const job = new FakeProcessor(['probs']).createJob(spec('probs'));
    await expect(job.executeAsync(3)).rejects.toThrow(JobError);
    expect(job.isFailed).toBe(true);
    expect(job.status.stopMessage).toMatch(/^ValidationError: /);
  });
});

describe('iterations', () => {
  const sweep: SamplerIteration[] = [
    { circuitParams: { theta: 0 } },
    { circuitParams: { theta: Math.PI }, maxSamples: 300 },
    { inputState: undefined, circuitParams: { theta: Math.PI / 2 } },
  ];

  it('returns one result per iteration, each with its iteration', () => {
    const processor = new FakeProcessor(['probs']);
    const out = processor.createJob(spec('probs', { iterations: sweep }))() as SamplerIterationResults;
    expect(out.resultsList).toHaveLength(3);
    expect(out.resultsList.map((r) => (r.results as BSDistribution).get('|1,0>'))).toEqual([
      1,
      expect.closeTo(0, 12),
      expect.closeTo(0.5, 12),
    ]);
    expect(out.resultsList[1]!.iteration).toBe(sweep[1]);
    expect(processor.probsRequests.map((r) => r.iteration)).toEqual(sweep);
  });

  it('lets an iteration override the sample limit, and gives each its own seed', () => {
    const processor = new FakeProcessor(['samples']);
    const out = processor.createJob(spec('samples', { iterations: sweep }))(100) as SamplerIterationResults;
    expect(out.resultsList.map((r) => (r.results as BSSamples).length)).toEqual([100, 300, 100]);
    const seeds = processor.samplesRequests.map((r) => r.seed);
    expect(new Set(seeds).size).toBe(3);
    processor.createJob(spec('samples', { iterations: sweep }))(100);
    expect(processor.samplesRequests.slice(3).map((r) => r.seed)).toEqual(seeds);
  });

  it('requires a limit for every iteration when sampling', () => {
    const processor = new FakeProcessor(['samples']);
    const ok = processor.createJob(spec('samples', { iterations: [{ maxSamples: 5 }, { maxShots: 7 }] }))();
    expect((ok as SamplerIterationResults).resultsList.map((r) => (r.results as BSSamples).length)).toEqual([
      5, 7,
    ]);
    const cause = causeOf(() =>
      processor.createJob(spec('samples', { iterations: [{ maxSamples: 5 }, {}] }))(),
    );
    expect((cause as ValidationError).message).toMatch(/iteration 1/);
  });

  it('spreads progress evenly over the iterations, never backwards', () => {
    const processor = new FakeProcessor(['samples'], { batch: 25 });
    const job = processor.createJob(spec('sample_count', { iterations: sweep.slice(0, 2) }));
    const seen: number[] = [];
    job.onProgress((p) => seen.push(p));
    job(100);
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true);
    expect(seen).toContain(0.25); // half of the first of two iterations
    expect(seen).toContain(0.5); // first iteration done
    expect(seen.at(-1)).toBe(1);
  });
});

describe('sync and async runs', () => {
  it('awaits asynchronous primitives under executeAsync', async () => {
    const processor = new FakeProcessor(['probs'], { async: true });
    const job = processor.createJob(spec('sample_count'));
    await job.executeAsync(1_000);
    const result = single(await job.wait());
    expect((result.results as BSCount).total()).toBe(1_000);
  });

  it('fails a synchronous run whose primitive returns a promise', () => {
    const processor = new FakeProcessor(['probs'], { async: true });
    const job = processor.createJob(spec('probs'));
    expect(() => job()).toThrow(/promise/);
    expect(job.isFailed).toBe(true);
  });

  it('runs synchronous primitives under executeAsync too', async () => {
    const job = new FakeProcessor(['samples']).createJob(spec('samples'));
    await job.executeAsync(10);
    expect((single(await job.wait()).results as BSSamples).length).toBe(10);
  });
});

describe('cancellation', () => {
  // Issue 14: `samples` with max_samples 2^31 on a strong processor drew every sample in one synchronous loop,
  // so a cancel was never heard and memory grew with the 2^31 samples asked for.
  it('stops drawing 2^31 samples from a distribution at an asynchronous cancel, keeping those drawn', async () => {
    const processor = new FakeProcessor(['probs'], { async: true });
    const job = processor.createJob(spec('samples'));
    const reports: [number, string | undefined][] = [];
    job.onProgress((p, message) => {
      reports.push([p, message]);
      if (message === 'sampling the distribution') void job.cancel();
    });
    await job.executeAsync(2 ** 31);
    const result = single(await job.wait());
    const samples = result.results as BSSamples;
    expect(job.status.canceled).toBe(true);
    // One step was drawn before the cancel was heard, at the pause that follows it.
    expect(samples.length).toBe(SAMPLES_PER_STEP);
    // The distribution took the first half of the progress; drawing moves through the second half.
    expect(reports).toEqual([[0.5 + 0.5 * (SAMPLES_PER_STEP / 2 ** 31), 'sampling the distribution']]);
    // The samples are a prefix of what the uncanceled run draws with the same seed.
    const whole = single(new FakeProcessor(['probs']).createJob(spec('samples'))(SAMPLES_PER_STEP + 5))
      .results as BSSamples;
    expect(sameBytes(samples.toFlat(), whole.toFlat().subarray(0, SAMPLES_PER_STEP * 2))).toBe(true);
  });

  it('stops drawing from a distribution when a synchronous run is canceled from a progress listener', () => {
    const processor = new FakeProcessor(['probs']);
    const job = processor.createJob(spec('samples'));
    job.onProgress((p) => {
      if (p > 0.5) void job.cancel();
    });
    const samples = single(job(10 * SAMPLES_PER_STEP)).results as BSSamples;
    expect(job.status.canceled).toBe(true);
    expect(samples.length).toBe(SAMPLES_PER_STEP);
  });

  it('draws the same samples step by step as probsToSamples in one go', () => {
    const processor = new FakeProcessor(['probs']);
    const count = 2 * SAMPLES_PER_STEP + 17;
    const stepped = single(processor.createJob(spec('samples'))(count)).results as BSSamples;
    const direct = probsToSamples(processor.distribution(), { count, rng: new Rng(42, 1) });
    expect(stepped.length).toBe(count);
    expect(sameBytes(stepped.toFlat(), direct.toFlat())).toBe(true);
  });

  it('returns the samples drawn before an asynchronous cancel', async () => {
    const processor = new FakeProcessor(['samples'], { async: true, batch: 100 });
    const job = processor.createJob(spec('samples'));
    job.onProgress((p) => {
      if (p >= 0.3) void job.cancel();
    });
    await job.executeAsync(1_000_000);
    const result = single(await job.wait());
    const drawn = (result.results as BSSamples).length;
    expect(job.status.canceled).toBe(true);
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(1_000_000);
  });

  it('returns partial counts when a synchronous run is canceled from a progress listener', () => {
    const processor = new FakeProcessor(['samples'], { batch: 100 });
    const job = processor.createJob(spec('sample_count'));
    job.onProgress((p) => {
      if (p >= 0.5) void job.cancel();
    });
    const counts = single(job(1_000)).results as BSCount;
    expect(job.status.canceled).toBe(true);
    expect(counts.total()).toBe(500);
  });

  it('keeps the progress a canceled run had: only a successful job reaches 1', async () => {
    const processor = new FakeProcessor(['samples'], { batch: 100 });
    const synchronous = processor.createJob(spec('samples'));
    synchronous.onProgress((p) => {
      if (p >= 0.5) void synchronous.cancel();
    });
    synchronous(1_000);
    expect(synchronous.status.canceled).toBe(true);
    expect(synchronous.status.progress).toBe(0.5);

    const asyncProcessor = new FakeProcessor(['samples'], { async: true, batch: 100 });
    const asynchronous = asyncProcessor.createJob(spec('samples'));
    asynchronous.onProgress((p) => {
      if (p >= 0.3) void asynchronous.cancel();
    });
    await asynchronous.executeAsync(1_000);
    await asynchronous.wait();
    expect(asynchronous.status.canceled).toBe(true);
    expect(asynchronous.status.progress).toBe(0.3);

    const succeeded = processor.createJob(spec('samples'));
    succeeded(1_000);
    expect(succeeded.status.success).toBe(true);
    expect(succeeded.status.progress).toBe(1);
  });

  // Halfway through the second step: of three (a middle step), or of two (the last one, whose end would be 1).
  it.each([
    [3, 0.5],
    [2, 0.75],
  ])(
    'stops between iterations and keeps the finished ones plus the interrupted one, not counted as done (%s steps, cancel at %s)',
    (steps, cancelAt) => {
      const processor = new FakeProcessor(['samples'], { batch: 100 });
      const iterations = Array.from({ length: steps }, () => ({ maxSamples: 1_000 }));
      const job = processor.createJob(spec('samples', { iterations }));
      job.onProgress((p) => {
        if (p >= cancelAt) void job.cancel();
      });
      const out = job() as SamplerIterationResults;
      expect(job.status.canceled).toBe(true);
      expect(out.resultsList.map((r) => (r.results as BSSamples).length)).toEqual([1_000, 500]);
      expect(processor.samplesRequests).toHaveLength(2);
      expect(job.status.progress).toBeCloseTo(cancelAt, 12);
    },
  );
});
