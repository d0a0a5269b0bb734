import { ValidationError } from '../errors/index.js';
import type { Job } from '../job/index.js';
import { Circuit } from '../model/circuit/circuit.js';
import type { Detector } from '../model/detector.js';
import { Experiment, type ExperimentInput } from '../model/experiment.js';
import type { HeraldLocation } from '../model/herald.js';
import type { NoiseModel } from '../model/noise-model.js';
import type { Port, PortLocation } from '../model/port/port.js';
import type { PostSelect } from '../model/post-select/post-select.js';
import type { SamplerIteration } from '../model/sampler-iteration.js';
import type { SamplerResults } from '../model/sampler-results.js';
import { toBasicState } from '../model/state/basic-state.js';
import type { ProcessorLike, SamplerJobSpec } from './processor-like.js';
import type { SamplerCommand } from './sampler-command.js';

/**
 * What {@link AbstractProcessor.withInput} takes: a Fock state (or its text, such as `'|1,0,1>'`), a
 * superposition or a mixed state, on the modes that are not heralded at the input.
 */
export type ProcessorInput = ExperimentInput | string;

/** Deepest nesting a platform parameter may have (arrays and objects inside each other). */
const MAX_PARAMETER_DEPTH = 32;

/**
 * The part every processor shares, as Perceval's `AProcessor`: it holds the {@link Experiment} and its builder
 * methods (circuit, input, heralds, ports, post-selection, detectors, noise, the min-detected-photons filter) and
 * the platform parameters, each with one validation. A concrete processor — the simulator's `Processor`, the
 * cloud's `RemoteProcessor` — adds only how its jobs run ({@link availableCommands}, {@link createJob}) and what
 * its hardware accepts ({@link checkCircuitSize}, {@link checkInputState}, {@link prepareExperiment}).
 *
 * Every builder method checks its change before making it: a refused call leaves the experiment as it was.
 * Builder methods return the processor, so calls chain.
 *
 * @typeParam J - the job type the processor hands out (`LocalJob`, `RemoteJob`, …).
 *
 * @example
 * ```ts
 * function prepareCnot(processor: AbstractProcessor, circuit: Circuit): void {
 *   processor
 *     .setCircuit(circuit)
 *     .addHerald(4, 0, 'in_out', 'ancilla0')
 *     .addHerald(5, 0, 'in_out', 'ancilla1')
 *     .withInput('|1,0,1,0>')
 *     .setPostSelection('[0,1]==1 & [2,3]==1')
 *     .minDetectedPhotonsFilter(2);
 * }
 * ```
 */
export abstract class AbstractProcessor<J extends Job<SamplerResults> = Job<SamplerResults>>
  implements ProcessorLike<J>
{
  #experiment: Experiment;
  #parameters: Readonly<Record<string, unknown>> = Object.freeze({});

  /**
   * @param experiment - the experiment the processor starts with, used as it is (not copied).
   * @throws ValidationError (field `experiment`) for anything but an Experiment.
   */
  protected constructor(experiment: Experiment) {
    if (!(experiment instanceof Experiment)) {
      throw new ValidationError('A processor needs an Experiment', { field: 'experiment' });
    }
    this.#experiment = experiment;
  }

  // ---- how jobs run: what each processor provides ---------------------------------------------------------

  /** The Sampler commands the processor runs natively; a Sampler derives the others from them. */
  abstract get availableCommands(): readonly SamplerCommand[];

  /** A fresh, not yet executed job running `spec` on the experiment as it is now. */
  abstract createJob(spec: SamplerJobSpec): J;

  /**
   * Checks that a circuit of `m` modes fits the hardware (a platform's mode range); nothing by default.
   * Called before a circuit or an experiment is taken.
   * @throws ValidationError (field `circuit`) when it does not fit.
   */
  protected checkCircuitSize(_m: number): void {
    // Any size: the experiment itself only needs a positive one.
  }

  /**
   * Checks an input over every mode (herald photons inserted) against the hardware (photon limits); nothing by
   * default. Called before an input, an experiment or a sweep step's input is taken.
   * @param field - the field a refusal names (`input`, `iteration.inputState`).
   * @throws ValidationError naming `field` when it does not fit.
   */
  protected checkInputState(_input: ExperimentInput, _field: string): void {
    // Any input the experiment accepts.
  }

  /**
   * Adapts a copy of an experiment given to {@link setExperiment} to the processor (a platform's name, its
   * detectors) before it is checked and taken; nothing by default.
   */
  protected prepareExperiment(_experiment: Experiment): void {
    // Taken as it is.
  }

  // ---- the experiment ---------------------------------------------------------------------------------

  /** The experiment the builder methods edit (shared: a change applies to the jobs created afterwards). */
  get experiment(): Experiment {
    return this.#experiment;
  }

  /** Number of modes of the circuit, heralded modes included (0 before a circuit is set). */
  get m(): number {
    return this.#experiment.m;
  }

  /**
   * Takes over a whole experiment, e.g. a catalog item's `buildExperiment()`: its circuit, input, heralds, ports,
   * post-selection, noise, detectors and photon filter. The experiment is copied (later changes to it do not reach
   * this processor).
   * @throws ValidationError (field `experiment`) for anything but an Experiment; (field `circuit` or `input`) when
   *   it does not fit the processor.
   */
  setExperiment(experiment: Experiment): this {
    if (!(experiment instanceof Experiment)) {
      throw new ValidationError('setExperiment takes an Experiment', { field: 'experiment' });
    }
    const copy = experiment.copy();
    this.prepareExperiment(copy);
    if (copy.circuit !== undefined) this.checkCircuitSize(copy.m);
    if (copy.input !== undefined) this.checkInputState(copy.fullInputState(), 'input');
    this.#experiment = copy;
    return this;
  }

  /**
   * Sets the circuit. A circuit of another size is accepted only while nothing depends on the size (heralds,
   * ports, input, detectors, post-selection).
   * @throws ValidationError (field `circuit`) for anything but a Circuit, a size the processor does not take, or a
   *   size change the experiment refuses.
   */
  setCircuit(circuit: Circuit): this {
    if (circuit instanceof Circuit) this.checkCircuitSize(circuit.m);
    this.#experiment.setCircuit(circuit);
    return this;
  }

  /**
   * Sets the input on the modes that are not heralded at the input (herald photons are inserted): a Fock state or
   * its text (through the noisy source, if any), a superposition or a mixed state (taken as they are).
   * @throws ValidationError (field `input`) for a state of the wrong type or size, unparsable text, or an input
   *   the processor cannot take (too many photons).
   */
  withInput(input: ProcessorInput): this {
    const state = typeof input === 'string' ? toBasicState(input, 'input') : input;
    const trial = this.#experiment.copy().withInput(state);
    this.checkInputState(trial.fullInputState(), 'input');
    this.#experiment.withInput(state);
    return this;
  }

  /**
   * Heralds `mode` with `expected` photons: injected at the input (`'input'`), required at the output
   * (`'output'`) or both (`'in_out'`, the default). Input heralds come before {@link withInput}.
   * @param name - the herald's port name (Perceval generates one when omitted).
   * @throws ValidationError (field `mode`, `expected`, `location` or `name`) as `Experiment.addHerald`.
   */
  addHerald(mode: number, expected: number, location: HeraldLocation = 'in_out', name?: string): this {
    this.#experiment.addHerald(mode, expected, location, name);
    return this;
  }

  /**
   * Attaches `port` to the modes `mode … mode + port.m − 1` (Perceval's `add_port`).
   * @throws ValidationError (field `port`, `mode` or `location`) as `Experiment.addPort`.
   */
  addPort(mode: number, port: Port, location: PortLocation = 'in_out'): this {
    this.#experiment.addPort(mode, port, location);
    return this;
  }

  /**
   * Whether results keep the heralded modes (default false: they are removed).
   * @throws ValidationError (field `keepHeralds`) for a value that is not a boolean.
   */
  keepHeralds(keep = true): this {
    this.#experiment.keepHeralds(keep);
    return this;
  }

  /**
   * Keeps only the outputs accepted by `postSelection` (a PostSelect or its text such as `'[0,1]==1'`; its modes
   * count every mode, heralds included).
   * @throws ValidationError (field `postSelection`) for unparsable text or a mode outside the circuit.
   */
  setPostSelection(postSelection: PostSelect | string): this {
    this.#experiment.setPostSelection(postSelection);
    return this;
  }

  /** Removes the post-selection. */
  clearPostSelection(): this {
    this.#experiment.clearPostSelection();
    return this;
  }

  /**
   * Drops the outputs with fewer than `count` detected photons on the non-herald modes (clicks, with threshold
   * detectors); undefined removes the filter (a local processor then infers it for a perfect source, a remote one
   * refuses to create jobs).
   * @throws ValidationError (field `minDetectedPhotons`) unless a non-negative integer or undefined.
   */
  minDetectedPhotonsFilter(count: number | undefined): this {
    this.#experiment.minDetectedPhotonsFilter(count);
    return this;
  }

  /**
   * Puts `detector` on output `mode` (undefined restores the default photon-number-resolving detector).
   * @throws ValidationError (field `mode` or `detector`).
   */
  setDetector(mode: number, detector: Detector | undefined): this {
    this.#experiment.setDetector(mode, detector);
    return this;
  }

  /**
   * Makes every detector a threshold detector (`true`, the default) or a photon-number-resolving one (`false`).
   * @throws ValidationError (field `thresholdedOutput`) for a value that is not a boolean.
   */
  thresholdedOutput(value = true): this {
    this.#experiment.thresholdedOutput(value);
    return this;
  }

  /**
   * Sets the noise model (source and phase-shifter imperfections), or removes it with undefined.
   * @throws ValidationError (field `noise`) for anything but a NoiseModel or undefined.
   */
  setNoise(noise: NoiseModel | undefined): this {
    this.#experiment.setNoise(noise);
    return this;
  }

  /**
   * Checks a sweep step against the experiment and the processor (parameter names and values, the input's size
   * and photons); called by `Sampler.addIteration`.
   * @throws ValidationError naming the field (`iteration.circuitParams.<name>`, `iteration.inputState`, …).
   */
  checkIteration(iteration: SamplerIteration): void {
    const step = this.#experiment.withIteration(iteration);
    if (iteration.inputState !== undefined) {
      this.checkInputState(step.fullInputState(), 'iteration.inputState');
    }
  }

  // ---- platform parameters ------------------------------------------------------------------------------

  /**
   * The platform parameters set so far (Perceval's `parameters`). A `RemoteProcessor` sends them with every job
   * (`payload.parameters`); a local `Processor` keeps them so that the same code builds either, its engine reads
   * none.
   */
  get parameters(): Readonly<Record<string, unknown>> {
    return this.#parameters;
  }

  /**
   * Sets one platform parameter (Perceval's `set_parameter`), e.g. `setParameter('final_mode_number', 4)`.
   * @throws ValidationError (field `parameters`) for an empty name; (field `parameters.<key>`) for a value that is
   *   not JSON data (a finite number, a string, a boolean, null, or arrays and plain objects of those).
   */
  setParameter(key: string, value: unknown): this {
    if (typeof key !== 'string' || key === '') {
      throw new ValidationError('A parameter name must be a non-empty string', { field: 'parameters' });
    }
    checkJsonValue(value, `parameters.${key}`, 0);
    this.#parameters = Object.freeze({ ...this.#parameters, [key]: value });
    return this;
  }

  /**
   * Sets several platform parameters at once (see {@link setParameter}); nothing is set when one is refused.
   * @throws ValidationError (field `parameters`) for anything but a plain object; as {@link setParameter}.
   */
  setParameters(parameters: Record<string, unknown>): this {
    if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
      throw new ValidationError('setParameters needs an object of name → value', { field: 'parameters' });
    }
    for (const [key, value] of Object.entries(parameters)) {
      if (key === '') {
        throw new ValidationError('A parameter name must be a non-empty string', { field: 'parameters' });
      }
      checkJsonValue(value, `parameters.${key}`, 0);
    }
    this.#parameters = Object.freeze({ ...this.#parameters, ...parameters });
    return this;
  }

  /** Forgets every platform parameter (Perceval's `clear_parameters`). */
  clearParameters(): this {
    this.#parameters = Object.freeze({});
    return this;
  }
}

/** Refuses what JSON cannot carry: platform parameters travel in a job's JSON payload. */
function checkJsonValue(value: unknown, field: string, depth: number): void {
  if (depth > MAX_PARAMETER_DEPTH) {
    throw new ValidationError(`${field} is nested more than ${MAX_PARAMETER_DEPTH} levels deep`, { field });
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw new ValidationError(`${field} must be a finite number (got ${value})`, { field });
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      checkJsonValue(item, `${field}[${index}]`, depth + 1);
    });
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) checkJsonValue(item, `${field}.${key}`, depth + 1);
    return;
  }
  throw new ValidationError(`${field} must be JSON data (got ${typeof value})`, { field });
}
