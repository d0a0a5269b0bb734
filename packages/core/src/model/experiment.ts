import { ValidationError } from '../errors/index.js';
import { Circuit } from './circuit/circuit.js';
import { type DetectionType, Detector, detectionType } from './detector.js';
import { Herald, type HeraldLocation } from './herald.js';
import { checkNonNegativeInteger } from './integer-checks.js';
import { NoiseModel } from './noise-model.js';
import { PORT_LOCATIONS, Port, type PortLocation } from './port/port.js';
import { PostSelect } from './post-select/post-select.js';
import type { SamplerIteration } from './sampler-iteration.js';
import { checkSamplerIteration } from './sampler-iteration.js';
import { BasicState } from './state/basic-state.js';
import type { Polarization } from './state/polarization.js';
import { StateVector } from './state/state-vector.js';
import { SVDistribution } from './state/sv-distribution.js';

/** What an experiment's photons start in: a Fock state, a superposition, or a mixture of superpositions. */
export type ExperimentInput = BasicState | StateVector | SVDistribution;

/** Options of an {@link Experiment}. */
export interface ExperimentOptions {
  noise?: NoiseModel;
  /** Display name (a RemoteProcessor uses the platform name). Default `'Experiment'`. */
  name?: string;
}

function inputModeCount(input: ExperimentInput): number | undefined {
  return input.m;
}

function describeInput(input: ExperimentInput): string {
  if (input instanceof BasicState) return 'BasicState';
  if (input instanceof StateVector) return 'StateVector';
  return 'SVDistribution';
}

/**
 * Everything a processor runs, as Perceval's `Experiment`: a circuit, the input photons, heralded modes,
 * post-selection, noise, a detector per mode and the min-detected-photons filter. `Processor` (local) and
 * `RemoteProcessor` (cloud) each hold one and expose its builder methods.
 *
 * Mode numbers count every mode of the circuit, herald modes included; the input gives only the modes that are
 * not heralded at the input ({@link Experiment.inputModes}).
 *
 * Circuit parameters set by a sweep step ({@link Experiment.withIteration}) are kept aside as
 * {@link Experiment.circuitParams} and applied only for the duration of {@link Experiment.withCircuitParameters},
 * so the user's circuit and experiment never change.
 *
 * @example
 * ```ts
 * const experiment = new Experiment(circuit)        // 6 modes
 *   .addHerald(4, 0).addHerald(5, 0)
 *   .withInput(new BasicState([1, 0, 1, 0]))        // the 4 non-herald modes
 *   .setPostSelection(new PostSelect('[0,1]==1 & [2,3]==1'));
 * experiment.fullInputState();                       // |1,0,1,0,0,0>
 * ```
 */
export class Experiment {
  #name: string;
  #circuit: Circuit | undefined;
  #input: ExperimentInput | undefined;
  #heralds: Herald[] = [];
  #ports: { mode: number; port: Port; location: PortLocation }[] = [];
  #keepHeralds = false;
  #postSelection: PostSelect | undefined;
  #noise: NoiseModel | undefined;
  #detectors: (Detector | undefined)[] = [];
  #thresholded = false;
  #minDetectedPhotons: number | undefined;
  #circuitParams: Readonly<Record<string, number>> = Object.freeze({});

  /**
   * @param circuit - the circuit, or a number of modes (an empty circuit of that size), or nothing (set one
   *   later with {@link setCircuit}).
   * @throws ValidationError for a bad circuit, mode count, noise or name.
   */
  constructor(circuit?: Circuit | number, options: ExperimentOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('Experiment options must be an object', { field: 'options' });
    }
    this.#name = 'Experiment';
    if (options.name !== undefined) this.name = options.name;
    if (circuit !== undefined) this.setCircuit(typeof circuit === 'number' ? new Circuit(circuit) : circuit);
    if (options.noise !== undefined) this.setNoise(options.noise);
  }

  /** Display name. */
  get name(): string {
    return this.#name;
  }

  set name(value: string) {
    if (typeof value !== 'string') {
      throw new ValidationError('An experiment name must be a string', { field: 'name' });
    }
    this.#name = value;
  }

  /** The circuit (undefined until set). */
  get circuit(): Circuit | undefined {
    return this.#circuit;
  }

  /** Number of modes of the circuit, herald modes included (0 while there is no circuit). */
  get m(): number {
    return this.#circuit?.m ?? 0;
  }

  /**
   * Sets the circuit. Changing the number of modes is allowed only while nothing depends on it (no herald,
   * detector, input or post-selection); otherwise the new circuit must have the same size.
   * @throws ValidationError (field `circuit`).
   */
  setCircuit(circuit: Circuit): this {
    if (!(circuit instanceof Circuit)) {
      throw new ValidationError('setCircuit needs a Circuit', { field: 'circuit' });
    }
    if (this.#circuit !== undefined && circuit.m !== this.m) {
      const configured =
        this.#heralds.length > 0 ||
        this.#ports.length > 0 ||
        this.#input !== undefined ||
        this.#postSelection !== undefined ||
        this.#detectors.some((d) => d !== undefined);
      if (configured) {
        throw new ValidationError(
          `The circuit has ${circuit.m} modes but the experiment is set up for ${this.m} (heralds, input, ` +
            'detectors or post-selection): use a circuit of the same size',
          { field: 'circuit' },
        );
      }
    }
    if (circuit.m !== this.m) {
      this.#detectors = new Array<Detector | undefined>(circuit.m).fill(
        this.#thresholded ? Detector.threshold() : undefined,
      );
    }
    this.#circuit = circuit;
    // Values from a sweep step belong to the previous circuit's parameters.
    this.#circuitParams = Object.freeze({});
    return this;
  }

  #requireCircuit(field: string): Circuit {
    if (this.#circuit === undefined) {
      throw new ValidationError('The experiment has no circuit yet: call setCircuit first', { field });
    }
    return this.#circuit;
  }

  #checkMode(mode: unknown, field = 'mode'): number {
    const m = this.#requireCircuit(field).m;
    if (typeof mode !== 'number' || !Number.isSafeInteger(mode) || mode < 0 || mode >= m) {
      throw new ValidationError(`Mode ${String(mode)} is outside the circuit's modes 0…${m - 1}`, { field });
    }
    return mode;
  }

  // ---- input -------------------------------------------------------------------------------------------

  /** The input on the non-herald modes, as given (undefined until set). */
  get input(): ExperimentInput | undefined {
    return this.#input;
  }

  /**
   * Sets the input photons on the modes that are not heralded at the input ({@link inputModes}): a
   * BasicState, a StateVector or an SVDistribution with `m − (number of input heralds)` modes.
   * @throws ValidationError (field `input`) for another type or size.
   */
  withInput(input: ExperimentInput): this {
    if (!(input instanceof BasicState || input instanceof StateVector || input instanceof SVDistribution)) {
      throw new ValidationError('The input must be a BasicState, a StateVector or an SVDistribution', {
        field: 'input',
      });
    }
    this.#requireCircuit('input');
    const expected = this.inputModes().length;
    const m = inputModeCount(input);
    if (m !== expected) {
      throw new ValidationError(
        `The input ${describeInput(input)} has ${m ?? 0} modes but the experiment expects ${expected} ` +
          `(${this.m} modes, ${this.m - expected} heralded at the input)`,
        { field: 'input' },
      );
    }
    this.#input = input;
    return this;
  }

  /** Forgets the input. */
  clearInput(): this {
    this.#input = undefined;
    return this;
  }

  /** The modes that receive the user's input: every mode not heralded at the input, ascending. */
  inputModes(): number[] {
    const heralded = new Set(this.#heralds.filter((h) => h.onInput).map((h) => h.mode));
    const modes: number[] = [];
    for (let mode = 0; mode < this.m; mode++) if (!heralded.has(mode)) modes.push(mode);
    return modes;
  }

  /**
   * The input over all modes: the user's input with the photons of the input heralds inserted at their modes
   * (for a StateVector or an SVDistribution, in every component).
   * @throws ValidationError (field `input`) when no input is set.
   */
  fullInputState(): ExperimentInput {
    const input = this.#input;
    if (input === undefined) {
      throw new ValidationError('The experiment has no input state: call withInput first', {
        field: 'input',
      });
    }
    return this.#insertHeralds(input);
  }

  #insertHeralds(input: ExperimentInput): ExperimentInput {
    const inputHeralds = this.#heralds.filter((h) => h.onInput);
    if (inputHeralds.length === 0) return input;
    const modes = this.inputModes();
    const m = this.m;
    const expand = (state: BasicState): BasicState => {
      if (!state.isNoisy && !state.isPolarized) {
        const occupations = new Array<number>(m).fill(0);
        modes.forEach((mode, i) => {
          occupations[mode] = state.get(i);
        });
        for (const herald of inputHeralds) occupations[herald.mode] = herald.expected;
        return new BasicState(occupations);
      }
      // Keep the noise tags or the polarizations of the user's photons; herald photons are untagged and horizontal.
      const photons: { mode: number; tag?: number | undefined; polarization?: Polarization | undefined }[] =
        state.isPolarized
          ? state
              .photonPolarizations()
              .map(({ mode, polarization }) => ({ mode: modes[mode]!, polarization }))
          : state.photonTags().map(({ mode, tag }) => ({ mode: modes[mode]!, tag }));
      for (const herald of inputHeralds) {
        for (let k = 0; k < herald.expected; k++) photons.push({ mode: herald.mode });
      }
      return BasicState.fromPhotons(m, photons);
    };
    const expandVector = (sv: StateVector): StateVector =>
      new StateVector(
        [...sv.unnormalizedEntries()].map(([state, amplitude]) => [expand(state), amplitude] as const),
      );
    if (input instanceof BasicState) return expand(input);
    if (input instanceof StateVector) return expandVector(input);
    return new SVDistribution([...input.entries()].map(([sv, p]) => [expandVector(sv), p] as const));
  }

  // ---- heralds -----------------------------------------------------------------------------------------

  /** Every herald, in the order added. */
  get heralds(): readonly Herald[] {
    return Object.freeze([...this.#heralds]);
  }

  /** Heralds that constrain the output, as Perceval's `heralds`: mode → expected photons, ascending modes. */
  outputHeralds(): Map<number, number> {
    return new Map(
      this.#heralds
        .filter((h) => h.onOutput)
        .sort((a, b) => a.mode - b.mode)
        .map((h) => [h.mode, h.expected]),
    );
  }

  /** Heralds that inject photons, as Perceval's `in_heralds`: mode → photons, ascending modes. */
  inputHeralds(): Map<number, number> {
    return new Map(
      this.#heralds
        .filter((h) => h.onInput)
        .sort((a, b) => a.mode - b.mode)
        .map((h) => [h.mode, h.expected]),
    );
  }

  /**
   * Heralds `mode`: `expected` photons injected there (`'input'`), required there at the output
   * (`'output'`), or both (`'in_out'`, the default).
   * @throws ValidationError when the mode is out of range or already heralded on that side, when `expected` is
   *   not an integer in [0, 32], or when an input is set and an input herald would change its size.
   */
  addHerald(mode: number, expected: number, location: HeraldLocation = 'in_out', name?: string): this {
    this.#checkMode(mode);
    const herald = new Herald(mode, expected, location, name);
    for (const existing of this.#heralds) {
      if (existing.mode !== mode) continue;
      if ((existing.onInput && herald.onInput) || (existing.onOutput && herald.onOutput)) {
        throw new ValidationError(`Mode ${mode} is already heralded (${existing.location})`, {
          field: 'mode',
        });
      }
    }
    const covering = this.#ports.find(
      (p) =>
        mode >= p.mode &&
        mode < p.mode + p.port.m &&
        ((herald.onInput && p.location !== 'output') || (herald.onOutput && p.location !== 'input')),
    );
    if (covering !== undefined) {
      throw new ValidationError(`Mode ${mode} belongs to ${covering.port} (modes ${covering.mode}…)`, {
        field: 'mode',
      });
    }
    if (herald.onInput && this.#input !== undefined) {
      throw new ValidationError(
        `An input is already set on ${this.inputModes().length} modes; an input herald on mode ${mode} would ` +
          'change that: add heralds before calling withInput',
        { field: 'mode' },
      );
    }
    this.#heralds.push(herald);
    return this;
  }

  /** Keeps the herald modes in the results (`true`) or removes them (`false`, the default). */
  keepHeralds(keep = true): this {
    if (typeof keep !== 'boolean') {
      throw new ValidationError('keepHeralds needs a boolean', { field: 'keepHeralds' });
    }
    this.#keepHeralds = keep;
    return this;
  }

  /** Whether results keep the herald modes. */
  get heraldsKept(): boolean {
    return this.#keepHeralds;
  }

  /** The modes results show: every mode when heralds are kept, else the modes without an output herald. */
  outputModes(): number[] {
    const removed = this.#keepHeralds ? new Set<number>() : new Set(this.outputHeralds().keys());
    const modes: number[] = [];
    for (let mode = 0; mode < this.m; mode++) if (!removed.has(mode)) modes.push(mode);
    return modes;
  }

  /** True when a detected state (over all modes) shows the expected count on every output herald. */
  heraldsMatch(state: BasicState | ArrayLike<number>): boolean {
    const occupations = state instanceof BasicState ? state.toArray() : state;
    for (const [mode, expected] of this.outputHeralds()) if (occupations[mode] !== expected) return false;
    return true;
  }

  /** True when a detected state (over all modes) passes the heralds and the post-selection. */
  isSelected(state: BasicState | ArrayLike<number>): boolean {
    return this.heraldsMatch(state) && (this.#postSelection?.test(state) ?? true);
  }

  /** A detected state (over all modes) as results show it: herald modes removed unless kept. */
  postprocessOutput(state: BasicState): BasicState {
    if (this.#keepHeralds) return state;
    const heralded = [...this.outputHeralds().keys()];
    return heralded.length === 0 ? state : state.removeModes(heralded);
  }

  // ---- ports -----------------------------------------------------------------------------------------

  /**
   * Attaches `port` to the modes `mode … mode + port.m − 1` at the input, the output or both (Perceval's
   * `add_port`).
   * @throws ValidationError when the modes are outside the circuit or already hold a port or a herald on that
   *   side, or for a bad location.
   */
  addPort(mode: number, port: Port, location: PortLocation = 'in_out'): this {
    if (!(port instanceof Port)) {
      throw new ValidationError('addPort needs a Port (e.g. new Port(Encoding.DUAL_RAIL, "ctrl"))', {
        field: 'port',
      });
    }
    if (!PORT_LOCATIONS.includes(location)) {
      throw new ValidationError(
        `Port location must be one of ${PORT_LOCATIONS.map((l) => `'${l}'`).join(', ')} (got ${String(location)})`,
        { field: 'location' },
      );
    }
    this.#checkMode(mode);
    const last = mode + port.m - 1;
    if (last >= this.m) {
      throw new ValidationError(
        `${port} spans modes ${mode}…${last}, outside the circuit's modes 0…${this.m - 1}`,
        { field: 'mode' },
      );
    }
    const input = location !== 'output';
    const output = location !== 'input';
    for (let k = mode; k <= last; k++) {
      const taken =
        this.#ports.find(
          (p) =>
            k >= p.mode &&
            k < p.mode + p.port.m &&
            ((input && p.location !== 'output') || (output && p.location !== 'input')),
        )?.port ??
        this.#heralds.find((h) => h.mode === k && ((input && h.onInput) || (output && h.onOutput)));
      if (taken !== undefined) {
        throw new ValidationError(`Mode ${k} already holds ${taken}: ports cannot overlap`, {
          field: 'mode',
        });
      }
    }
    this.#ports.push({ mode, port, location });
    return this;
  }

  /** The ports and input heralds at the input, in mode order (Perceval's `in_ports`). */
  get inPorts(): readonly (Port | Herald)[] {
    return this.#portsOn('input');
  }

  /** The ports and output heralds at the output, in mode order (Perceval's `out_ports`). */
  get outPorts(): readonly (Port | Herald)[] {
    return this.#portsOn('output');
  }

  /**
   * The modes a port spans.
   * @throws ValidationError (field `port`) when the port is not attached to this experiment.
   */
  portModes(port: Port): number[] {
    const entry = this.#ports.find((p) => p.port === port);
    if (entry === undefined) {
      throw new ValidationError(`${port} is not attached to this experiment`, { field: 'port' });
    }
    return Array.from({ length: port.m }, (_, k) => entry.mode + k);
  }

  #portsOn(side: 'input' | 'output'): readonly (Port | Herald)[] {
    const entries: { mode: number; item: Port | Herald }[] = [
      ...this.#ports
        .filter((p) => p.location === 'in_out' || p.location === side)
        .map((p) => ({ mode: p.mode, item: p.port })),
      ...this.#heralds
        .filter((h) => (side === 'input' ? h.onInput : h.onOutput))
        .map((h) => ({ mode: h.mode, item: h })),
    ];
    return Object.freeze(entries.sort((a, b) => a.mode - b.mode).map((e) => e.item));
  }

  // ---- post-selection ----------------------------------------------------------------------------------

  /** The post-selection (undefined when none). Its modes count every mode, herald modes included. */
  get postSelection(): PostSelect | undefined {
    return this.#postSelection;
  }

  /**
   * Keeps only the outputs that pass `postSelection` (a PostSelect or its text, e.g. `'[0,1]==1'`).
   * @throws ValidationError (field `postSelection`) for a condition on a mode outside the circuit.
   */
  setPostSelection(postSelection: PostSelect | string): this {
    const ps = typeof postSelection === 'string' ? new PostSelect(postSelection) : postSelection;
    if (!(ps instanceof PostSelect)) {
      throw new ValidationError('setPostSelection needs a PostSelect or its text', {
        field: 'postSelection',
      });
    }
    const m = this.#requireCircuit('postSelection').m;
    try {
      ps.checkModes(m);
    } catch (error) {
      throw new ValidationError((error as Error).message, { field: 'postSelection', cause: error });
    }
    this.#postSelection = ps.hasCondition ? ps : undefined;
    return this;
  }

  /** Removes the post-selection. */
  clearPostSelection(): this {
    this.#postSelection = undefined;
    return this;
  }

  // ---- noise, detectors, min photons -------------------------------------------------------------------

  /** The noise model (undefined means perfect). */
  get noise(): NoiseModel | undefined {
    return this.#noise;
  }

  /** Sets (or, with undefined, removes) the noise model. */
  setNoise(noise: NoiseModel | undefined): this {
    if (noise !== undefined && !(noise instanceof NoiseModel)) {
      throw new ValidationError('setNoise needs a NoiseModel (or undefined)', { field: 'noise' });
    }
    this.#noise = noise;
    return this;
  }

  /** True when the source is perfect (no noise model, or one with a perfect source). */
  get hasPerfectSource(): boolean {
    return this.#noise === undefined || this.#noise.isPerfectSource;
  }

  /** The detector set on each mode (undefined means PNR), one entry per mode. */
  get detectors(): readonly (Detector | undefined)[] {
    return Object.freeze([...this.#detectors]);
  }

  /** The detector of `mode`: the one set there, else a PNR detector. */
  detector(mode: number): Detector {
    return this.#detectors[this.#checkMode(mode)] ?? Detector.pnr();
  }

  /** The detection type of the whole experiment (`'mixed'` when the detectors differ). */
  get detectionType(): DetectionType | 'mixed' {
    return detectionType(this.#detectors);
  }

  /**
   * Places a detector on `mode` (undefined restores the default PNR detector).
   * @throws ValidationError (field `mode` or `detector`).
   */
  setDetector(mode: number, detector: Detector | undefined): this {
    this.#checkMode(mode);
    if (detector !== undefined && !(detector instanceof Detector)) {
      throw new ValidationError('setDetector needs a Detector (or undefined)', { field: 'detector' });
    }
    this.#detectors[mode] = detector;
    return this;
  }

  /**
   * Perceval's `thresholded_output`: `true` puts a threshold detector on every mode, `false` puts back PNR
   * detectors everywhere.
   */
  thresholdedOutput(value = true): this {
    if (typeof value !== 'boolean') {
      throw new ValidationError('thresholdedOutput needs a boolean', { field: 'thresholdedOutput' });
    }
    this.#thresholded = value;
    this.#detectors = this.#detectors.map(() => (value ? Detector.threshold() : undefined));
    return this;
  }

  /** Whether {@link thresholdedOutput} was last set to true. */
  get isThresholded(): boolean {
    return this.#thresholded;
  }

  /**
   * Keeps only the outputs with at least `count` detected photons on the non-herald modes (clicks with threshold
   * detectors); undefined removes the filter. It feeds the physical performance.
   * @throws ValidationError (field `minDetectedPhotons`) unless a non-negative integer or undefined.
   */
  minDetectedPhotonsFilter(count: number | undefined): this {
    if (count !== undefined) checkNonNegativeInteger(count, 'minDetectedPhotons');
    this.#minDetectedPhotons = count;
    return this;
  }

  /** The min-detected-photons filter as set (undefined when not set). */
  get minDetectedPhotons(): number | undefined {
    return this.#minDetectedPhotons;
  }

  /**
   * The filter to apply, on the non-herald modes: the value set, or (Perceval's rule for local processors) with
   * a perfect source and a BasicState input, the input's photon count minus the expected photons of the output
   * heralds.
   * @param options.infer - allow that inference (default true; remote platforms require an explicit value).
   * @throws ValidationError (field `minDetectedPhotons`) when the filter is unset and cannot be inferred.
   */
  effectiveMinDetectedPhotons(options: { infer?: boolean } = {}): number {
    if (this.#minDetectedPhotons !== undefined) return this.#minDetectedPhotons;
    const input = this.#input;
    if ((options.infer ?? true) && this.hasPerfectSource && input instanceof BasicState) {
      const heraldPhotons = [...this.outputHeralds().values()].reduce((a, b) => a + b, 0);
      const full = this.fullInputState() as BasicState;
      return Math.max(0, full.n - heraldPhotons);
    }
    throw new ValidationError(
      'The value of minDetectedPhotons is not set: call minDetectedPhotonsFilter(value)' +
        (options.infer === false
          ? ''
          : ' (it is inferred only for a perfect source with a BasicState input)'),
      { field: 'minDetectedPhotons' },
    );
  }

  /**
   * The photon threshold a simulator applies to whole output states (herald modes included): the effective
   * filter plus the photons expected on the output heralds.
   */
  minPhotonsThreshold(options: { infer?: boolean } = {}): number {
    const heraldPhotons = [...this.outputHeralds().values()].reduce((a, b) => a + b, 0);
    return this.effectiveMinDetectedPhotons(options) + heraldPhotons;
  }

  // ---- circuit parameters and sweeps -------------------------------------------------------------------

  /** Parameter values set by a sweep step, applied during {@link withCircuitParameters}. */
  get circuitParams(): Readonly<Record<string, number>> {
    return this.#circuitParams;
  }

  /**
   * Runs `use(circuit)` with {@link circuitParams} applied to the circuit's parameters, then restores their
   * previous values (also when `use` throws). `use` must be synchronous: the values are only in place while it
   * runs.
   */
  withCircuitParameters<T>(use: (circuit: Circuit) => T): T {
    const circuit = this.#requireCircuit('circuit');
    const names = Object.keys(this.#circuitParams);
    if (names.length === 0) return use(circuit);
    const parameters = names.map((name) => circuit.getParameter(name));
    const previous = parameters.map((p) => p.value);
    circuit.setParameters(this.#circuitParams);
    try {
      return use(circuit);
    } finally {
      parameters.forEach((p, i) => {
        const value = previous[i];
        if (value === undefined) p.resetValue();
        else p.setValue(value);
      });
    }
  }

  /**
   * Checks a sweep step against this experiment: its shape, its parameter names and values against the circuit,
   * and its input state's size.
   * @throws ValidationError naming the field.
   */
  checkIteration(iteration: SamplerIteration): void {
    this.withIteration(iteration);
  }

  /**
   * A copy of this experiment with a sweep step applied: `circuitParams` (kept aside, see
   * {@link withCircuitParameters}), `inputState`, `minDetectedPhotons` and `noise`. This experiment and its
   * circuit are left untouched. (`maxSamples` and `maxShots` are for the sampler.)
   * @throws ValidationError naming the field.
   */
  withIteration(iteration: SamplerIteration): Experiment {
    const step = checkSamplerIteration(iteration);
    const copy = this.copy();
    if (step.circuitParams !== undefined) {
      const circuit = this.#requireCircuit('iteration.circuitParams');
      const known = new Map(circuit.getParameters().map((p) => [p.name, p]));
      for (const [name, value] of Object.entries(step.circuitParams)) {
        const parameter = known.get(name);
        if (parameter === undefined) {
          throw new ValidationError(
            `Iteration: the circuit has no parameter named '${name}'` +
              ` (parameters: ${[...known.keys()].map((k) => `'${k}'`).join(', ') || 'none'})`,
            { field: `iteration.circuitParams.${name}` },
          );
        }
        try {
          parameter.checkValue(value);
        } catch (error) {
          throw new ValidationError((error as Error).message, {
            field: `iteration.circuitParams.${name}`,
            cause: error,
          });
        }
      }
      copy.#circuitParams = Object.freeze({ ...this.#circuitParams, ...step.circuitParams });
    }
    if (step.inputState !== undefined) {
      try {
        copy.withInput(step.inputState);
      } catch (error) {
        throw new ValidationError(`Iteration: ${(error as Error).message}`, {
          field: 'iteration.inputState',
          cause: error,
        });
      }
    }
    if (step.minDetectedPhotons !== undefined) copy.#minDetectedPhotons = step.minDetectedPhotons;
    if (step.noise !== undefined) copy.#noise = step.noise;
    return copy;
  }

  /**
   * An independent copy: changing it (heralds, input, detectors, …) does not change this experiment. The circuit
   * object is shared (sweep values live in {@link circuitParams}, not in the circuit); states, noise models,
   * detectors and post-selections are immutable and shared too.
   */
  copy(): Experiment {
    const copy = new Experiment(undefined, { name: this.#name });
    copy.#circuit = this.#circuit;
    copy.#input = this.#input;
    copy.#heralds = [...this.#heralds];
    copy.#ports = [...this.#ports];
    copy.#keepHeralds = this.#keepHeralds;
    copy.#postSelection = this.#postSelection;
    copy.#noise = this.#noise;
    copy.#detectors = [...this.#detectors];
    copy.#thresholded = this.#thresholded;
    copy.#minDetectedPhotons = this.#minDetectedPhotons;
    copy.#circuitParams = this.#circuitParams;
    return copy;
  }

  /**
   * Checks that the experiment can run: it has a circuit and an input.
   * @throws ValidationError (field `circuit` or `input`).
   */
  checkRunnable(): void {
    this.#requireCircuit('circuit');
    if (this.#input === undefined) {
      throw new ValidationError('The experiment has no input state: call withInput first', {
        field: 'input',
      });
    }
  }
}
