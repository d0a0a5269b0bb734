import { ValidationError } from '../errors/index.js';
import { checkPositiveInteger } from './integer-checks.js';
import { NoiseModel } from './noise-model.js';
import { BasicState } from './state/basic-state.js';

/** One step of a parameter sweep, as Perceval's `Sampler.add_iteration`. */
export interface SamplerIteration {
  /** Values of the circuit's symbolic parameters, by name. */
  circuitParams?: Record<string, number>;
  /** The input state (non-herald modes only). */
  inputState?: BasicState;
  minDetectedPhotons?: number;
  maxSamples?: number;
  maxShots?: number;
  noise?: NoiseModel;
}

const KEYS: readonly (keyof SamplerIteration)[] = [
  'circuitParams',
  'inputState',
  'minDetectedPhotons',
  'maxSamples',
  'maxShots',
  'noise',
];

/**
 * Checks the shape of one sweep step, as Perceval's `Sampler._check_iteration`: known keys only, each of the
 * right type (`circuitParams` a record of finite numbers, `inputState` a BasicState, `minDetectedPhotons` a
 * non-negative integer, `maxSamples`/`maxShots` positive integers, `noise` a NoiseModel).
 *
 * @returns a frozen copy (with a frozen copy of `circuitParams`), so later changes to the caller's object do
 *   not leak into queued jobs. Undefined fields are dropped.
 * @throws ValidationError naming the offending field (`iteration.<key>`).
 */
export function checkSamplerIteration(iteration: SamplerIteration): SamplerIteration {
  if (iteration === null || typeof iteration !== 'object' || Array.isArray(iteration)) {
    throw new ValidationError('An iteration must be an object such as { circuitParams: { phi: 0.5 } }', {
      field: 'iteration',
    });
  }
  const out: SamplerIteration = {};
  for (const [key, value] of Object.entries(iteration)) {
    const field = `iteration.${key}`;
    if (!(KEYS as string[]).includes(key)) {
      throw new ValidationError(`Unknown iteration key '${key}' (known: ${KEYS.join(', ')})`, { field });
    }
    if (value === undefined) continue;
    switch (key as keyof SamplerIteration) {
      case 'circuitParams': {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw new ValidationError('circuitParams must map parameter names to numbers', { field });
        }
        const params: Record<string, number> = {};
        for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new ValidationError(
              `Circuit parameter '${name}' must be a finite number (got ${String(v)})`,
              {
                field: `${field}.${name}`,
              },
            );
          }
          params[name] = v;
        }
        out.circuitParams = Object.freeze(params);
        break;
      }
      case 'inputState':
        if (!(value instanceof BasicState)) {
          throw new ValidationError('inputState must be a BasicState', { field });
        }
        out.inputState = value;
        break;
      case 'minDetectedPhotons':
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
          throw new ValidationError(
            `minDetectedPhotons must be a non-negative integer (got ${String(value)})`,
            {
              field,
            },
          );
        }
        out.minDetectedPhotons = value;
        break;
      case 'maxSamples':
        checkPositiveInteger(value, field);
        out.maxSamples = value as number;
        break;
      case 'maxShots':
        checkPositiveInteger(value, field);
        out.maxShots = value as number;
        break;
      case 'noise':
        if (!(value instanceof NoiseModel)) {
          throw new ValidationError('noise must be a NoiseModel', { field });
        }
        out.noise = value;
        break;
    }
  }
  return Object.freeze(out);
}
