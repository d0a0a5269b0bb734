import { ValidationError } from '../../errors/index.js';
import { ComplexMatrix } from './complex-matrix.js';
import { formatNumber } from './format.js';
import { Parameter } from './parameter.js';

/** Options of `computeUnitary`. */
export interface UnitaryOptions {
  /**
   * Uniform random numbers in [0, 1) for components with built-in noise (a `PS` with `maxError`).
   * Defaults to `Math.random`; pass a seeded generator for reproducible runs.
   */
  random?: () => number;
  /**
   * True asks for the polarized unitary (Perceval's `use_polarization`): 2m×2m on the modes (0H, 0V, 1H, 1V, …), a
   * component that ignores polarization acting alike on H and V (`U ⊗ I₂`). Components acting on polarization
   * ({@link Component.requiresPolarization}) always give it; false for them is an error.
   */
  polarization?: boolean;
}

/** The range a component allows for one of its numeric arguments. */
export interface ParameterRange {
  min?: number;
  max?: number;
  /** Whether a {@link Parameter} attached here wraps out-of-range values (angles) or rejects them. */
  periodic: boolean;
}

/**
 * A linear-optical component acting on `m` consecutive modes: the leaves of a {@link Circuit}.
 *
 * Every numeric argument lives in a named slot (`theta`, `phi`, `loss`, …) holding a {@link Parameter}: a fixed
 * one made from a number, or the caller's own parameter, which stays variable.
 */
export abstract class Component {
  /** Number of modes the component acts on. */
  readonly m: number;
  readonly #name: string;
  readonly #slots = new Map<string, Parameter>();

  /**
   * @param m - number of modes (a positive integer)
   * @param name - display name
   * @throws ValidationError when `m` is not a positive integer
   */
  protected constructor(m: number, name: string) {
    if (!Number.isInteger(m) || m < 1) {
      throw new ValidationError(
        `${name}: the number of modes must be a positive integer (got ${String(m)})`,
        {
          field: 'm',
        },
      );
    }
    this.m = m;
    this.#name = name;
  }

  /** Display name, as Perceval's (`BS.Rx`, `PS`, `PERM`, `Unitary`, `LC`, `I` for a barrier). */
  get name(): string {
    return this.#name;
  }

  /** False for components that only a Processor can simulate (the loss channel `LC`). */
  get isUnitary(): boolean {
    return true;
  }

  /** True for components acting on polarization (PBS, WP, HWP, QWP, PR): their unitary is 2m×2m. */
  get requiresPolarization(): boolean {
    return false;
  }

  /** The names of the component's parameter slots, in declaration order (e.g. `theta`, `phiTl`, …). */
  get params(): string[] {
    return [...this.#slots.keys()];
  }

  /**
   * The parameter in slot `slot` (fixed for a numeric argument).
   *
   * @throws ValidationError when the component has no such slot
   */
  param(slot: string): Parameter {
    const parameter = this.#slots.get(slot);
    if (parameter === undefined) {
      const known = this.params.join(', ') || 'none';
      throw new ValidationError(`${this.#name} has no parameter slot '${slot}' (slots: ${known})`, {
        field: slot,
      });
    }
    return parameter;
  }

  /** The variable parameters (those given as {@link Parameter} objects), each once, in slot order. */
  getParameters(): Parameter[] {
    const variables: Parameter[] = [];
    for (const parameter of this.#slots.values()) {
      if (!parameter.fixed && !variables.includes(parameter)) variables.push(parameter);
    }
    return variables;
  }

  /** True when every parameter has a value, so the unitary can be computed. */
  get isDefined(): boolean {
    for (const parameter of this.#slots.values()) if (!parameter.isDefined) return false;
    return true;
  }

  /**
   * The m×m unitary matrix `U[out, in]` of the component (2m×2m with `options.polarization`, or for a component
   * acting on polarization).
   *
   * @throws ValidationError naming the first parameter that has no value
   */
  computeUnitary(options: UnitaryOptions = {}): ComplexMatrix {
    for (const [slot, parameter] of this.#slots) {
      if (!parameter.isDefined) {
        throw new ValidationError(
          `Parameter '${parameter.name}' (${slot} of ${this.#name}) has no value: set it with setValue() or ` +
            'Circuit.setParameters() before computing the unitary',
          { field: parameter.name },
        );
      }
    }
    if (this.requiresPolarization) {
      if (options.polarization === false) {
        throw new ValidationError(
          `${this.#name} acts on polarization: it has only a polarized (2m×2m) unitary`,
          { field: 'polarization' },
        );
      }
      return this.buildUnitary(options);
    }
    const unitary = this.buildUnitary(options);
    return options.polarization === true ? unitary.kron(ComplexMatrix.identity(2)) : unitary;
  }

  /** A one-line description in Perceval's style, e.g. `BS.H(theta=1.23096)` or `PS(phi=P('phi'))`. */
  abstract describe(): string;

  /** Same as {@link describe}. */
  toString(): string {
    return this.describe();
  }

  /** Builds the unitary once every parameter is known to have a value. */
  protected abstract buildUnitary(options: UnitaryOptions): ComplexMatrix;

  /**
   * Registers slot `slot` from a numeric argument (checked against `range`, never wrapped) or a caller's
   * {@link Parameter} (narrowed to `range`).
   *
   * @throws ValidationError naming the slot when a number is not finite or out of range, or when another
   *   parameter of this component already uses the same name
   */
  protected defineParameter(slot: string, argument: number | Parameter, range: ParameterRange): Parameter {
    let parameter: Parameter;
    if (argument instanceof Parameter) {
      for (const [other, existing] of this.#slots) {
        if (existing !== argument && !existing.fixed && existing.name === argument.name) {
          throw new ValidationError(
            `${this.#name}: ${slot} and ${other} use two different parameters named '${argument.name}'`,
            { field: slot },
          );
        }
      }
      argument.restrict(range.min, range.max, range.periodic);
      parameter = argument;
    } else {
      if (typeof argument !== 'number' || !Number.isFinite(argument)) {
        throw new ValidationError(
          `${this.#name}: ${slot} must be a finite number or a Parameter (got ${String(argument)})`,
          { field: slot },
        );
      }
      // Angles wrap into their period as in Perceval (PS(-π/2) is PS(3π/2)); other quantities must be in range.
      if (range.periodic && range.min !== undefined && range.max !== undefined) {
        parameter = Parameter.constant(slot, argument, { ...range, wrap: true });
        this.#slots.set(slot, parameter);
        return parameter;
      }
      if (
        (range.min !== undefined && argument < range.min) ||
        (range.max !== undefined && argument > range.max)
      ) {
        throw new ValidationError(
          `${this.#name}: ${slot} = ${argument} is out of range [${formatNumber(range.min ?? -Infinity)}, ` +
            `${formatNumber(range.max ?? Infinity)}]`,
          { field: slot },
        );
      }
      parameter = Parameter.constant(slot, argument, range);
    }
    this.#slots.set(slot, parameter);
    return parameter;
  }

  /** The current value of slot `slot`; only call once {@link isDefined} holds. */
  protected valueOf(slot: string): number {
    const value = this.param(slot).value;
    if (value === undefined) {
      throw new ValidationError(`Parameter '${this.param(slot).name}' of ${this.#name} has no value`, {
        field: this.param(slot).name,
      });
    }
    return value;
  }

  /**
   * `slot=value` pairs for {@link describe}: numbers rounded, variable parameters as `P('name')`; slots whose
   * fixed value equals `defaults[slot]` are left out.
   */
  protected describeSlots(defaults: Record<string, number> = {}): string {
    const parts: string[] = [];
    for (const [slot, parameter] of this.#slots) {
      if (!parameter.fixed) {
        parts.push(`${slot}=P('${parameter.name}')`);
        continue;
      }
      const value = parameter.value ?? 0;
      const fallback = defaults[slot];
      if (fallback !== undefined && Math.abs(value - fallback) <= 1e-12) continue;
      parts.push(`${slot}=${formatNumber(value)}`);
    }
    return parts.join(', ');
  }
}
