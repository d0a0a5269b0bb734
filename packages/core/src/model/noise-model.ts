import { ValidationError } from '../errors/index.js';

/** The noise parameters of a {@link NoiseModel}; every one is optional and defaults to "no noise". */
export interface NoiseModelOptions {
  /** Probability that the source emits a photon when triggered (first-lens brightness), in [0, 1]. Default 1. */
  brightness?: number;
  /** Probability that two emitted photons are indistinguishable (HOM visibility), in [0, 1]. Default 1. */
  indistinguishability?: number;
  /** Second-order autocorrelation g²(0): how often the source emits two photons instead of one, in [0, 1]. Default 0. */
  g2?: number;
  /** Whether the extra photon of a two-photon emission is distinguishable from the signal photon. Default true. */
  g2Distinguishable?: boolean;
  /** System-wide transmittance (1 − losses), in [0, 1]. Default 1. */
  transmittance?: number;
  /** Quantisation step of the phase shifters in radians (0 means infinite precision), ≥ 0. Default 0. */
  phaseImprecision?: number;
  /** Maximum random error added to each phase shifter in radians, in [0, π]. Default 0. */
  phaseError?: number;
}

type NumericField = Exclude<keyof NoiseModelOptions, 'g2Distinguishable'>;

/** Perceval's defaults: a NoiseModel built from nothing simulates a perfect experiment. */
const DEFAULTS: Required<NoiseModelOptions> = Object.freeze({
  brightness: 1,
  indistinguishability: 1,
  g2: 0,
  g2Distinguishable: true,
  transmittance: 1,
  phaseImprecision: 0,
  phaseError: 0,
});

/** Closed ranges of the numeric fields, as Perceval validates them. */
const RANGES: Readonly<Record<NumericField, readonly [number, number]>> = Object.freeze({
  brightness: [0, 1],
  indistinguishability: [0, 1],
  g2: [0, 1],
  transmittance: [0, 1],
  phaseImprecision: [0, Number.POSITIVE_INFINITY],
  phaseError: [0, Math.PI],
});

const FIELDS = Object.keys(DEFAULTS) as (keyof NoiseModelOptions)[];

function numericField(options: NoiseModelOptions, field: NumericField): number {
  const value = options[field];
  if (value === undefined || value === null) return DEFAULTS[field];
  const [min, max] = RANGES[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(`NoiseModel ${field} must be a finite number (got ${String(value)})`, {
      field,
    });
  }
  if (value < min || value > max) {
    const upper = max === Number.POSITIVE_INFINITY ? '∞)' : `${max}]`;
    throw new ValidationError(`NoiseModel ${field} must be in [${min}, ${upper} (got ${value})`, { field });
  }
  return value;
}

/**
 * The imperfections of a photonic experiment: the single-photon source (brightness, g², indistinguishability),
 * the losses of the whole system (transmittance) and the phase shifters (imprecision, random error).
 *
 * Immutable. Every parameter left out takes its "no noise" default, so `new NoiseModel()` is a perfect experiment.
 *
 * @example
 * ```ts
 * const noise = new NoiseModel({ brightness: 0.9, indistinguishability: 0.92 });
 * noise.isPerfect;          // false
 * JSON.stringify(noise);    // '{"brightness":0.9,"indistinguishability":0.92}'
 * ```
 */
export class NoiseModel {
  readonly brightness: number;
  readonly indistinguishability: number;
  readonly g2: number;
  readonly g2Distinguishable: boolean;
  readonly transmittance: number;
  readonly phaseImprecision: number;
  readonly phaseError: number;

  /**
   * @param options - the noise parameters; `undefined` (or `null`) fields take their default.
   * @throws ValidationError naming the field when a value is out of range or not of the right type, or when
   *   `options` holds an unknown field.
   */
  constructor(options: NoiseModelOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('NoiseModel options must be an object', { field: 'noise' });
    }
    for (const key of Object.keys(options)) {
      if (!(FIELDS as string[]).includes(key)) {
        throw new ValidationError(`Unknown NoiseModel field '${key}' (known: ${FIELDS.join(', ')})`, {
          field: key,
        });
      }
    }
    this.brightness = numericField(options, 'brightness');
    this.indistinguishability = numericField(options, 'indistinguishability');
    this.g2 = numericField(options, 'g2');
    this.transmittance = numericField(options, 'transmittance');
    this.phaseImprecision = numericField(options, 'phaseImprecision');
    this.phaseError = numericField(options, 'phaseError');
    const g2Distinguishable = options.g2Distinguishable;
    if (g2Distinguishable === undefined || g2Distinguishable === null) {
      this.g2Distinguishable = DEFAULTS.g2Distinguishable;
    } else if (typeof g2Distinguishable !== 'boolean') {
      throw new ValidationError(
        `NoiseModel g2Distinguishable must be a boolean (got ${String(g2Distinguishable)})`,
        {
          field: 'g2Distinguishable',
        },
      );
    } else {
      this.g2Distinguishable = g2Distinguishable;
    }
    Object.freeze(this);
  }

  /** The default value of each field (all "no noise"). */
  static readonly defaults: Readonly<Required<NoiseModelOptions>> = DEFAULTS;

  /**
   * True when the source emits exactly one indistinguishable photon per trigger and nothing is lost
   * (brightness 1, indistinguishability 1, g² 0, transmittance 1); phase noise does not count. This is the
   * condition under which a local processor may infer the min-detected-photons filter from the input.
   */
  get isPerfectSource(): boolean {
    return (
      this.brightness === 1 && this.indistinguishability === 1 && this.g2 === 0 && this.transmittance === 1
    );
  }

  /** True when no parameter adds noise: a perfect source and exact phase shifters. */
  get isPerfect(): boolean {
    return this.isPerfectSource && this.phaseImprecision === 0 && this.phaseError === 0;
  }

  /** A new model with some fields changed. */
  with(changes: NoiseModelOptions): NoiseModel {
    return new NoiseModel({ ...this.toOptions(), ...changes });
  }

  /** Field-by-field equality (`g2Distinguishable` included, as Perceval compares every field). */
  equals(other: NoiseModel | null | undefined): boolean {
    if (!other) return false;
    return FIELDS.every((field) => this[field] === other[field]);
  }

  /** Every field, defaults included. */
  toOptions(): Required<NoiseModelOptions> {
    return {
      brightness: this.brightness,
      indistinguishability: this.indistinguishability,
      g2: this.g2,
      g2Distinguishable: this.g2Distinguishable,
      transmittance: this.transmittance,
      phaseImprecision: this.phaseImprecision,
      phaseError: this.phaseError,
    };
  }

  /**
   * The fields that differ from their default, as Perceval prints and serializes a NoiseModel;
   * `new NoiseModel(model.toJSON())` rebuilds an equal model.
   */
  toJSON(): NoiseModelOptions {
    const out: Record<string, number | boolean> = {};
    for (const field of FIELDS) {
      if (this[field] !== DEFAULTS[field]) out[field] = this[field];
    }
    return out as NoiseModelOptions;
  }

  toString(): string {
    return `NoiseModel(${JSON.stringify(this.toJSON())})`;
  }
}
