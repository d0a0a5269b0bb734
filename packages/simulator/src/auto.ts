import { ValidationError } from '@bosonic/core';
import type { AutoContext, ExactMps, NativeBackendName } from './backend.js';
import type { NativeEstimate, NativeMpsPlan } from './native/binding.js';
import { callNative } from './native/errors.js';
import { nativeBinding } from './native/loader.js';
import type { NativeRequest } from './native/request.js';

/** Whether an estimate fits its limit; a request the engine refuses counts as fitting, so the job reports it. */
function fits(estimate: () => NativeEstimate): boolean {
  try {
    const { requiredBytes, limitBytes } = callNative(estimate);
    return requiredBytes <= limitBytes;
  } catch (error) {
    if (error instanceof ValidationError) return true;
    throw error;
  }
}

/**
 * The exact MPS of the request the MPS backend would run (`request.backend` is `'MPS'`): the light-cone bond
 * dimension, the cost of building it, and whether it fits; undefined when the MPS backend cannot simulate it.
 */
export function exactMps(request: NativeRequest): ExactMps | undefined {
  let plan: NativeMpsPlan | undefined;
  try {
    plan = callNative(() => nativeBinding().mpsPlan(request));
  } catch (error) {
    if (error instanceof ValidationError) return undefined;
    throw error;
  }
  if (plan === undefined) return undefined;
  const exact = { ...request, cutoff: plan.bondDimension };
  return {
    bondDimension: plan.bondDimension,
    cost: plan.cost,
    fits: plan.requiredBytes <= plan.limitBytes,
    probsFit: fits(() => nativeBinding().estimate(exact, 'probs')),
  };
}

/**
 * What `'auto'` asks about a request beyond its size (see `chooseBackend`), from the native estimates of the request
 * `requestFor` encodes for a backend.
 */
export function autoContext(requestFor: (backend: NativeBackendName) => NativeRequest): AutoContext {
  return {
    slosFits: () => fits(() => nativeBinding().estimate(requestFor('SLOS'), 'probs')),
    exactMps: () => exactMps(requestFor('MPS')),
  };
}

/** The cutoff `'auto'` gives the MPS backend for `request`: its exact bond dimension (none when it has no plan). */
export function exactCutoff(request: NativeRequest): number | undefined {
  return callNative(() => nativeBinding().mpsPlan(request))?.bondDimension;
}
