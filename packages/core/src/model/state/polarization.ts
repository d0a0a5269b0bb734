import { ValidationError } from '../../errors/index.js';
import { formatNumber } from '../circuit/format.js';
import type { Complex } from '../complex.js';
import { textExcerpt } from '../parse-limits.js';

/** The named polarizations and their (θ, φ) on the Poincaré sphere, as Perceval's `POLARIZATION_MAPPING`. */
const NAMED: Readonly<Record<string, readonly [theta: number, phi: number]>> = Object.freeze({
  H: [0, 0],
  V: [Math.PI, 0],
  D: [Math.PI / 2, 0],
  A: [Math.PI / 2, Math.PI],
  R: [Math.PI / 2, (3 * Math.PI) / 2],
  L: [Math.PI / 2, Math.PI / 2],
});

/** Angles closer than this are the same polarization (names and equality). */
const ANGLE_TOLERANCE = 1e-9;

/**
 * The polarization of a photon (Perceval's `Polarization`): a point (θ, φ) of the Poincaré sphere, θ in [0, π],
 * φ in [0, 2π), whose Jones vector is `(cos θ/2, e^{iφ} sin θ/2)` on the basis (H, V). Named ones: `H` (0, 0), `V`
 * (π, 0), `D` (π/2, 0), `A` (π/2, π), `R` (π/2, 3π/2), `L` (π/2, π/2).
 */
export class Polarization {
  /** Polar angle θ in [0, π]: 0 is H, π is V. */
  readonly theta: number;
  /** Azimuth φ in [0, 2π): the phase of V relative to H. */
  readonly phi: number;

  /**
   * @param theta - θ in [0, π]
   * @param phi - φ in [0, 2π), default 0
   * @throws ValidationError naming `polarization` for an angle out of range or not finite
   */
  constructor(theta: number, phi = 0) {
    if (!Number.isFinite(theta) || theta < -ANGLE_TOLERANCE || theta > Math.PI + ANGLE_TOLERANCE) {
      throw new ValidationError(`A polarization's theta must be in [0, π] (got ${String(theta)})`, {
        field: 'polarization',
      });
    }
    if (!Number.isFinite(phi) || phi < -ANGLE_TOLERANCE || phi >= 2 * Math.PI - ANGLE_TOLERANCE) {
      throw new ValidationError(`A polarization's phi must be in [0, 2π) (got ${String(phi)})`, {
        field: 'polarization',
      });
    }
    this.theta = Math.min(Math.max(theta, 0), Math.PI);
    this.phi = Math.max(phi, 0);
  }

  /** Horizontal. */
  static readonly H = new Polarization(0, 0);
  /** Vertical. */
  static readonly V = new Polarization(Math.PI, 0);

  /**
   * Parses Perceval's forms: a name (`H`, `V`, `D`, `A`, `R`, `L`), an angle θ (`pi/2`, `0.3`), or a pair
   * `(θ,φ)` (`(pi/2,3*pi/2)`); angles are numbers or products and quotients of numbers and `pi`.
   * @throws ValidationError naming `polarization`, saying what is wrong
   */
  static parse(text: string): Polarization {
    const value = text.trim();
    const named = NAMED[value];
    if (named !== undefined) return new Polarization(named[0], named[1]);
    if (value.startsWith('(')) {
      if (!value.endsWith(')')) {
        throw new ValidationError(`Invalid polarization ${textExcerpt(text)}: missing closing parenthesis`, {
          field: 'polarization',
        });
      }
      const parts = value.slice(1, -1).split(',');
      if (parts.length > 2) {
        throw new ValidationError(`Invalid polarization ${textExcerpt(text)}: more than two angles`, {
          field: 'polarization',
        });
      }
      return new Polarization(
        evaluateAngle(parts[0]!, text),
        parts[1] === undefined ? 0 : evaluateAngle(parts[1], text),
      );
    }
    return new Polarization(evaluateAngle(value, text), 0);
  }

  /** The Jones vector `(cos θ/2, e^{iφ} sin θ/2)`: the amplitudes on H and on V. */
  jones(): [Complex, Complex] {
    const s = Math.sin(this.theta / 2);
    return [
      { re: Math.cos(this.theta / 2), im: 0 },
      { re: Math.cos(this.phi) * s, im: Math.sin(this.phi) * s },
    ];
  }

  /** Same point of the Poincaré sphere (to 1e-9 rad). */
  equals(other: Polarization): boolean {
    return (
      Math.abs(this.theta - other.theta) <= ANGLE_TOLERANCE &&
      Math.abs(this.phi - other.phi) <= ANGLE_TOLERANCE
    );
  }

  /** The name (`H`, `V`, …) when it has one, else `θ` or `(θ,φ)` with numbers. */
  toString(): string {
    for (const [name, [theta, phi]] of Object.entries(NAMED)) {
      if (this.equals(new Polarization(theta, phi))) return name;
    }
    return this.phi === 0
      ? formatNumber(this.theta)
      : `(${formatNumber(this.theta)},${formatNumber(this.phi)})`;
  }
}

/** Evaluates an angle: a product or quotient of numbers and `pi` (`3*pi/2`, `1/2*pi`, `0.25`, `pi`). */
function evaluateAngle(expression: string, text: string): number {
  const fail = (reason: string): never => {
    throw new ValidationError(`Invalid polarization ${textExcerpt(text)}: ${reason}`, {
      field: 'polarization',
    });
  };
  const source = expression.replace(/\s+/g, '');
  if (source === '') fail('an angle is empty');
  let value = 1;
  let dividing = false;
  for (const token of source.split(/([*/])/)) {
    if (token === '*' || token === '/') {
      dividing = token === '/';
      continue;
    }
    let factor: number;
    if (token === 'pi' || token === 'π') factor = Math.PI;
    // A pattern without nested or adjacent quantifiers over digits: it runs in linear time (the previous
    // `[0-9]*\.?[0-9]+` backtracked quadratically, seconds for 16,000 digits), and Number() checks the rest.
    else if (/^[0-9.]+(?:e[+-]?[0-9]+)?$/i.test(token) && Number.isFinite(Number(token)))
      factor = Number(token);
    else factor = fail(`${textExcerpt(token)} is not a number or pi (angles cannot contain variables)`);
    value = dividing ? value / factor : value * factor;
  }
  if (!Number.isFinite(value)) fail('an angle is not finite');
  return value;
}
