// Bad inputs give typed errors naming the field, through every layer, and never crash the process.
import {
  BasicState,
  BS,
  Circuit,
  Experiment,
  JobError,
  LC,
  NoiseModel,
  ResourceLimitError,
  Sampler,
  StateVector,
  SVDistribution,
  ValidationError,
} from '@bosonic/core';
import { thrownBy } from '@bosonic/core/testing';
import { describe, expect, it } from 'vitest';
import { MAX_PHOTONS, Processor } from './index.js';

/** A failed job throws JobError; the typed error that failed it is its cause. */
function causeOf(error: unknown): unknown {
  expect(error).toBeInstanceOf(JobError);
  return (error as JobError).cause;
}

function expectValidation(error: unknown, field: string): void {
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).field).toBe(field);
}

const hom = (): Circuit => new Circuit(2).add(0, BS.H());

describe('constructing a Processor', () => {
  it('refuses an unknown backend (no silent SLOS fallback)', () => {
    expectValidation(
      thrownBy(() => new Processor('SLAP' as never, hom())),
      'backend',
    );
  });

  it('refuses a target that is not a circuit, an experiment or a mode count', () => {
    for (const target of [0, -3, 2.5, 'circuit', null]) {
      expectValidation(
        thrownBy(() => new Processor('SLOS', target as never)),
        'target',
      );
    }
  });

  it('refuses bad options', () => {
    expectValidation(
      thrownBy(() => new Processor('SLOS', hom(), { threads: -1 })),
      'threads',
    );
    expectValidation(
      thrownBy(() => new Processor('SLOS', hom(), { memoryLimitBytes: 0 })),
      'memoryLimitBytes',
    );
    expect(() => new Processor('SLOS', hom(), { seed: 1.5 })).toThrow(ValidationError);
  });
});

describe('running a Processor', () => {
  it('without an input: ValidationError on input', () => {
    const error = causeOf(thrownBy(() => new Sampler(new Processor('SLOS', hom())).probs()));
    expectValidation(error, 'input');
  });

  it('with a noisy source but no photon filter: ValidationError on minDetectedPhotons', () => {
    const p = new Processor('SLOS', hom(), { noise: new NoiseModel({ brightness: 0.9 }) });
    p.withInput(new BasicState([1, 1]));
    expectValidation(causeOf(thrownBy(() => new Sampler(p).probs())), 'minDetectedPhotons');
  });

  it('beyond the memory limit: ResourceLimitError with the bytes needed, before allocating', () => {
    const p = new Processor('SLOS', new Circuit(16), { memoryLimitBytes: 1_000_000 });
    p.withInput(new BasicState(Array(16).fill(1)));
    const error = causeOf(thrownBy(() => new Sampler(p).probs()));
    expect(error).toBeInstanceOf(ResourceLimitError);
    const limit = error as ResourceLimitError;
    expect(limit.limitBytes).toBe(1_000_000);
    expect(limit.requiredBytes).toBeGreaterThan(1_000_000);
  });

  it('with more photons than the simulator carries: ValidationError on input', () => {
    expectValidation(
      thrownBy(() => new Processor('SLOS', 1).withInput(new BasicState([300]))),
      'input',
    );
  });

  it('with 10^9 photons: a ValidationError on input at once, from the constructor or withInput (issue 14)', () => {
    const huge = new BasicState([1_000_000_000]);
    expectValidation(
      thrownBy(() => new Processor('auto', 1).withInput(huge)),
      'input',
    );
    const experiment = new Experiment(24).withInput(new BasicState([1_000_000_000, ...Array(23).fill(0)]));
    const error = thrownBy(() => new Processor('auto', experiment));
    expectValidation(error, 'input');
    expect((error as ValidationError).message).toBe(
      'The input has 1000000000 photons; the simulator takes at most 250 (herald photons included)',
    );
    // At the bound it is accepted (and refused later, by the memory guard, if it does not fit).
    expect(new Processor('auto', 1).withInput(new BasicState([MAX_PHOTONS])).resolvedBackend).toBe('SLOS');
  });

  it('the same failures reject asynchronous jobs with the same typed errors', async () => {
    const p = new Processor('SLOS', new Circuit(16), { memoryLimitBytes: 1_000_000 });
    p.withInput(new BasicState(Array(16).fill(1)));
    const job = new Sampler(p).probs;
    await job.executeAsync();
    const error = await job.wait().catch((e: unknown) => e);
    expect(causeOf(error)).toBeInstanceOf(ResourceLimitError);
    expect(job.status.stopMessage).toMatch(/^ResourceLimitError: /);
  });
});

describe('amplitudes and evolve', () => {
  it('need a perfect source', () => {
    const p = new Processor('SLOS', hom(), { noise: new NoiseModel({ brightness: 0.5 }) });
    p.withInput(new BasicState([1, 1]));
    expectValidation(
      thrownBy(() => p.probAmplitude('|2,0>')),
      'noise',
    );
    expectValidation(
      thrownBy(() => p.evolve()),
      'noise',
    );
  });

  it('need a pure input', () => {
    const p = new Processor('SLOS', hom()).withInput(
      new SVDistribution([
        ['|1,0>', 0.5],
        ['|0,1>', 0.5],
      ]),
    );
    expectValidation(
      thrownBy(() => p.evolve()),
      'input',
    );
  });

  it('need a lossless circuit', () => {
    const p = new Processor('SLOS', new Circuit(2).add(0, BS.H()).add(0, new LC(0.1)));
    p.withInput(new BasicState([1, 1]));
    expect(() => p.probAmplitude('|2,0>')).toThrow(ValidationError);
  });

  it('take an output of the right size', () => {
    const p = new Processor('Naive', hom()).withInput(new StateVector('|1,1>'));
    expectValidation(
      thrownBy(() => p.probAmplitude('|1,1,0>')),
      'output',
    );
  });
});
