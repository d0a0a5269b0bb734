import { BasicState, NoiseModel, type SamplerIteration } from '@bosonic/core';
import { type JobIteration, serialize } from '@bosonic/protocol';

/**
 * One parameter-sweep step on the wire (`payload.iterator[i]`), as Perceval's Sampler sends it: snake_case keys,
 * the input state and the noise model as `:PCVL:` strings, e.g.
 * `{"input_state": ":PCVL:BasicState:|1,0,1,0>", "circuit_params": {"phi": 0.5}, "noise": ":PCVL:NoiseModel:{…}"}`.
 */
export function iterationToWire(iteration: SamplerIteration): JobIteration {
  const wire: JobIteration = {};
  if (iteration.circuitParams !== undefined) wire.circuit_params = { ...iteration.circuitParams };
  if (iteration.inputState !== undefined) wire.input_state = serialize(iteration.inputState);
  if (iteration.minDetectedPhotons !== undefined) wire.min_detected_photons = iteration.minDetectedPhotons;
  if (iteration.maxSamples !== undefined) wire.max_samples = iteration.maxSamples;
  if (iteration.maxShots !== undefined) wire.max_shots = iteration.maxShots;
  if (iteration.noise !== undefined) wire.noise = serialize(iteration.noise);
  return wire;
}

/**
 * The inverse of {@link iterationToWire}, on an already deserialized step (as results echo it in
 * `results_list[i].iteration`). Keys bosonic's iterations do not have are dropped; values of the wrong type
 * are skipped rather than failing the results they describe.
 */
export function iterationFromWire(wire: Record<string, unknown>): SamplerIteration {
  const iteration: SamplerIteration = {};
  const params = wire.circuit_params;
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    const numeric = Object.entries(params).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    );
    iteration.circuitParams = Object.fromEntries(numeric);
  }
  if (wire.input_state instanceof BasicState) iteration.inputState = wire.input_state;
  if (wire.noise instanceof NoiseModel) iteration.noise = wire.noise;
  for (const [key, field] of [
    ['min_detected_photons', 'minDetectedPhotons'],
    ['max_samples', 'maxSamples'],
    ['max_shots', 'maxShots'],
  ] as const) {
    const value = wire[key];
    if (typeof value === 'number' && Number.isFinite(value)) iteration[field] = value;
  }
  return iteration;
}
