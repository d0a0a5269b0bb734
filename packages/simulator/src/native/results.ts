/**
 * Native results (typed arrays) into the model's collections: a dense distribution stays one Float64Array indexed by
 * FSArray rank, samples stay one flat Uint8Array; states are materialized lazily by `@bosonic/core`.
 */
import { BSDistribution, BSSamples, type SamplerResult } from '@bosonic/core';
import type { NativeDistribution, NativePerf, NativeSamples } from './binding.js';

function perf(native: NativePerf): Omit<SamplerResult, 'results'> {
  return {
    globalPerf: native.globalPerf,
    physicalPerf: native.physicalPerf,
    logicalPerf: native.logicalPerf,
  };
}

/** A native distribution as a BSDistribution with its three perf figures. */
export function distributionResult(native: NativeDistribution): SamplerResult<BSDistribution> {
  const results =
    native.kind === 'dense'
      ? // The engine only writes finite, non-negative probabilities: no second pass over millions of them.
        BSDistribution.fromDense(native.m, native.n, native.probs, { validate: false })
      : BSDistribution.fromSparse(native.m, native.occupations, native.probs);
  return { results, ...perf(native) };
}

/** Native samples as BSSamples (in draw order) with their three perf figures. */
export function samplesResult(native: NativeSamples): SamplerResult<BSSamples> {
  // With every mode heralded away a sample has no modes left (each one is `|>`): the count says how many.
  return { results: BSSamples.fromFlat(native.m, native.occupations, native.count), ...perf(native) };
}
