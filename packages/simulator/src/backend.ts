import { fockSpaceSizeApprox, ValidationError } from '@bosonic/core';

/** A simulation backend of the native engine. */
export type NativeBackendName = 'SLOS' | 'Naive' | 'CliffordClifford2017' | 'NaiveApprox' | 'MPS';

/** What a {@link Processor} accepts: a backend, or `'auto'` to let the processor choose (see {@link chooseBackend}). */
export type BackendName = NativeBackendName | 'auto';

/** Every backend name accepted, in the order they are documented. */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze([
  'SLOS',
  'Naive',
  'CliffordClifford2017',
  'NaiveApprox',
  'MPS',
  'auto',
]);

/**
 * Largest output state space `'auto'` computes exactly with SLOS: C(n+m−1, n) states, 2^25 ≈ 33.5 million
 * (n = m = 14 has 20 million). Beyond it, `'auto'` samples with Clifford & Clifford 2017 instead.
 */
export const AUTO_SLOS_MAX_STATES = 2 ** 25;

/**
 * Most photons `'auto'` computes a single amplitude for exactly (one permanent, Naive: about a second at n = 30);
 * beyond it, `'auto'` estimates it with NaiveApprox (Gurvits' estimator, O(n²) per draw).
 */
export const AUTO_EXACT_AMPLITUDE_MAX_PHOTONS = 30;

/** Perceval's default number of draws of Gurvits' estimator per permanent (`NaiveApprox`). */
export const DEFAULT_GURVITS_ITERATIONS = 10_000;

/**
 * Checks a backend name; unlike Perceval, an unknown name is an error, never a silent fallback to SLOS.
 * @throws ValidationError (field `backend`) for anything else than {@link BACKEND_NAMES}.
 */
export function checkBackend(name: unknown): BackendName {
  if (typeof name !== 'string' || !BACKEND_NAMES.includes(name as BackendName)) {
    throw new ValidationError(
      `Unknown backend '${String(name)}' (expected one of ${BACKEND_NAMES.map((b) => `'${b}'`).join(', ')})`,
      { field: 'backend' },
    );
  }
  return name as BackendName;
}

/**
 * C(n+m−1, n), the number of n-photon states on m modes (a float: it is compared with a bound, never used exactly;
 * `Infinity` beyond the largest double). Core's `fockSpaceSizeApprox`: at most about 1030 steps whatever n and m,
 * so 10^9 photons cost nothing.
 */
export function stateSpaceSize(n: number, m: number): number {
  return fockSpaceSizeApprox(m, n);
}

/**
 * Most work `'auto'` spends on an exact MPS, in estimated arithmetic operations: about that of one 30-photon
 * permanent (n·2^n), the largest `'auto'` computes exactly with Naive.
 */
export const AUTO_MPS_MAX_COST = AUTO_EXACT_AMPLITUDE_MAX_PHOTONS * 2 ** AUTO_EXACT_AMPLITUDE_MAX_PHOTONS;

/** How the MPS backend would simulate a request with nothing truncated (the engine's light-cone bound). */
export interface ExactMps {
  /** The bond dimension at which no singular value is dropped: the cutoff `'auto'` gives MPS. */
  bondDimension: number;
  /** Estimated arithmetic operations of building the MPS at that bond dimension. */
  cost: number;
  /** Whether the MPS fits the memory limit (enough for one amplitude). */
  fits: boolean;
  /** Whether the MPS and the results of `probs` (every output state) fit the memory limit. */
  probsFit: boolean;
}

/** What `'auto'` may ask about the request beyond its size (asked only when needed, hence functions). */
export interface AutoContext {
  /** Whether SLOS's estimate of `probs` fits the memory limit. */
  slosFits(): boolean;
  /** The exact MPS of the request, or undefined when the MPS backend cannot simulate it. */
  exactMps(): ExactMps | undefined;
}

/** Estimated arithmetic operations of one exact permanent of n photons (Glynn's formula, Gray-code order). */
function permanentCost(photons: number): number {
  return photons * 2 ** photons;
}

/**
 * The backend that `backend` means for `photons` photons on `modes` modes:
 * - a named backend is itself;
 * - `'auto'` is CliffordClifford2017 (exact sampling, cost O(n·2^n) per sample whatever the mode count) when the
 *   output space has more than {@link AUTO_SLOS_MAX_STATES} states; below it, SLOS (exact probabilities) when its
 *   memory estimate fits, else MPS when the circuit is made of neighbouring-mode components and its exact MPS
 *   (the bond dimension of the light-cone bound, so nothing is truncated) fits and costs, read-out of every output
 *   included, at most {@link AUTO_MPS_MAX_COST}; else SLOS, which then refuses the job with its memory figures.
 *   Without `context` (sizes only), SLOS below the bound.
 */
export function chooseBackend(
  backend: BackendName,
  photons: number,
  modes: number,
  context?: AutoContext,
): NativeBackendName {
  if (backend !== 'auto') return backend;
  const states = stateSpaceSize(photons, modes);
  if (states > AUTO_SLOS_MAX_STATES) return 'CliffordClifford2017';
  if (context === undefined || context.slosFits()) return 'SLOS';
  const mps = context.exactMps();
  const readOut = states * modes * (mps?.bondDimension ?? 0) ** 2;
  return mps?.probsFit === true && mps.cost + readOut <= AUTO_MPS_MAX_COST ? 'MPS' : 'SLOS';
}

/**
 * The backend computing one amplitude ⟨output|U|input⟩ of `photons` photons: SLOS, NaiveApprox and MPS for
 * themselves; `'auto'` by MPS at its exact bond dimension when `exactMps` is given (the circuit is made of
 * neighbouring-mode components) and costs less than the exact permanent and at most {@link AUTO_MPS_MAX_COST}, else
 * exactly (Naive) up to {@link AUTO_EXACT_AMPLITUDE_MAX_PHOTONS} photons and NaiveApprox beyond; every other backend
 * through Naive (one permanent).
 */
export function amplitudeBackend(
  backend: BackendName,
  photons: number,
  exactMps?: () => ExactMps | undefined,
): NativeBackendName {
  if (backend === 'SLOS' || backend === 'NaiveApprox' || backend === 'MPS') return backend;
  if (backend !== 'auto') return 'Naive';
  const mps = exactMps?.();
  if (mps?.fits === true && mps.cost <= Math.min(permanentCost(photons), AUTO_MPS_MAX_COST)) return 'MPS';
  return photons > AUTO_EXACT_AMPLITUDE_MAX_PHOTONS ? 'NaiveApprox' : 'Naive';
}

/** Commands a backend runs natively: strong simulators compute `probs`, samplers draw `samples`. */
export function nativeCommands(backend: NativeBackendName): readonly ('probs' | 'samples')[] {
  return backend === 'CliffordClifford2017' ? ['samples'] : ['probs'];
}
