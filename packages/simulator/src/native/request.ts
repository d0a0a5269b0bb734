/**
 * The request object the native addon reads (`crates/node/src/request.rs` mirrors it field by field), and
 * its encoder from an `Experiment`. This is the one place the shape is documented.
 *
 * ```ts
 * interface NativeRequest {
 *   backend: 'SLOS' | 'Naive' | 'CliffordClifford2017' | 'NaiveApprox';
 *   gurvitsIterations?: number;     // NaiveApprox: draws per permanent estimate (default 10 000)
 *   cutoff?: number;                // MPS: bond dimension (default n + 1); elements are then one per component
 *   m: number;                      // modes of the processor, heralded modes included (2× when polarized)
 *   polarized?: boolean;            // modes 2k, 2k+1 are the H and V modes of spatial mode k: detectors, heralds,
 *                                   // post-selection, the filter and probs/samples results are over the spatial
 *                                   // modes; amplitudes and evolve over the 2m modes (default false)
 *   elements: NativeElement[];      // in the order light meets them
 *   input: NativeInput;
 *   heralds: { mode: number; expected: number }[];   // output-side heralds ('in_out' and 'output')
 *   keepHeralds: boolean;           // keep the heralded modes in the results
 *   postSelect: NativePostSelect | null;             // over all m modes
 *   detectors: (NativeDetector | null)[];            // empty, or one per mode (null = PNR)
 *   thresholdedOutput: boolean;     // every detector is a threshold detector
 *   minDetectedPhotons: number | null;               // on the non-heralded modes; null: no filter
 *   precision: number | null;       // neglect source states below precision × the largest; null: 1e-6
 *   memoryLimitBytes: number | null;                 // null: 70 % of the available memory
 *   threads: number;                // 0: every core
 *   seed: number;                   // any safe integer
 * }
 * type NativeElement =
 *   | { kind: 'unitary'; firstMode: number; size: number; matrix: Float64Array }  // size×size, (re, im) row-major, U[out, in]
 *   | { kind: 'loss'; mode: number; loss: number }
 *   | { kind: 'hidden'; photons: number };  // a mode after the m real ones, entering with `photons`, traced out
 *   // (the earlier time steps and delay lines of a circuit with time delays; unitaries and losses may act on them)
 * type NativeInput =
 *   | { kind: 'source'; occupations: Uint8Array; noise: NativeNoise }   // m entries, input-herald photons included
 *   | { kind: 'mixed'; m: number; components: { probability: number; terms: NativeTerm[] }[] };
 * interface NativeNoise { brightness: number; g2: number; g2Distinguishable: boolean;
 *                         indistinguishability: number; transmittance: number }
 * interface NativeTerm { re: number; im: number; occupations: Uint8Array; tags?: number[] }
 *   // tags: one per photon, photons listed mode by mode; untagged photons carry tag 0
 * type NativePostSelect =
 *   | { kind: 'condition'; modes: number[]; op: '==' | '<' | '>' | '<=' | '>='; value: number }
 *   | { kind: 'and' | 'or' | 'xor'; children: NativePostSelect[] }
 *   | { kind: 'true' };
 * type NativeDetector =
 *   | { kind: 'pnr' } | { kind: 'threshold' }
 *   | { kind: 'ppnr'; wires: number | null; maxDetections: number | null; efficiency: number };
 * ```
 */
import type { NativeBackendName } from '../backend.js';

export interface NativeNoise {
  brightness: number;
  g2: number;
  g2Distinguishable: boolean;
  indistinguishability: number;
  transmittance: number;
}

export type NativeElement =
  | { kind: 'unitary'; firstMode: number; size: number; matrix: Float64Array }
  | { kind: 'loss'; mode: number; loss: number }
  | { kind: 'hidden'; photons: number };

export interface NativeTerm {
  re: number;
  im: number;
  occupations: Uint8Array;
  /** One tag per photon, photons listed mode by mode; omitted when no photon is tagged. */
  tags?: number[];
}

export type NativeInput =
  | { kind: 'source'; occupations: Uint8Array; noise: NativeNoise }
  | { kind: 'mixed'; m: number; components: { probability: number; terms: NativeTerm[] }[] };

export type NativeComparison = '==' | '<' | '>' | '<=' | '>=';

export type NativePostSelect =
  | { kind: 'condition'; modes: number[]; op: NativeComparison; value: number }
  | { kind: 'and' | 'or' | 'xor'; children: NativePostSelect[] }
  | { kind: 'true' };

export type NativeDetector =
  | { kind: 'pnr' }
  | { kind: 'threshold' }
  | { kind: 'ppnr'; wires: number | null; maxDetections: number | null; efficiency: number };

export interface NativeRequest {
  backend: NativeBackendName;
  gurvitsIterations?: number;
  cutoff?: number;
  m: number;
  polarized?: boolean;
  elements: NativeElement[];
  input: NativeInput;
  heralds: { mode: number; expected: number }[];
  keepHeralds: boolean;
  postSelect: NativePostSelect | null;
  detectors: (NativeDetector | null)[];
  thresholdedOutput: boolean;
  minDetectedPhotons: number | null;
  precision: number | null;
  memoryLimitBytes: number | null;
  threads: number;
  seed: number;
}

/** A perfect source. */
export const PERFECT_SOURCE: Readonly<NativeNoise> = Object.freeze({
  brightness: 1,
  g2: 0,
  g2Distinguishable: true,
  indistinguishability: 1,
  transmittance: 1,
});
