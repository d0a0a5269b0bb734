import { describe, expect, it } from 'vitest';
import { refusedField } from '../testing/thrown.js';
import { NoiseModel } from './noise-model.js';
import type { SamplerIteration } from './sampler-iteration.js';
import { checkSamplerIteration } from './sampler-iteration.js';
import { BasicState } from './state/basic-state.js';

/** The field named in the refusal of `iteration`. */
function fieldOf(iteration: unknown): string | undefined {
  return refusedField(() => checkSamplerIteration(iteration as SamplerIteration));
}

describe('checkSamplerIteration', () => {
  it('accepts every Perceval iteration key', () => {
    const iteration = {
      circuitParams: { phi: 0.5, theta: 1 },
      inputState: new BasicState([1, 0]),
      minDetectedPhotons: 0,
      maxSamples: 100,
      maxShots: 1000,
      noise: new NoiseModel({ g2: 0.01 }),
    };
    expect(checkSamplerIteration(iteration)).toEqual(iteration);
  });

  it('returns a frozen copy that later edits of the caller object do not reach', () => {
    const params = { phi: 0.5 };
    const checked = checkSamplerIteration({ circuitParams: params, maxShots: undefined });
    params.phi = 2;
    expect(checked.circuitParams).toEqual({ phi: 0.5 });
    expect(Object.isFrozen(checked)).toBe(true);
    expect('maxShots' in checked).toBe(false);
  });

  it.each([
    [null, 'iteration'],
    [[1], 'iteration'],
    [{ circuit_params: {} }, 'iteration.circuit_params'],
    [{ circuitParams: { phi: '0.5' } }, 'iteration.circuitParams.phi'],
    [{ circuitParams: 3 }, 'iteration.circuitParams'],
    [{ inputState: '|1,0>' }, 'iteration.inputState'],
    [{ minDetectedPhotons: -1 }, 'iteration.minDetectedPhotons'],
    [{ maxSamples: 0 }, 'iteration.maxSamples'],
    [{ maxShots: 2.5 }, 'iteration.maxShots'],
    [{ noise: { brightness: 0.5 } }, 'iteration.noise'],
  ])('rejects %j (field %s)', (iteration, field) => {
    expect(fieldOf(iteration)).toBe(field);
  });
});
