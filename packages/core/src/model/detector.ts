import { ValidationError } from '../errors/index.js';
import { optionalPositiveInteger } from './integer-checks.js';

/**
 * How a detector counts photons:
 * - `'pnr'`: perfect photon-number resolution;
 * - `'threshold'`: clicks or not (reports at most one photon);
 * - `'ppnr'`: pseudo-PNR, an interleaved detector with a finite number of wires and/or imperfect wires.
 */
export type DetectionType = 'pnr' | 'threshold' | 'ppnr';

/** Parameters of a {@link Detector}. */
export interface DetectorOptions {
  /** Number of wires of the interleaved detector (a positive integer); undefined means infinitely many. */
  nWires?: number;
  /**
   * Largest count the detector reports; the top count means "that many or more". Defaults to `nWires`.
   * A positive integer, at most `nWires`.
   */
  maxDetections?: number;
  /** Probability that a wire detects a photon that hits it, in (0, 1]. Default 1. */
  wireEfficiency?: number;
  /** Display name, as Perceval's factories set it ('PNR', 'Threshold', 'PPNR'). */
  name?: string;
}

const PERCEVAL_NAMES: Readonly<Record<DetectionType, string>> = {
  pnr: 'PNR',
  threshold: 'Threshold',
  ppnr: 'PPNR',
};

/**
 * A photon detector placed on one output mode, modelled as Perceval's interleaved detector: the photons that
 * hit it are spread uniformly over `nWires` wires, each wire reports at most one photon and detects the photon
 * with probability `wireEfficiency`.
 *
 * One wire makes a threshold detector; infinitely many perfect wires make a perfect PNR detector.
 *
 * @example
 * ```ts
 * Detector.ppnr(3, undefined, 0.7).detect(3);   // [0.027, 0.37411…, 0.52266…, 0.07622…]
 * Detector.threshold().detect(2);               // [0, 1]
 * ```
 */
export class Detector {
  /** Number of wires; undefined means infinitely many. */
  readonly nWires: number | undefined;
  /** Largest reported count (the top count absorbs the larger ones); undefined means no limit. */
  readonly maxDetections: number | undefined;
  /** Probability that a wire detects a photon that hits it. */
  readonly wireEfficiency: number;
  /** Display name ('PNR', 'Threshold', 'PPNR' from the factories). */
  readonly name: string;
  readonly #cache = new Map<number, readonly number[]>();

  /**
   * Prefer the factories {@link Detector.pnr}, {@link Detector.threshold} and {@link Detector.ppnr}.
   * @throws ValidationError naming the field on a bad parameter.
   */
  constructor(options: DetectorOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('Detector options must be an object', { field: 'detector' });
    }
    const nWires = optionalPositiveInteger(options.nWires, 'nWires');
    const maxDetections = optionalPositiveInteger(options.maxDetections, 'maxDetections');
    if (nWires !== undefined && maxDetections !== undefined && maxDetections > nWires) {
      throw new ValidationError(
        `Detector maxDetections must be at most the number of wires (got ${maxDetections} > ${nWires} wires)`,
        { field: 'maxDetections' },
      );
    }
    const wireEfficiency = options.wireEfficiency ?? 1;
    if (
      typeof wireEfficiency !== 'number' ||
      !Number.isFinite(wireEfficiency) ||
      wireEfficiency <= 0 ||
      wireEfficiency > 1
    ) {
      throw new ValidationError(`Detector wireEfficiency must be in (0, 1] (got ${String(wireEfficiency)})`, {
        field: 'wireEfficiency',
      });
    }
    if (options.name !== undefined && typeof options.name !== 'string') {
      throw new ValidationError('Detector name must be a string', { field: 'name' });
    }
    this.nWires = nWires;
    this.maxDetections = maxDetections ?? nWires;
    this.wireEfficiency = wireEfficiency;
    this.name = options.name ?? PERCEVAL_NAMES[this.kind];
    Object.freeze(this);
  }

  /** A perfect photon-number-resolving detector (the default on every mode). */
  static pnr(): Detector {
    return new Detector({ name: 'PNR' });
  }

  /** A threshold detector: reports 1 for any non-zero number of photons. */
  static threshold(): Detector {
    return new Detector({ nWires: 1, name: 'Threshold' });
  }

  /**
   * An interleaved pseudo-PNR detector.
   * @param nWires - number of wires (a positive integer).
   * @param maxDetections - largest reported count (defaults to `nWires`).
   * @param wireEfficiency - detection probability of each wire, in (0, 1].
   */
  static ppnr(nWires: number, maxDetections?: number, wireEfficiency = 1): Detector {
    if (nWires === undefined || nWires === null) {
      throw new ValidationError('Detector.ppnr needs a number of wires', { field: 'nWires' });
    }
    return new Detector({ nWires, maxDetections, wireEfficiency, name: 'PPNR' });
  }

  /**
   * The detection type, by Perceval's rule: threshold if at most one detection is reported with perfect wires;
   * PNR if wires and max detections are both unlimited with perfect wires; pseudo-PNR otherwise.
   */
  get kind(): DetectionType {
    if (this.wireEfficiency !== 1) return 'ppnr';
    if (this.maxDetections === 1) return 'threshold';
    if (this.nWires === undefined && this.maxDetections === undefined) return 'pnr';
    return 'ppnr';
  }

  /**
   * Probability of each detected count when `photons` photons hit the detector at once:
   * element `d` is P(d detections), for d from 0 to min(photons, maxDetections); the elements sum to 1.
   *
   * Uses the interleaved-detector recurrence (docs/simulation.md): a new photon lands on a fresh wire with
   * probability (W − d)/W and is detected with probability η; the top count absorbs the rest.
   * @throws ValidationError when `photons` is not a non-negative integer.
   */
  detect(photons: number): number[] {
    if (typeof photons !== 'number' || !Number.isSafeInteger(photons) || photons < 0) {
      throw new ValidationError(`Photon count must be a non-negative integer (got ${String(photons)})`, {
        field: 'photons',
      });
    }
    let cached = this.#cache.get(photons);
    if (cached === undefined) {
      cached = Object.freeze(this.#compute(photons));
      this.#cache.set(photons, cached);
    }
    return [...cached];
  }

  #compute(photons: number): number[] {
    const top = this.maxDetections === undefined ? photons : Math.min(photons, this.maxDetections);
    const out = new Array<number>(top + 1).fill(0);
    if (this.kind === 'pnr') {
      out[photons] = 1;
      return out;
    }
    const eta = this.wireEfficiency;
    const wires = this.nWires;
    // row[d] = P(d detections | k photons so far), for d < top only: those rows never depend on higher counts,
    // and the top count takes the remaining probability, as Perceval does.
    const row = new Float64Array(top + 1);
    row[0] = 1;
    for (let k = 1; k <= photons; k++) {
      for (let d = Math.min(k, top - 1); d >= 0; d--) {
        const fresh = d === 0 ? 0 : row[d - 1]! * (wires === undefined ? 1 : (wires - d + 1) / wires) * eta;
        const stay = row[d]! * ((wires === undefined ? 0 : (eta * d) / wires) + 1 - eta);
        row[d] = fresh + stay;
      }
    }
    let below = 0;
    for (let d = 0; d < top; d++) {
      out[d] = row[d]!;
      below += row[d]!;
    }
    out[top] = Math.max(0, 1 - below);
    return out;
  }

  /** Same wires, max detections and efficiency (the name is only a label). */
  equals(other: Detector | null | undefined): boolean {
    if (!other) return false;
    return (
      this.nWires === other.nWires &&
      this.maxDetections === other.maxDetections &&
      this.wireEfficiency === other.wireEfficiency
    );
  }

  /** The constructor options that rebuild this detector. */
  toJSON(): DetectorOptions {
    const out: DetectorOptions = { name: this.name };
    if (this.nWires !== undefined) out.nWires = this.nWires;
    if (this.maxDetections !== undefined) out.maxDetections = this.maxDetections;
    if (this.wireEfficiency !== 1) out.wireEfficiency = this.wireEfficiency;
    return out;
  }

  toString(): string {
    if (this.kind === 'pnr' || this.kind === 'threshold') return `Detector(${this.name})`;
    const parts = [`nWires=${this.nWires ?? '∞'}`];
    if (this.maxDetections !== undefined && this.maxDetections !== this.nWires) {
      parts.push(`maxDetections=${this.maxDetections}`);
    }
    if (this.wireEfficiency !== 1) parts.push(`wireEfficiency=${this.wireEfficiency}`);
    return `Detector(${this.name}, ${parts.join(', ')})`;
  }
}

/**
 * The detection type of a whole set of detectors (one per mode; `undefined` means PNR): the common type, or
 * `'mixed'` when they differ. No detector at all is PNR.
 */
export function detectionType(detectors: readonly (Detector | undefined)[]): DetectionType | 'mixed' {
  let result: DetectionType | undefined;
  for (const detector of detectors) {
    const kind = detector?.kind ?? 'pnr';
    if (result === undefined) result = kind;
    else if (result !== kind) return 'mixed';
  }
  return result ?? 'pnr';
}
