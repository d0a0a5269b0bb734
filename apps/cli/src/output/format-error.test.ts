import {
  AuthenticationError,
  BasicState,
  BS,
  Circuit,
  Experiment,
  JobError,
  NoiseModel,
  ValidationError,
} from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { formatError } from './format-error.js';

describe('formatError', () => {
  it('names the experiment file key when a noisy source leaves minDetectedPhotons unset, and what it counts', () => {
    const experiment = new Experiment(new Circuit(2).add(0, BS.H()))
      .withInput(new BasicState([1, 1]))
      .setNoise(new NoiseModel({ brightness: 0.9 }));
    let thrown: unknown;
    try {
      experiment.effectiveMinDetectedPhotons();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(formatError(new JobError('failed', { cause: thrown }))).toBe(
      'bosonic: error: the experiment needs "minDetectedPhotons": the least number of photons an output must have ' +
        'to be kept, photons on herald modes not counted (it is inferred only for a perfect source with a ' +
        'Fock-state input)',
    );
  });

  it('gives the advice about a missing token once (the message has it), and a hint for a refused one', () => {
    const missing = formatError(
      new AuthenticationError(
        'No token found: pass one, set BOSONIC_CLOUD_TOKEN (or PCVL_CLOUD_TOKEN), or save one with `bosonic login`',
      ),
    );
    expect(missing).toBe(
      'bosonic: error: No token found: pass one, set BOSONIC_CLOUD_TOKEN (or PCVL_CLOUD_TOKEN), or save one with ' +
        '`bosonic login`',
    );
    const refused = formatError(new AuthenticationError('Invalid token', { status: 401 }));
    expect(refused).toBe(
      'bosonic: error: Invalid token\n  hint: check the token: --token, BOSONIC_CLOUD_TOKEN, or `bosonic login` to store one',
    );
  });
});
