import { describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { LocalJob } from '../job/local-job.js';
import { NoiseModel } from '../model/noise-model.js';
import type { SamplerIteration } from '../model/sampler-iteration.js';
import type { SamplerResult, SamplerResults } from '../model/sampler-results.js';
import { BasicState } from '../model/state/basic-state.js';
import type { BSCount } from '../model/state/bs-count.js';
import { BSDistribution } from '../model/state/bs-distribution.js';
import type { BSSamples } from '../model/state/bs-samples.js';
import type { ProcessorLike, SamplerJobSpec, SamplerPrimitives } from './processor-like.js';
import { Sampler, type SamplerJob } from './sampler.js';
import type { SamplerCommand } from './sampler-command.js';
import { createSamplerTask } from './sampler-task.js';

/** A job type with an extra member, standing in for RemoteJob (`id`). */
class TrackedJob extends LocalJob<SamplerResults> {
  constructor(
    task: ConstructorParameters<typeof LocalJob<SamplerResults>>[0],
    readonly id: string,
  ) {
    super(task);
  }
}

/** A fake local processor: reference #4, one photon on BS.H(2π/3) → |1,0> 0.25, |0,1> 0.75. */
class FakeProcessor implements ProcessorLike<TrackedJob>, SamplerPrimitives {
  readonly nativeCommands = ['probs'] as const;
  readonly specs: SamplerJobSpec[] = [];
  availableCommands: readonly SamplerCommand[] = ['probs'];

  createJob(spec: SamplerJobSpec): TrackedJob {
    this.specs.push(spec);
    return new TrackedJob(createSamplerTask(spec, this), `job-${this.specs.length}`);
  }

  checkIteration(iteration: SamplerIteration): void {
    for (const name of Object.keys(iteration.circuitParams ?? {})) {
      if (name !== 'theta') {
        throw new ValidationError(`no parameter '${name}'`, { field: `iteration.circuitParams.${name}` });
      }
    }
  }

  probs(): SamplerResult<BSDistribution> {
    const results = new BSDistribution([
      ['|1,0>', 0.25],
      ['|0,1>', 0.75],
    ]);
    return { results, globalPerf: 1, physicalPerf: 1, logicalPerf: 1 };
  }

  samples(): never {
    throw new Error('not native');
  }
}

function counts(results: SamplerResults): BSCount {
  if ('resultsList' in results) throw new Error('expected a single result');
  return results.results as BSCount;
}

describe('Sampler', () => {
  it('hands out a fresh job of the processor job type from each getter', () => {
    const sampler = new Sampler(new FakeProcessor());
    const a = sampler.sampleCount;
    const b = sampler.sampleCount;
    expect(a).not.toBe(b);
    expect(a).toBeInstanceOf(TrackedJob);
    expectTypeOf(sampler.probs).toEqualTypeOf<SamplerJob<FakeProcessor, BSDistribution>>();
    expectTypeOf(sampler.probs).toExtend<TrackedJob>();
    expectTypeOf(sampler.probs()).toEqualTypeOf<SamplerResults<BSDistribution>>();
    // Calls resolve to the typed overload (what a user's code gets), hence the arrow functions.
    expectTypeOf(() => a.getResults()).returns.toEqualTypeOf<SamplerResults<BSCount>>();
    expectTypeOf(() => sampler.samples.wait()).returns.resolves.toEqualTypeOf<SamplerResults<BSSamples>>();
    expectTypeOf(() => sampler.samples.executeAsync()).returns.resolves.toExtend<TrackedJob>();
    expectTypeOf(sampler.samples.id).toEqualTypeOf<string>();
    expect(sampler.probs.id).toMatch(/^job-/);
  });

  it('runs a job by calling it, or asynchronously', async () => {
    const sampler = new Sampler(new FakeProcessor(), { seed: 3 });
    expect(counts(sampler.sampleCount(10_000)).total()).toBe(10_000);
    const job = sampler.sampleCount;
    await job.executeAsync(10_000);
    expect(counts(await job.wait()).total()).toBe(10_000);
  });

  it('passes the command, iterations, shot limit and seed to the processor', () => {
    const processor = new FakeProcessor();
    const sampler = new Sampler(processor, { maxShotsPerCall: 5_000, seed: 9 });
    void sampler.samples;
    expect(processor.specs[0]).toEqual({
      command: 'samples',
      iterations: [],
      maxShotsPerCall: 5_000,
      seed: 9,
    });
    void new Sampler(processor).probs;
    expect(processor.specs[1]).toEqual({ command: 'probs', iterations: [] });
  });

  it('gives the same counts for the same seed', () => {
    const run = (seed: number) =>
      counts(new Sampler(new FakeProcessor(), { seed }).sampleCount(1_000)).toJSON();
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });

  it('refuses a command the processor cannot provide, even through a fallback', () => {
    const processor = new FakeProcessor();
    processor.availableCommands = [];
    const sampler = new Sampler(processor);
    expect(() => sampler.probs).toThrow(ValidationError);
    expect(() => sampler.sampleCount).toThrow(
      expect.objectContaining({ name: 'ValidationError', field: 'command' }),
    );
  });

  it('derives every command from any single primitive', () => {
    for (const available of [['probs'], ['samples'], ['sample_count']] as SamplerCommand[][]) {
      const processor = new FakeProcessor();
      processor.availableCommands = available;
      const sampler = new Sampler(processor);
      const commands = ['probs', 'sample_count', 'samples'] as const;
      const jobs = commands.map((command) => sampler.createJob(command));
      // Each command became a job of the processor, whose spec names the command asked for.
      for (const job of jobs) expect(job).toBeInstanceOf(TrackedJob);
      expect(processor.specs.map((spec) => spec.command)).toEqual([...commands]);
    }
  });

  describe('iterations', () => {
    it('adds validated, frozen steps and snapshots them into each job', () => {
      const processor = new FakeProcessor();
      const sampler = new Sampler(processor);
      const params = { theta: 1 };
      sampler.addIteration({ circuitParams: params, maxSamples: 10 });
      sampler.addIterations([
        { inputState: new BasicState([0, 1]) },
        { noise: new NoiseModel({ g2: 0.01 }) },
      ]);
      params.theta = 2;
      expect(sampler.nIterations).toBe(3);
      expect(sampler.iterations[0]).toEqual({ circuitParams: { theta: 1 }, maxSamples: 10 });
      expect(Object.isFrozen(sampler.iterations)).toBe(true);
      void sampler.probs;
      sampler.clearIterations();
      expect(sampler.nIterations).toBe(0);
      expect(processor.specs[0]!.iterations).toHaveLength(3);
    });

    it('returns resultsList from an iterated job', () => {
      const sampler = new Sampler(new FakeProcessor())
        .addIteration({ maxSamples: 10 })
        .addIteration({ maxShots: 20 });
      const results = sampler.sampleCount();
      if (results.resultsList === undefined) throw new Error('expected resultsList');
      expect(results.resultsList.map((r) => (r.results as BSCount).total())).toEqual([10, 20]);
      expect(results.resultsList[1]!.iteration).toEqual({ maxShots: 20 });
    });

    it('rejects malformed steps and steps the processor refuses, adding none of a bad list', () => {
      const sampler = new Sampler(new FakeProcessor());
      expect(() => sampler.addIteration({ maxSamples: 0 })).toThrow(ValidationError);
      expect(() => sampler.addIteration({ circuitParams: { phi: 1 } })).toThrow(/no parameter 'phi'/);
      expect(() => sampler.addIterations([{ maxShots: 3 }, { bogus: 1 } as SamplerIteration])).toThrow(
        ValidationError,
      );
      expect(sampler.nIterations).toBe(0);
    });
  });

  it('validates its processor and options', () => {
    expect(() => new Sampler({} as ProcessorLike)).toThrow(ValidationError);
    expect(() => new Sampler(new FakeProcessor(), { maxShotsPerCall: 0 })).toThrow(ValidationError);
    expect(() => new Sampler(new FakeProcessor(), { seed: 1.5 })).toThrow(ValidationError);
  });
});
