import { ValidationError } from '../../errors/index.js';
import { Barrier } from './barrier.js';
import { ComplexMatrix } from './complex-matrix.js';
import { Component, type UnitaryOptions } from './component.js';
import type { Parameter } from './parameter.js';

/** One step of a circuit: a component or a nested circuit placed on modes `firstMode … firstMode + m − 1`. */
export interface CircuitElement {
  firstMode: number;
  component: Component | Circuit;
}

/** A leaf component with the absolute index of the first mode it acts on. */
export interface FlatComponent {
  firstMode: number;
  component: Component;
}

/** Options of {@link Circuit.add}. */
export interface AddOptions {
  /**
   * When adding a circuit: true inlines its steps into this circuit (Perceval's `merge`), false (default)
   * keeps it as one nested step.
   */
  merge?: boolean;
}

const DEFAULT_NAME = 'CPLX';

/**
 * A linear-optical circuit on `m` modes (mode 0 on top), as Perceval's `Circuit`: components and nested
 * circuits applied in the order they were added, so its unitary is `U = U_last · … · U_first`, indexed
 * `U[out, in]`.
 *
 * ```ts
 * const circuit = new Circuit(3).add(0, BS.H()).add(1, new PS(Math.PI / 4)).add(1, BS.H());
 * circuit.computeUnitary().get(0, 1);   // amplitude from input mode 1 to output mode 0
 * ```
 */
export class Circuit {
  /** Number of modes. */
  readonly m: number;
  /** Display name; `CPLX` unless given, as in Perceval. */
  readonly name: string;
  readonly #elements: CircuitElement[] = [];

  /**
   * @param m - number of modes (a positive integer)
   * @param options - `name`: display name
   * @throws ValidationError naming `m` or `name` when invalid
   */
  constructor(m: number, options: { name?: string } = {}) {
    if (!Number.isInteger(m) || m < 1) {
      throw new ValidationError(`A circuit needs a positive integer number of modes (got ${String(m)})`, {
        field: 'm',
      });
    }
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
      throw new ValidationError('A circuit name must be a non-empty string', { field: 'name' });
    }
    this.m = m;
    this.name = options.name ?? DEFAULT_NAME;
  }

  /**
   * Appends `component` (applied after everything already in the circuit) on consecutive modes.
   *
   * @param port - the first mode, or the full list of consecutive modes (its length must be `component.m`)
   * @param component - a component or a circuit, nested as one step unless `options.merge`
   * @returns this circuit, for chaining
   * @throws ValidationError naming `port` when the modes are not consecutive integers or do not fit in the
   *   circuit, naming `component` when it is not a component or would nest a circuit inside itself, or naming a
   *   parameter when another parameter of the circuit already has its name
   */
  add(port: number | readonly number[], component: Component | Circuit, options: AddOptions = {}): this {
    if (!(component instanceof Component) && !(component instanceof Circuit)) {
      throw new ValidationError(
        'Circuit.add needs a component (BS, PS, PERM, Unitary, LC, Barrier) or a Circuit',
        {
          field: 'component',
        },
      );
    }
    const firstMode = this.#firstMode(port, component);
    if (component instanceof Circuit && (component === this || component.#contains(this))) {
      throw new ValidationError('A circuit cannot contain itself', { field: 'component' });
    }
    this.#checkParameterNames(component);
    if (options.merge === true && component instanceof Circuit) {
      for (const element of component.#elements) {
        this.#elements.push({ firstMode: firstMode + element.firstMode, component: element.component });
      }
    } else {
      this.#elements.push({ firstMode, component });
    }
    return this;
  }

  /** The steps of the circuit in application order, nested circuits kept as they are (a copy of the list). */
  get components(): CircuitElement[] {
    return this.#elements.map((element) => ({ ...element }));
  }

  /**
   * The leaf components in application order, with absolute first modes: nested circuits are expanded
   * recursively.
   */
  flatten(): FlatComponent[] {
    const leaves: FlatComponent[] = [];
    this.#collect(0, leaves);
    return leaves;
  }

  /** True when the circuit holds a loss channel (`LC`) anywhere, even in a nested circuit. */
  get hasLoss(): boolean {
    return this.flatten().some(({ component }) => !component.isUnitary);
  }

  /** True when a component acts on polarization (PBS, WP, HWP, QWP, PR), even in a nested circuit. */
  get requiresPolarization(): boolean {
    return this.flatten().some(({ component }) => component.requiresPolarization);
  }

  /** True when the circuit has a unitary matrix, i.e. holds no loss channel. */
  get isUnitary(): boolean {
    return !this.hasLoss;
  }

  /** True when every parameter has a value. */
  get isDefined(): boolean {
    return this.flatten().every(({ component }) => component.isDefined);
  }

  /**
   * The m×m unitary `U[out, in] = U_last · … · U_first`. An empty circuit gives the identity. With
   * `options.polarization` (the default when the circuit {@link requiresPolarization}, as in Perceval) the 2m×2m
   * polarized unitary on the modes (0H, 0V, 1H, 1V, …).
   *
   * @throws ValidationError when the circuit holds a loss channel (simulate it through a Processor) or a
   *   parameter has no value (the error names it)
   */
  computeUnitary(options: UnitaryOptions = {}): ComplexMatrix {
    const leaves = this.flatten();
    const loss = leaves.find(({ component }) => !component.isUnitary);
    if (loss !== undefined) {
      throw new ValidationError(
        `The circuit holds a non-unitary ${loss.component.name} on mode ${loss.firstMode}, so it has no unitary ` +
          'matrix: simulate it through a Processor, which handles loss channels',
        { field: 'component' },
      );
    }
    const polarization =
      options.polarization ?? leaves.some(({ component }) => component.requiresPolarization);
    const scale = polarization ? 2 : 1;
    const unitary = ComplexMatrix.identity(scale * this.m);
    for (const { firstMode, component } of leaves) {
      if (component instanceof Barrier) continue; // the identity
      // Only the rows the component touches change: O(k²·m) per component instead of a full m×m product.
      unitary.leftMultiplyBlock(component.computeUnitary({ ...options, polarization }), scale * firstMode);
    }
    return unitary;
  }

  /**
   * The variable parameters of the circuit, each once, in order of first use.
   *
   * @throws ValidationError when two different parameters share a name (possible only when a nested circuit
   *   was changed after being added)
   */
  getParameters(): Parameter[] {
    const byName = new Map<string, Parameter>();
    for (const { component } of this.flatten()) {
      for (const parameter of component.getParameters()) {
        const known = byName.get(parameter.name);
        if (known === undefined) byName.set(parameter.name, parameter);
        else if (known !== parameter) throw duplicateName(parameter.name);
      }
    }
    return [...byName.values()];
  }

  /**
   * The variable parameter called `name`.
   *
   * @throws ValidationError naming it when the circuit has no such parameter
   */
  getParameter(name: string): Parameter {
    const parameter = this.getParameters().find((p) => p.name === name);
    if (parameter === undefined) throw this.#unknownParameter(name);
    return parameter;
  }

  /**
   * Sets several parameters by name. All names and values are checked before any is set.
   *
   * @returns this circuit, for chaining
   * @throws ValidationError naming the parameter when a name is unknown or a value is invalid
   */
  setParameters(values: Readonly<Record<string, number>>): this {
    if (typeof values !== 'object' || values === null) {
      throw new ValidationError('setParameters needs an object mapping parameter names to numbers', {
        field: 'values',
      });
    }
    const parameters = new Map(this.getParameters().map((p) => [p.name, p]));
    const updates: Array<[Parameter, number]> = [];
    for (const [name, value] of Object.entries(values)) {
      const parameter = parameters.get(name);
      if (parameter === undefined) throw this.#unknownParameter(name);
      updates.push([parameter, parameter.checkValue(value)]);
    }
    for (const [parameter, value] of updates) parameter.setValue(value);
    return this;
  }

  /** Forgets the value of every variable parameter; returns this circuit. */
  resetParameters(): this {
    for (const parameter of this.getParameters()) parameter.resetValue();
    return this;
  }

  /**
   * A one-line description in Perceval's style:
   * `Circuit(3).add((0, 1), BS.H()).add(1, PS(phi=0.785398)).add((1, 2), BS.H())`.
   */
  describe(): string {
    const header =
      this.name === DEFAULT_NAME ? `Circuit(${this.m})` : `Circuit(${this.m}, name='${this.name}')`;
    return (
      header +
      this.#elements
        .map(({ firstMode, component }) => {
          const modes =
            component.m === 1 ? String(firstMode) : `(${modeRange(firstMode, component.m).join(', ')})`;
          return `.add(${modes}, ${component.describe()})`;
        })
        .join('')
    );
  }

  /** A multi-line listing, one step per line with its modes, nested circuits indented. */
  toString(): string {
    return this.#lines('').join('\n');
  }

  #lines(indent: string): string[] {
    const header =
      this.name === DEFAULT_NAME ? `Circuit(${this.m})` : `Circuit(${this.m}, name='${this.name}')`;
    const lines = [header];
    for (const { firstMode, component } of this.#elements) {
      const last = firstMode + component.m - 1;
      const modes = last === firstMode ? `[${firstMode}]` : `[${firstMode}-${last}]`;
      if (component instanceof Circuit) {
        const [nestedHeader, ...rest] = component.#lines(`${indent}  `);
        lines.push(`${indent}  ${modes} ${nestedHeader}`, ...rest);
      } else {
        lines.push(`${indent}  ${modes} ${component.describe()}`);
      }
    }
    return lines;
  }

  #firstMode(port: number | readonly number[], component: Component | Circuit): number {
    let firstMode: number;
    if (Array.isArray(port)) {
      const modes = port as readonly unknown[];
      if (modes.length !== component.m) {
        throw new ValidationError(
          `Port [${modes.join(', ')}] lists ${modes.length} modes but ${component.name} acts on ${component.m}`,
          { field: 'port' },
        );
      }
      modes.forEach((mode, i) => {
        if (!Number.isInteger(mode) || (i > 0 && mode !== (modes[i - 1] as number) + 1)) {
          throw new ValidationError(`Port [${modes.join(', ')}] must list consecutive mode indices`, {
            field: 'port',
          });
        }
      });
      firstMode = modes[0] as number;
    } else if (typeof port === 'number' && Number.isInteger(port)) {
      firstMode = port;
    } else {
      throw new ValidationError(
        `Port must be a mode index or an array of consecutive modes (got ${String(port)})`,
        {
          field: 'port',
        },
      );
    }
    const last = firstMode + component.m - 1;
    if (firstMode < 0 || last >= this.m) {
      throw new ValidationError(
        `Port ${firstMode}: ${component.name} on ${component.m} mode(s) would span modes ${firstMode}…${last}, ` +
          `outside the circuit's modes 0…${this.m - 1}`,
        { field: 'port' },
      );
    }
    return firstMode;
  }

  #checkParameterNames(component: Component | Circuit): void {
    const incoming = component.getParameters();
    if (incoming.length === 0) return; // the common case of numeric arguments: no walk over the circuit
    const existing = new Map(this.getParameters().map((p) => [p.name, p]));
    for (const parameter of incoming) {
      const known = existing.get(parameter.name);
      if (known !== undefined && known !== parameter) throw duplicateName(parameter.name);
    }
  }

  #contains(target: Circuit): boolean {
    return this.#elements.some(
      ({ component }) =>
        component instanceof Circuit && (component === target || component.#contains(target)),
    );
  }

  #collect(offset: number, leaves: FlatComponent[]): void {
    for (const { firstMode, component } of this.#elements) {
      if (component instanceof Circuit) component.#collect(offset + firstMode, leaves);
      else leaves.push({ firstMode: offset + firstMode, component });
    }
  }

  #unknownParameter(name: string): ValidationError {
    const known = this.getParameters()
      .map((p) => `'${p.name}'`)
      .join(', ');
    return new ValidationError(
      `The circuit has no parameter named '${name}' (parameters: ${known || 'none'})`,
      {
        field: name,
      },
    );
  }
}

function modeRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

function duplicateName(name: string): ValidationError {
  return new ValidationError(`The circuit would hold two different parameters named '${name}'`, {
    field: name,
  });
}
