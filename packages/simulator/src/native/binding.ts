/**
 * The functions the native addon (`crates/node`) exports and the plain shapes they return. Written by hand:
 * the addon uses the raw Node-API, so no type definitions are generated. Results cross as typed arrays,
 * never as one object per state.
 */
import type { NativeRequest } from './request.js';

/** A complex number as the addon returns it. */
export interface NativeComplex {
  re: number;
  im: number;
}

/** Perf figures of every simulation result (see docs/simulation.md). */
export interface NativePerf {
  globalPerf: number;
  physicalPerf: number;
  logicalPerf: number;
}

/**
 * An output distribution. `dense`: every state with `n` photons on `m` modes, `probs[rank]` in Perceval's
 * FSArray order; `sparse`: the listed states, `m` bytes of `occupations` per state.
 */
export type NativeDistribution = NativePerf &
  (
    | { m: number; kind: 'dense'; n: number; probs: Float64Array }
    | { m: number; kind: 'sparse'; occupations: Uint8Array; probs: Float64Array }
  );

/** Samples in draw order, `m` bytes of `occupations` per sample; `canceled` when the run was cut short. */
export interface NativeSamples extends NativePerf {
  m: number;
  count: number;
  occupations: Uint8Array;
  canceled: boolean;
}

/**
 * An output state vector: `amplitudes` interleaves (re, im) per term, `occupations` has `m` bytes per term;
 * `photonTags` (present only when some photon carries a noise tag) lists each term's tags photon by photon in
 * mode order.
 */
export interface NativeStateVector {
  m: number;
  amplitudes: Float64Array;
  occupations: Uint8Array;
  photonTags?: Uint32Array;
}

/**
 * Progress callback: `fraction` in [0, 1] (never decreasing), `phase` names the current step. Called on the
 * JavaScript thread at most every 50 ms. In sync calls, returning `true` cancels the computation.
 */
export type NativeProgress = (fraction: number, phase: string) => boolean | undefined;

/** What a run will need, known before it starts (`estimate`). */
export interface NativeEstimate {
  /** Most states the result can list: output states of the distribution (an upper bound), or samples. */
  resultStates: number;
  /** Modes of each state of the result. */
  modes: number;
  /** Estimated peak memory of the run, the copy handed to JavaScript included; `Infinity` beyond addressing. */
  requiredBytes: number;
  /** The request's memory limit. */
  limitBytes: number;
  /** The run, for messages (e.g. `SLOS with 10 photons on 24 modes (92,561,040 output states)`). */
  description: string;
}

/** A computation running on a native thread of its own. */
export interface NativeAsyncJob<T> {
  /** Settles after the last progress event: the result, or a coded error (`ERR_CANCELED` when canceled). */
  promise: Promise<T>;
  /** Asks the computation to stop (a sampling run resolves with the samples drawn so far). */
  cancel(): void;
}

/**
 * The addon's exports. Errors thrown (or rejected) carry a `code`: `ERR_VALIDATION` (+ `field`),
 * `ERR_RESOURCE_LIMIT` (+ `requiredBytes`, `limitBytes`), `ERR_CANCELED`, `ERR_NATIVE_PANIC`, `ERR_NATIVE`.
 */
export interface NativeBinding {
  /** Node-API version the addon was built for. */
  readonly napiVersion: number;
  /** Version of the Rust crate. */
  readonly version: string;
  /** Permanent of the n×n matrix `data` (interleaved re, im, row-major); `threads` 0 means every core. */
  permanent(data: Float64Array, n: number, threads: number): NativeComplex;
  probsSync(request: NativeRequest, onProgress?: NativeProgress | null): NativeDistribution;
  samplesSync(
    request: NativeRequest,
    maxSamples: number,
    maxShots: number | null,
    onProgress?: NativeProgress | null,
  ): NativeSamples;
  probsAsync(request: NativeRequest, onProgress: NativeProgress): NativeAsyncJob<NativeDistribution>;
  samplesAsync(
    request: NativeRequest,
    maxSamples: number,
    maxShots: number | null,
    onProgress: NativeProgress,
  ): NativeAsyncJob<NativeSamples>;
  /** Amplitude of the output `output` (one byte per mode of the full circuit); perfect sources only. */
  probAmplitude(request: NativeRequest, output: Uint8Array): NativeComplex;
  /**
   * NaiveApprox only: Gurvits' estimate of the amplitude of `output` with the half-width of its 99 % confidence
   * disc; a Fock-state input through a perfect source.
   */
  probAmplitudeWithError(request: NativeRequest, output: Uint8Array): NativeComplex & { errorBound: number };
  /** The output state vector; perfect sources only. */
  evolve(request: NativeRequest): NativeStateVector;
  /** What `probsSync` or `samplesSync` would need for `request`, computed from sizes only. */
  estimate(request: NativeRequest, primitive: 'probs'): NativeEstimate;
  estimate(
    request: NativeRequest,
    primitive: 'samples',
    maxSamples: number,
    maxShots: number | null,
  ): NativeEstimate;
  /**
   * The bond dimension at which the MPS backend truncates nothing for `request`'s Fock-state input (a light-cone
   * bound) and the estimated operations of building that MPS; undefined when the MPS backend cannot simulate the
   * request (wide components, loss channels, time delays, a superposed or mixed input).
   */
  mpsPlan(request: NativeRequest): NativeMpsPlan | undefined;
  /** MPS only: the sum of the squared singular values dropped for `request`'s input (perfect source, Fock state). */
  mpsTruncationError(request: NativeRequest): number;
}

/** What {@link NativeBinding.mpsPlan} returns. */
export interface NativeMpsPlan {
  /** A cutoff at least this large truncates nothing. */
  bondDimension: number;
  /** Estimated arithmetic operations of building the MPS at that bond dimension. */
  cost: number;
  /** Bytes of that MPS (`Infinity` beyond addressing), results not included. */
  requiredBytes: number;
  /** The request's memory limit. */
  limitBytes: number;
}
