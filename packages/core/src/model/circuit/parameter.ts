import { ValidationError } from '../../errors/index.js';
import { formatNumber } from './format.js';

/** Options of a {@link Parameter}. */
export interface ParameterOptions {
  /** Initial value; left undefined the parameter must be set before a unitary can be computed. */
  value?: number;
  /** Lowest allowed value. */
  min?: number;
  /** Highest allowed value. */
  max?: number;
  /**
   * A periodic parameter with both bounds wraps values that fall outside `[min, max]` back into the range
   * (an angle of −π/2 on `[0, 2π]` becomes 3π/2); a non-periodic one rejects them. Default `true`, as
   * in Perceval, whose parameters are mostly angles.
   */
  periodic?: boolean;
}

/**
 * A named variable of a circuit, as Perceval's `Parameter`: components accept one wherever they accept a
 * number, and the circuit's unitary uses its current value. The same parameter object may drive several
 * components.
 *
 * Components narrow a parameter's bounds to their own range when it is attached (a phase to `[0, 2π]`, a
 * beam splitter's theta to `[0, 4π]`, a loss to `[0, 1]`) and decide whether it is periodic.
 */
export class Parameter {
  /** The name, used by `Circuit.setParameters` and in error messages. */
  readonly name: string;
  #fixed = false;
  #value: number | undefined;
  #min: number | undefined;
  #max: number | undefined;
  #periodic: boolean;

  /**
   * @throws ValidationError when the name is empty, a bound is not finite, `min > max`, or `value` is out of range
   */
  constructor(name: string, options: ParameterOptions = {}) {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new ValidationError('A parameter needs a non-empty name', { field: 'name' });
    }
    this.name = name;
    this.#periodic = options.periodic ?? true;
    this.#min = checkBound(name, 'min', options.min);
    this.#max = checkBound(name, 'max', options.max);
    checkBoundsOrder(name, this.#min, this.#max);
    this.#value = options.value === undefined ? undefined : this.checkValue(options.value);
  }

  /**
   * A fixed parameter holding `value`, as components create for numeric arguments. `value` must lie in
   * `[min, max]`, unless `wrap` is set (angles), which wraps it into the range first. `setValue` and
   * `resetValue` refuse to change it.
   *
   * @throws ValidationError when `value` is not finite or out of range
   */
  static constant(
    name: string,
    value: number,
    bounds: { min?: number; max?: number; wrap?: boolean } = {},
  ): Parameter {
    const parameter = new Parameter(name, {
      min: bounds.min,
      max: bounds.max,
      periodic: bounds.wrap ?? false,
    });
    parameter.#value = parameter.checkValue(value);
    parameter.#fixed = true;
    return parameter;
  }

  /** True for the constant parameters that components create from numeric arguments: they cannot change. */
  get fixed(): boolean {
    return this.#fixed;
  }

  /** The current value, `undefined` until set. */
  get value(): number | undefined {
    return this.#value;
  }

  /** True once the parameter has a value. */
  get isDefined(): boolean {
    return this.#value !== undefined;
  }

  /** Lowest allowed value, if bounded. */
  get min(): number | undefined {
    return this.#min;
  }

  /** Highest allowed value, if bounded. */
  get max(): number | undefined {
    return this.#max;
  }

  /** Whether out-of-range values wrap around (see {@link ParameterOptions.periodic}). */
  get periodic(): boolean {
    return this.#periodic;
  }

  /**
   * Sets the value (wrapped into range for a periodic parameter with both bounds).
   *
   * @throws ValidationError naming the parameter when the value is not finite, out of range, or the parameter is fixed
   */
  setValue(value: number): void {
    if (this.fixed) {
      throw new ValidationError(`Parameter '${this.name}' is fixed and cannot be changed`, {
        field: this.name,
      });
    }
    this.#value = this.checkValue(value);
  }

  /** Forgets the value, so the parameter is undefined again. A fixed parameter keeps its value. */
  resetValue(): void {
    if (!this.fixed) this.#value = undefined;
  }

  /**
   * The value `value` would be stored as: wrapped into `[min, max]` when periodic, otherwise unchanged.
   *
   * @throws ValidationError naming the parameter when the value is not finite or out of range
   */
  checkValue(value: number): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValidationError(`Parameter '${this.name}' must be a finite number (got ${String(value)})`, {
        field: this.name,
      });
    }
    let v = value;
    const min = this.#min;
    const max = this.#max;
    if (this.#periodic && min !== undefined && max !== undefined && max > min) {
      const period = max - min;
      if (v > max) v -= (Math.trunc((v - max) / period) + 1) * period;
      else if (v < min) v += (Math.trunc((min - v) / period) + 1) * period;
      // Rounding in the subtraction may land a hair outside the range.
      v = Math.min(max, Math.max(min, v));
    }
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
      throw new ValidationError(
        `Parameter '${this.name}' = ${value} is out of range [${min === undefined ? '-∞' : formatNumber(min)}, ${max === undefined ? '∞' : formatNumber(max)}]`,
        { field: this.name },
      );
    }
    return v;
  }

  /**
   * Narrows the bounds to `[min, max]` (keeping any tighter bound already set), sets periodicity, and
   * re-checks the current value. Components call this when the parameter is attached to one of them.
   *
   * @throws ValidationError naming the parameter when the bounds become empty or the value falls outside them
   */
  restrict(min: number | undefined, max: number | undefined, periodic: boolean): void {
    const newMin = min === undefined ? this.#min : this.#min === undefined ? min : Math.max(this.#min, min);
    const newMax = max === undefined ? this.#max : this.#max === undefined ? max : Math.min(this.#max, max);
    checkBoundsOrder(this.name, newMin, newMax);
    const previous = { min: this.#min, max: this.#max, periodic: this.#periodic };
    this.#min = newMin;
    this.#max = newMax;
    this.#periodic = periodic;
    if (this.#value !== undefined) {
      try {
        this.#value = this.checkValue(this.#value);
      } catch (error) {
        this.#min = previous.min;
        this.#max = previous.max;
        this.#periodic = previous.periodic;
        throw error;
      }
    }
  }

  /** `P('phi', value=0.785398, min=0, max=6.28319)`. */
  toString(): string {
    const parts = [`'${this.name}'`];
    if (this.#value !== undefined) parts.push(`value=${formatNumber(this.#value)}`);
    if (this.#min !== undefined) parts.push(`min=${formatNumber(this.#min)}`);
    if (this.#max !== undefined) parts.push(`max=${formatNumber(this.#max)}`);
    return `P(${parts.join(', ')})`;
  }
}

/** Shorthand for `new Parameter(name, options)`, as Perceval's `P`. */
export function P(name: string, options?: ParameterOptions): Parameter {
  return new Parameter(name, options);
}

function checkBound(name: string, which: 'min' | 'max', bound: number | undefined): number | undefined {
  if (bound === undefined) return undefined;
  if (typeof bound !== 'number' || !Number.isFinite(bound)) {
    throw new ValidationError(
      `Parameter '${name}': ${which} must be a finite number (got ${String(bound)})`,
      {
        field: `${name}.${which}`,
      },
    );
  }
  return bound;
}

function checkBoundsOrder(name: string, min: number | undefined, max: number | undefined): void {
  if (min !== undefined && max !== undefined && min > max) {
    throw new ValidationError(
      `Parameter '${name}' has an empty range: min ${formatNumber(min)} > max ${formatNumber(max)}`,
      { field: name },
    );
  }
}
