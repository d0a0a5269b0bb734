import { BasicState, ResourceLimitError } from '@bosonic/core';
import { type JobEstimate, MAX_PHOTONS, type NativeBackendName, Processor } from '@bosonic/simulator';

/**
 * How large an experiment each simulation backend can take on this server, from its memory limit and a bound
 * on the work of one job. The platforms publish the results as `specs.constraints`, so that a client refuses
 * what the server could not run instead of sending it to fail. Memory and result sizes are the simulator's own
 * estimate (`Processor.estimate`, the figure every job is checked against at creation), never a copy of its rule:
 * an experiment of the published photons on the published modes, one photon per mode, is not refused for its size.
 */

/**
 * Work bound of a Naive job: one permanent (n·2^n terms, Glynn/Gray) per output state, at most 2^32 terms
 * (seconds of compute), since Naive is meant for small experiments and single amplitudes.
 */
export const NAIVE_MAX_PERMANENT_TERMS = 2 ** 32;

/**
 * Work bound of one Clifford & Clifford 2017 sample: n·2^n permanent terms, at most 2^29 (about a tenth of a
 * second), so that a job of a few thousand samples finishes in minutes.
 */
export const CLIFFORD_MAX_TERMS_PER_SAMPLE = 2 ** 29;

/**
 * Output states one result may hold: about 50 MB of zipped `:PCVL:` text at the 12 bytes per state of a
 * 700,000-state BSDistribution (8.4 MB), far below JavaScript's longest string (2^29 characters) and a token's
 * default storage quota. SLOS with 10 photons on 24 modes (92.6 million states) fitted the memory but its result
 * could not be built; the published photon counts keep every full distribution within this bound.
 */
export const MAX_RESULT_STATES = 2 ** 22;

/**
 * Modes the exact-distribution platforms (SLOS, Naive) publish: a distribution over more modes has too many
 * states to be a result for all but a few photons.
 */
export const EXACT_MAX_MODES = 24;

/** Mode entries a `samples` result may hold: as many as {@link MAX_RESULT_STATES} states of the exact platforms' modes. */
export const MAX_RESULT_SAMPLE_MODES = MAX_RESULT_STATES * EXACT_MAX_MODES;

/** Photons × modes a backend accepts: the figures of `specs.constraints`. */
export interface BackendCapacity {
  maxModeCount: number;
  maxPhotonCount: number;
}

/**
 * The simulator's estimate of the full distribution (`probs`) of `n` indistinguishable photons on `m` modes (one
 * per mode, through a lossless circuit: what the constraints describe) by `backend`, under `memoryLimitBytes`.
 */
export function probsEstimate(
  backend: NativeBackendName,
  n: number,
  m: number,
  memoryLimitBytes: number,
): JobEstimate {
  const occupations = Array.from({ length: m }, (_, mode) => (mode < n ? 1 : 0));
  return new Processor(backend, m, { memoryLimitBytes })
    .withInput(new BasicState(occupations))
    .estimate('probs');
}

/** {@link probsEstimate} when it fits the memory limit; undefined when it does not, or the circuit alone does not. */
function fittingEstimate(
  backend: NativeBackendName,
  n: number,
  m: number,
  memoryLimitBytes: number,
): JobEstimate | undefined {
  try {
    const estimate = probsEstimate(backend, n, m, memoryLimitBytes);
    return estimate.fits ? estimate : undefined;
  } catch (error) {
    if (error instanceof ResourceLimitError) return undefined;
    throw error;
  }
}

/** Terms of one permanent of `n` photons (Glynn's formula in Gray-code order): the work bounds' unit. */
export function permanentTerms(n: number): number {
  return n * 2 ** n;
}

/** The largest photon count (up to `cap`) for which `fits(n)` holds; 0 when not even one photon fits. */
function largestPhotonCount(fits: (n: number) => boolean, cap: number): number {
  let n = 0;
  while (n < cap && fits(n + 1)) n++;
  return n;
}

/**
 * SLOS on `maxModeCount` modes: the most photons whose full distribution the simulator estimates within
 * `memoryLimitBytes`, and within one result ({@link MAX_RESULT_STATES}).
 * Fewer modes allow more photons, but constraints are two independent numbers, so the pair published is one
 * that always runs.
 */
export function slosCapacity(memoryLimitBytes: number, maxModeCount = EXACT_MAX_MODES): BackendCapacity {
  return {
    maxModeCount,
    maxPhotonCount: largestPhotonCount((n) => {
      const estimate = fittingEstimate('SLOS', n, maxModeCount, memoryLimitBytes);
      return estimate !== undefined && estimate.resultStates <= MAX_RESULT_STATES;
    }, maxModeCount),
  };
}

/** Naive on `maxModeCount` modes: the most photons within the memory limit, one result and the work bound. */
export function naiveCapacity(memoryLimitBytes: number, maxModeCount = EXACT_MAX_MODES): BackendCapacity {
  return {
    maxModeCount,
    maxPhotonCount: largestPhotonCount((n) => {
      const estimate = fittingEstimate('Naive', n, maxModeCount, memoryLimitBytes);
      return (
        estimate !== undefined &&
        estimate.resultStates <= MAX_RESULT_STATES &&
        estimate.resultStates * permanentTerms(n) <= NAIVE_MAX_PERMANENT_TERMS
      );
    }, maxModeCount),
  };
}

/**
 * Clifford & Clifford 2017: memory grows only with the modes (the unitary) and the samples, so the photon count
 * is bounded by the work of one sample.
 */
export function cliffordCapacity(maxModeCount = 64): BackendCapacity {
  return {
    maxModeCount,
    maxPhotonCount: largestPhotonCount(
      (n) => permanentTerms(n) <= CLIFFORD_MAX_TERMS_PER_SAMPLE,
      // The simulator's own bound on photons; the work bound stops far below it.
      MAX_PHOTONS,
    ),
  };
}
