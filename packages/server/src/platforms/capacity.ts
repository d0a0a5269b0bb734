import { stateSpaceSize } from '@bosonic/simulator';

/**
 * How large an experiment each simulation backend can take on this server, from its memory limit and a bound
 * on the work of one job. The platforms publish the results as `specs.constraints`, so that a client refuses
 * what the server could not run instead of sending it to fail.
 */

/**
 * Bytes per output state of a full SLOS distribution at its peak: two layers of complex amplitudes (16 B each),
 * the probabilities (8 B), and the dense result the worker hands back (8 B) with room for its states.
 */
export const SLOS_BYTES_PER_STATE = 64;

/** Bytes per output state of a Naive distribution: the probabilities and the worker's dense copy. */
export const NAIVE_BYTES_PER_STATE = 32;

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

/** Mode entries a `samples` result may hold: as many as {@link MAX_RESULT_STATES} states of 24 modes. */
export const MAX_RESULT_SAMPLE_MODES = MAX_RESULT_STATES * 24;

/** The permanent kernel's hard limit (the engine's `permanent::MAX_SIZE`). */
export const ENGINE_MAX_PHOTONS = 64;

/** Photons × modes a backend accepts: the figures of `specs.constraints`. */
export interface BackendCapacity {
  maxModeCount: number;
  maxPhotonCount: number;
}

/** Bytes of SLOS's full distribution for `n` photons on `m` modes. */
export function slosBytes(n: number, m: number): number {
  return stateSpaceSize(n, m) * SLOS_BYTES_PER_STATE;
}

/** Permanent terms of Naive's full distribution for `n` photons on `m` modes. */
export function naiveTerms(n: number, m: number): number {
  return stateSpaceSize(n, m) * n * 2 ** n;
}

/** The largest photon count (up to `cap`) for which `fits(n)` holds; 0 when not even one photon fits. */
function largestPhotonCount(fits: (n: number) => boolean, cap: number): number {
  let n = 0;
  while (n < cap && fits(n + 1)) n++;
  return n;
}

/**
 * SLOS on `maxModeCount` modes: the most photons whose full distribution fits in `memoryLimitBytes` and in one
 * result ({@link MAX_RESULT_STATES}).
 * Fewer modes allow more photons, but constraints are two independent numbers, so the pair published is one
 * that always runs.
 */
export function slosCapacity(memoryLimitBytes: number, maxModeCount = 24): BackendCapacity {
  return {
    maxModeCount,
    maxPhotonCount: largestPhotonCount(
      (n) =>
        slosBytes(n, maxModeCount) <= memoryLimitBytes &&
        stateSpaceSize(n, maxModeCount) <= MAX_RESULT_STATES,
      maxModeCount,
    ),
  };
}

/** Naive on `maxModeCount` modes: the most photons within the memory limit, one result and the work bound. */
export function naiveCapacity(memoryLimitBytes: number, maxModeCount = 24): BackendCapacity {
  return {
    maxModeCount,
    maxPhotonCount: largestPhotonCount(
      (n) =>
        stateSpaceSize(n, maxModeCount) * NAIVE_BYTES_PER_STATE <= memoryLimitBytes &&
        stateSpaceSize(n, maxModeCount) <= MAX_RESULT_STATES &&
        naiveTerms(n, maxModeCount) <= NAIVE_MAX_PERMANENT_TERMS,
      maxModeCount,
    ),
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
      (n) => n * 2 ** n <= CLIFFORD_MAX_TERMS_PER_SAMPLE,
      ENGINE_MAX_PHOTONS,
    ),
  };
}
