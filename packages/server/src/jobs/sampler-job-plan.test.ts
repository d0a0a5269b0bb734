import {
  BasicState,
  type BSCount,
  type BSDistribution,
  Experiment,
  NoiseModel,
  ValidationError,
} from '@bosonic/core';
import { serialize, validateCreateJobRequest } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { simulatorPlatforms } from '../platforms/platforms.js';
import { createJobBody, homExperiment, meshCircuit, mziCircuit } from '../testing/fixtures.js';
import { createPlannedJob, planSamplerJob } from './sampler-job-plan.js';

const LIMITS = { memoryLimitBytes: 2 ** 30, threads: 1 };
const PLATFORMS = simulatorPlatforms(LIMITS.memoryLimitBytes);
const SLOS = PLATFORMS.get('sim:slos')!;
const CLIFFORD = PLATFORMS.get('sim:clifford2017')!;

function plan(body: Record<string, unknown>, platform = SLOS) {
  return planSamplerJob(validateCreateJobRequest(body), platform, LIMITS);
}

function fieldOf(body: Record<string, unknown>, platform = SLOS): string | undefined {
  try {
    plan(body, platform);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).field;
  }
  return undefined;
}

describe('planSamplerJob', () => {
  it('builds a runnable sampler job from a Perceval request (reference #1, HOM)', () => {
    const planned = plan(createJobBody(homExperiment()));
    expect(planned.command).toBe('probs');
    expect(planned.args).toEqual([]);
    const { results } = createPlannedJob(planned).executeSync() as { results: BSDistribution };
    expect(results.get('|2,0>')).toBeCloseTo(0.5, 12);
    expect(results.get('|0,2>')).toBeCloseTo(0.5, 12);
    expect(results.get('|1,1>')).toBeCloseTo(0, 12);
  });

  it('runs a sampling command with max_samples as its argument and max_shots as the shot budget', () => {
    const planned = plan(
      createJobBody(homExperiment('sim:clifford2017'), {
        command: 'samples',
        max_samples: 50,
        max_shots: 1000,
      }),
      CLIFFORD,
    );
    expect(planned.args).toEqual([50]);
    expect(planned.sampler.maxShotsPerCall).toBe(1000);
    const { results } = createPlannedJob(planned).executeSync(...planned.args) as {
      results: { length: number };
    };
    expect(results.length).toBe(50);
  });

  it('derives sample counts from the distribution on a probs platform (Perceval fallback)', () => {
    const planned = plan(createJobBody(homExperiment(), { command: 'sample_count', max_samples: 1000 }));
    const { results } = createPlannedJob(planned).executeSync(...planned.args) as { results: BSCount };
    expect(results.get('|2,0>') + results.get('|0,2>')).toBe(1000);
    expect(results.get('|1,1>')).toBe(0);
  });

  it('accepts an older client sending a circuit and an input state', () => {
    const planned = plan({
      pcvl_version: '0.9.0',
      process_id: 'p',
      platform_name: 'sim:slos',
      payload: {
        command: 'probs',
        circuit: serialize(meshCircuit(2, 1)),
        input_state: ':PCVL:BasicState:|1,1>',
      },
    });
    const { results } = createPlannedJob(planned).executeSync() as { results: BSDistribution };
    expect(results.get('|2,0>')).toBeCloseTo(0.5, 12);
  });

  it('decodes a sweep, keeping the steps as sent', () => {
    const experiment = new Experiment(mziCircuit(), { name: 'sim:slos' })
      .withInput(new BasicState([1, 0]))
      .minDetectedPhotonsFilter(1);
    const iterator = [
      { circuit_params: { phi: 0 } },
      { circuit_params: { phi: Math.PI / 2 }, noise: serialize(new NoiseModel({ brightness: 0.9 })) },
    ];
    const planned = plan(createJobBody(experiment, { iterator }));
    expect(planned.wireIterations).toEqual(iterator);
    expect(planned.sampler.nIterations).toBe(2);
  });

  it.each([
    ['an unknown command', { command: 'unitary' }, 'payload.command'],
    [
      'an experiment that is not one',
      { experiment: serialize(new BasicState([1, 0])) },
      'payload.experiment',
    ],
    ['a malformed :PCVL: experiment', { experiment: ':PCVL:zip:bm90IHpsaWI=' }, 'payload.experiment'],
    [
      'an unknown parameter',
      { parameters: { final_mode_number: 3 } },
      'payload.parameters.final_mode_number',
    ],
    [
      'a non-boolean perf parameter',
      { parameters: { compute_physical_logical_perf: 1 } },
      'payload.parameters.compute_physical_logical_perf',
    ],
    ['a zero shot budget', { max_shots: 0 }, 'payload.max_shots'],
    ['a sampling job without limits', { command: 'sample_count' }, 'payload.max_samples'],
    [
      'an iteration on a parameter the circuit lacks',
      { iterator: [{ circuit_params: { theta: 1 } }] },
      'payload.iterator[0].circuit_params.theta',
    ],
    [
      'an iteration whose input is a malformed state',
      { iterator: [{ input_state: ':PCVL:BasicState:|1,x>' }] },
      'payload.iterator[0].input_state',
    ],
    [
      'an iteration whose noise is a state',
      { iterator: [{ noise: ':PCVL:BasicState:|1,0>' }] },
      'payload.iterator[0].noise',
    ],
    [
      'an iteration whose input has the wrong size',
      { iterator: [{ input_state: ':PCVL:BasicState:|1,0,0>' }] },
      'payload.iterator[0].input_state',
    ],
    [
      'an unknown iteration key',
      { iterator: [{ postselect: ':PCVL:PostSelect:[0]==1' }] },
      'payload.iterator[0].postselect',
    ],
  ])('refuses %s, naming the field', (_, payload, field) => {
    expect(fieldOf(createJobBody(homExperiment(), payload))).toBe(field);
  });

  it('refuses an experiment beyond the published constraints', () => {
    const big = new Experiment(meshCircuit(30, 1), { name: 'sim:slos' }).withInput(
      new BasicState(Array.from({ length: 30 }, (_, i) => (i < 2 ? 1 : 0))),
    );
    // Refused while decoding, at the platform's published mode count.
    expect(() => plan(createJobBody(big))).toThrow(/mode count in \[1, 24\] \(got 30; maxModes\)/);
    const photons = SLOS.capacity.maxPhotonCount + 1;
    const crowded = new Experiment(meshCircuit(24, 1), { name: 'sim:slos' }).withInput(
      new BasicState(Array.from({ length: 24 }, (_, i) => (i < photons ? 1 : 0))),
    );
    expect(fieldOf(createJobBody(crowded))).toBe('payload.experiment');
    expect(() => plan(createJobBody(crowded))).toThrow(`more than ${photons - 1} photons (maxPhotons)`);
  });

  it('refuses an experiment without an input state', () => {
    const empty = new Experiment(meshCircuit(2, 1), { name: 'sim:slos' });
    expect(() => plan(createJobBody(empty))).toThrow(/payload\.experiment: .*input/);
  });
});
