import { ValidationError } from '../errors/index.js';

/**
 * Where a herald acts: `'input'` injects `expected` photons into the mode, `'output'` keeps only the outputs
 * that show `expected` photons there, `'in_out'` does both.
 */
export type HeraldLocation = 'in_out' | 'input' | 'output';

const LOCATIONS: readonly HeraldLocation[] = ['in_out', 'input', 'output'];

/**
 * Largest photon count a herald can expect: Perceval encodes the expectation as one mask character
 * (`'0'` + count), so counts above 32 are rejected.
 */
export const MAX_HERALD_PHOTONS = 32;

/**
 * A heralded (ancillary) mode: photons injected at the input and/or a photon count required at the output.
 * Immutable; validated on construction.
 *
 * @example
 * ```ts
 * new Herald(4, 0);             // mode 4: no photon in, none expected out
 * new Herald(5, 1, 'output');   // mode 5: one photon expected at the output only
 * ```
 */
export class Herald {
  /** The mode (0-based, counted on the full circuit, herald modes included). */
  readonly mode: number;
  /** The photon count injected and/or expected. */
  readonly expected: number;
  readonly location: HeraldLocation;
  /** Port name, if the user gave one (Perceval auto-generates the others). */
  readonly name: string | undefined;

  /** @throws ValidationError naming the field on a bad mode, count or location. */
  constructor(mode: number, expected: number, location: HeraldLocation = 'in_out', name?: string) {
    if (typeof mode !== 'number' || !Number.isSafeInteger(mode) || mode < 0) {
      throw new ValidationError(`Herald mode must be a non-negative integer (got ${String(mode)})`, {
        field: 'mode',
      });
    }
    if (
      typeof expected !== 'number' ||
      !Number.isSafeInteger(expected) ||
      expected < 0 ||
      expected > MAX_HERALD_PHOTONS
    ) {
      throw new ValidationError(
        `Herald expected photon count must be an integer in [0, ${MAX_HERALD_PHOTONS}] (got ${String(expected)})`,
        { field: 'expected' },
      );
    }
    if (!LOCATIONS.includes(location)) {
      throw new ValidationError(
        `Herald location must be one of ${LOCATIONS.map((l) => `'${l}'`).join(', ')} (got ${String(location)})`,
        { field: 'location' },
      );
    }
    if (name !== undefined && typeof name !== 'string') {
      throw new ValidationError('Herald name must be a string', { field: 'name' });
    }
    this.mode = mode;
    this.expected = expected;
    this.location = location;
    this.name = name;
    Object.freeze(this);
  }

  /** True when the herald injects photons at the input (`'in_out'` or `'input'`). */
  get onInput(): boolean {
    return this.location !== 'output';
  }

  /** True when the herald constrains the output (`'in_out'` or `'output'`). */
  get onOutput(): boolean {
    return this.location !== 'input';
  }

  equals(other: Herald | null | undefined): boolean {
    return (
      !!other &&
      this.mode === other.mode &&
      this.expected === other.expected &&
      this.location === other.location &&
      this.name === other.name
    );
  }

  toJSON(): { mode: number; expected: number; location: HeraldLocation; name?: string } {
    return {
      mode: this.mode,
      expected: this.expected,
      location: this.location,
      ...(this.name === undefined ? {} : { name: this.name }),
    };
  }

  toString(): string {
    return `Herald(mode ${this.mode}: ${this.expected}, ${this.location})`;
  }
}
