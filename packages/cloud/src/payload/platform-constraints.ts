import {
  BasicState,
  type ExperimentInput,
  StateVector,
  SVDistribution,
  ValidationError,
} from '@bosonic/core';
import type { PlatformConstraints } from '@bosonic/protocol';

/**
 * The checks Perceval's `RemoteProcessor` makes against a platform's `specs.constraints` before sending a job.
 */

/**
 * The circuit size against `min_mode_count` / `max_mode_count`.
 * @throws ValidationError (field `circuit`), e.g. "Circuit too big (24 modes > 20)".
 */
export function checkModeCount(constraints: PlatformConstraints, m: number, platform: string): void {
  const max = constraints.max_mode_count;
  const min = constraints.min_mode_count;
  if (typeof max === 'number' && m > max) {
    throw new ValidationError(`Circuit too big for ${platform} (${m} modes > ${max})`, { field: 'circuit' });
  }
  if (typeof min === 'number' && m < min) {
    throw new ValidationError(`Circuit too small for ${platform} (${m} modes < ${min})`, {
      field: 'circuit',
    });
  }
}

/**
 * The full input (herald photons included) against `min_photon_count` / `max_photon_count` and, when the
 * platform does not `support_multi_photon`, at most one photon per mode. A StateVector or SVDistribution is
 * checked component by component.
 * @throws ValidationError (field `field`, `input` by default).
 */
export function checkInputPhotons(
  constraints: PlatformConstraints,
  input: ExperimentInput,
  platform: string,
  field = 'input',
): void {
  for (const state of basicStatesOf(input)) {
    const n = state.n;
    const max = constraints.max_photon_count;
    const min = constraints.min_photon_count;
    if (typeof max === 'number' && n > max) {
      throw new ValidationError(`Too many photons in input state ${state} for ${platform} (${n} > ${max})`, {
        field,
      });
    }
    if (typeof min === 'number' && n < min) {
      throw new ValidationError(
        `Not enough photons in input state ${state} for ${platform} (${n} < ${min})`,
        {
          field,
        },
      );
    }
    if (constraints.support_multi_photon === false) {
      for (let mode = 0; mode < state.m; mode++) {
        if (state.get(mode) > 1) {
          throw new ValidationError(
            `${platform} accepts at most one photon per input mode; ${state} has ${state.get(mode)} in mode ${mode}`,
            { field },
          );
        }
      }
    }
  }
}

function basicStatesOf(input: ExperimentInput): BasicState[] {
  if (input instanceof BasicState) return [input];
  if (input instanceof StateVector) return [...input.unnormalizedEntries()].map(([state]) => state);
  if (input instanceof SVDistribution) {
    return [...input.entries()].flatMap(([sv]) => [...sv.unnormalizedEntries()].map(([state]) => state));
  }
  return [];
}
