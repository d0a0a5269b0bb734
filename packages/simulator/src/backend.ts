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
 * The backend that `backend` means for `photons` photons on `modes` modes:
 * - a named backend is itself;
 * - `'auto'` is SLOS (exact probabilities) while the output space has at most {@link AUTO_SLOS_MAX_STATES}
 *   states, else CliffordClifford2017 (exact sampling, cost O(n·2^n) per sample whatever the mode count).
 */
export function chooseBackend(backend: BackendName, photons: number, modes: number): NativeBackendName {
  if (backend !== 'auto') return backend;
  return stateSpaceSize(photons, modes) <= AUTO_SLOS_MAX_STATES ? 'SLOS' : 'CliffordClifford2017';
}

/**
 * The backend computing one amplitude ⟨output|U|input⟩ of `photons` photons: SLOS and NaiveApprox for themselves,
 * `'auto'` exactly (Naive) up to {@link AUTO_EXACT_AMPLITUDE_MAX_PHOTONS} photons and NaiveApprox beyond, every
 * other backend through Naive (one permanent).
 */
export function amplitudeBackend(backend: BackendName, photons: number): NativeBackendName {
  if (backend === 'SLOS' || backend === 'NaiveApprox' || backend === 'MPS') return backend;
  if (backend === 'auto' && photons > AUTO_EXACT_AMPLITUDE_MAX_PHOTONS) return 'NaiveApprox';
  return 'Naive';
}

/** Commands a backend runs natively: strong simulators compute `probs`, samplers draw `samples`. */
export function nativeCommands(backend: NativeBackendName): readonly ('probs' | 'samples')[] {
  return backend === 'CliffordClifford2017' ? ['samples'] : ['probs'];
}
