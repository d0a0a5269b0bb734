/**
 * Encodes an {@link Experiment} into the {@link NativeRequest} the addon reads. The unitary parts of the circuit
 * are multiplied here, with `@bosonic/core`'s own matrices, into one m×m block per stretch between loss channels,
 * so few numbers cross the boundary.
 */
import {
  Barrier,
  BasicState,
  type Circuit,
  ComplexMatrix,
  type Component,
  type Detector,
  type Experiment,
  type ExperimentInput,
  LC,
  type NoiseModel,
  type PostSelectNode,
  PS,
  Rng,
  StateVector,
  ValidationError,
} from '@bosonic/core';
import type { NativeBackendName } from '../backend.js';
import { checkPolarizable, needsPolarization, polarizedElements } from '../polarization.js';
import { delayedElements, hasTimeDelays } from '../time-delay.js';
import {
  type NativeComparison,
  type NativeDetector,
  type NativeElement,
  type NativeInput,
  type NativeNoise,
  type NativePostSelect,
  type NativeRequest,
  type NativeTerm,
  PERFECT_SOURCE,
} from './request.js';

/** Run-time settings of one request. */
export interface EncodeOptions {
  backend: NativeBackendName;
  seed: number;
  precision?: number | undefined;
  memoryLimitBytes?: number | undefined;
  threads?: number | undefined;
  /** MPS: the bond dimension (the engine's default: n + 1). */
  cutoff?: number | undefined;
  /** NaiveApprox: draws of Gurvits' estimator per permanent (the engine's default: 10 000). */
  gurvitsIterations?: number | undefined;
  /**
   * When the filter is unset: false sends no filter; true (default) applies Perceval's rule (see
   * `Experiment.effectiveMinDetectedPhotons`), which throws for a noisy source or a non-Fock input.
   */
  inferMinDetectedPhotons?: boolean;
}

/** Largest photon count of one mode that crosses the boundary (one byte per mode). */
const MAX_OCCUPATION = 255;

const COMPARISONS: readonly NativeComparison[] = ['==', '<', '>', '<=', '>='];

function occupationsOf(state: BasicState, field: string): Uint8Array {
  const occupations = state.toArray();
  const bytes = new Uint8Array(occupations.length);
  occupations.forEach((count, mode) => {
    if (count > MAX_OCCUPATION) {
      throw new ValidationError(
        `${count} photons in mode ${mode} exceeds the simulator's ${MAX_OCCUPATION}`,
        {
          field,
        },
      );
    }
    bytes[mode] = count;
  });
  return bytes;
}

/** A term with its photons' noise tags (untagged photons carry tag 0, as in Perceval's NoisyFockState). */
function termOf(
  state: BasicState,
  amplitude: { re: number; im: number },
  m: number,
  field: string,
): NativeTerm {
  if (state.m !== m) {
    throw new ValidationError(`A state of the input has ${state.m} modes but the processor has ${m}`, {
      field,
    });
  }
  const out: NativeTerm = { re: amplitude.re, im: amplitude.im, occupations: occupationsOf(state, field) };
  if (state.isNoisy) out.tags = state.photonTags().map((photon) => photon.tag ?? 0);
  return out;
}

/** The terms of a superposition, with its raw (unnormalised) coefficients: the engine normalises. */
function termsOf(vector: StateVector, m: number, field: string): NativeTerm[] {
  return [...vector.unnormalizedEntries()].map(([state, amplitude], j) =>
    termOf(state, amplitude, m, `${field}[${j}]`),
  );
}

function noiseOf(noise: NoiseModel | undefined): NativeNoise {
  if (noise === undefined) return { ...PERFECT_SOURCE };
  return {
    brightness: noise.brightness,
    g2: noise.g2,
    g2Distinguishable: noise.g2Distinguishable,
    indistinguishability: noise.indistinguishability,
    transmittance: noise.transmittance,
  };
}

/** True when the source emits exactly the requested photons, all indistinguishable. */
export function isPerfectSource(noise: NoiseModel | undefined): boolean {
  return noise === undefined || noise.isPerfectSource;
}

/** The full input (herald photons inserted): a Fock state through the source, else a mixed state as it is. */
function inputOf(input: ExperimentInput, m: number, noise: NoiseModel | undefined): NativeInput {
  if (input instanceof BasicState) {
    if (!input.isNoisy)
      return { kind: 'source', occupations: occupationsOf(input, 'input'), noise: noiseOf(noise) };
    if (!isPerfectSource(noise)) {
      throw new ValidationError(
        'A noisy source cannot emit an input whose photons already carry noise tags: give an untagged state',
        { field: 'input' },
      );
    }
    // A tagged Fock state through a perfect source is the pure state itself.
    return {
      kind: 'mixed',
      m,
      components: [{ probability: 1, terms: [termOf(input, { re: 1, im: 0 }, m, 'input')] }],
    };
  }
  // Superpositions and mixtures are taken as they are: the source's noise applies to Fock-state inputs only.
  if (input instanceof StateVector) {
    return { kind: 'mixed', m, components: [{ probability: 1, terms: termsOf(input, m, 'input') }] };
  }
  return {
    kind: 'mixed',
    m,
    components: [...input.entries()].map(([vector, probability], i) => ({
      probability,
      terms: termsOf(vector, m, `input[${i}]`),
    })),
  };
}

/** Perceval's phase noise: each phase shifter's φ quantized to `phaseImprecision`, plus ±`phaseError`. */
function noisyPhaseShifter(component: PS, noise: NoiseModel, rng: Rng): ComplexMatrix {
  let phase = component.param('phi').value;
  if (phase === undefined) {
    throw new ValidationError(`Parameter '${component.param('phi').name}' has no value`, { field: 'phi' });
  }
  if (noise.phaseImprecision > 0) phase = Math.round(phase / noise.phaseImprecision) * noise.phaseImprecision;
  if (noise.phaseError > 0) phase += noise.phaseError * (2 * rng.next() - 1);
  return new ComplexMatrix(1, 1, Float64Array.of(Math.cos(phase), Math.sin(phase)));
}

/**
 * The unitary of each component of one run (`polarization`: its 2k×2k polarized one): phase shifters with the noise
 * model's phase noise, drawn once per component object in the order asked (a component met again, as in each time
 * step of an unrolled circuit, keeps its draw), the others as they are (with the run's randomness, if they use any).
 */
export function runUnitaries(
  noise: NoiseModel | undefined,
  seed: number,
): (component: Component, polarization?: boolean) => ComplexMatrix {
  const rng = new Rng(seed, 0x5eed);
  const random = (): number => rng.next();
  const phaseNoise = noise !== undefined && (noise.phaseImprecision > 0 || noise.phaseError > 0);
  const drawn = new Map<Component, ComplexMatrix>();
  return (component, polarization = false) => {
    if (!phaseNoise || !(component instanceof PS)) return component.computeUnitary({ random, polarization });
    let matrix = drawn.get(component);
    if (matrix === undefined) {
      matrix = noisyPhaseShifter(component, noise, rng);
      drawn.set(component, matrix);
    }
    return polarization ? matrix.kron(ComplexMatrix.identity(2)) : matrix;
  };
}

/**
 * The circuit as m×m unitary blocks separated by loss channels, or (`perComponent`, for the MPS backend, which needs
 * each component on its own modes) one element per component.
 */
function elementsOf(
  circuit: Circuit,
  unitaryOf: (component: Component) => ComplexMatrix,
  perComponent = false,
): NativeElement[] {
  const m = circuit.m;
  const elements: NativeElement[] = [];
  let block: ComplexMatrix | undefined;
  const flush = (): void => {
    if (block === undefined) return;
    elements.push({ kind: 'unitary', firstMode: 0, size: m, matrix: block.data });
    block = undefined;
  };
  for (const { firstMode, component } of circuit.flatten()) {
    if (component instanceof Barrier) continue;
    if (component instanceof LC) {
      flush();
      elements.push({ kind: 'loss', mode: firstMode, loss: component.loss });
      continue;
    }
    const matrix = unitaryOf(component);
    if (perComponent) {
      elements.push({ kind: 'unitary', firstMode, size: matrix.rows, matrix: matrix.data });
      continue;
    }
    block ??= ComplexMatrix.identity(m);
    block.leftMultiplyBlock(matrix, firstMode);
  }
  flush();
  return elements;
}

/** A post-selection as the engine reads it. */
export function encodePostSelect(node: PostSelectNode, field: string): NativePostSelect {
  switch (node.kind) {
    case 'condition': {
      if (!COMPARISONS.includes(node.op)) {
        throw new ValidationError(`Unknown post-selection comparison '${node.op}'`, { field: `${field}.op` });
      }
      return { kind: 'condition', modes: [...node.modes], op: node.op, value: node.value };
    }
    case 'and':
    case 'or':
    case 'xor':
      return {
        kind: node.kind,
        children: node.children.map((child, i) => encodePostSelect(child, `${field}[${i}]`)),
      };
    case 'true':
      return { kind: 'true' };
    default:
      throw new ValidationError(`Unknown post-selection node '${(node as { kind: string }).kind}'`, {
        field,
      });
  }
}

function detectorOf(detector: Detector | undefined): NativeDetector | null {
  if (detector === undefined) return null;
  switch (detector.kind) {
    case 'pnr':
      return { kind: 'pnr' };
    case 'threshold':
      return { kind: 'threshold' };
    default:
      return {
        kind: 'ppnr',
        wires: detector.nWires ?? null,
        maxDetections: detector.maxDetections ?? null,
        efficiency: detector.wireEfficiency,
      };
  }
}

/**
 * The request for `experiment` (its sweep parameters applied) with the run-time `options`. A polarized experiment
 * ({@link needsPolarization}) runs on 2m modes, H and V of each spatial mode ({@link polarizedElements}), through a
 * perfect source, with its detectors, heralds, post-selection and filter on the spatial modes (`polarized`).
 * @throws ValidationError naming the field when the experiment cannot run (no circuit or input, a noisy source
 *   without a min-detected-photons filter, a photon count above 255 in one mode, what the polarization simulation
 *   does not support, …).
 */
export function encodeRequest(experiment: Experiment, options: EncodeOptions): NativeRequest {
  experiment.checkRunnable();
  const polarized = needsPolarization(experiment);
  if (polarized) checkPolarizable(experiment, options.backend);
  const { m } = experiment;
  const explicitDetectors = experiment.detectors.some((d) => d !== undefined);
  const detectors = explicitDetectors
    ? Array.from({ length: m }, (_, mode) => detectorOf(experiment.detectors[mode]))
    : [];
  const fullInput = experiment.fullInputState();
  let polarizedInput: Uint8Array | undefined;
  const unitaryOf = runUnitaries(experiment.noise, options.seed);
  const elements = experiment.withCircuitParameters((circuit) => {
    if (polarized) {
      const { elements, occupations } = polarizedElements(circuit, fullInput as BasicState, unitaryOf);
      polarizedInput = occupations;
      return elements;
    }
    if (!hasTimeDelays(circuit)) return elementsOf(circuit, unitaryOf, options.backend === 'MPS');
    // Every time step receives the same input: a Fock state, emitted exactly.
    if (!isPerfectSource(experiment.noise)) {
      throw new ValidationError('Time delays need a perfect source: remove the noise model', {
        field: 'noise',
      });
    }
    if (!(fullInput instanceof BasicState) || fullInput.isNoisy) {
      throw new ValidationError('Time delays need a Fock-state input without noise tags', { field: 'input' });
    }
    return delayedElements(circuit, fullInput, unitaryOf);
  });
  return {
    backend: options.backend,
    ...(options.backend === 'NaiveApprox' && options.gurvitsIterations !== undefined
      ? { gurvitsIterations: options.gurvitsIterations }
      : {}),
    ...(options.backend === 'MPS' && options.cutoff !== undefined ? { cutoff: options.cutoff } : {}),
    m: polarized ? 2 * m : m,
    ...(polarized ? { polarized: true } : {}),
    elements,
    input:
      polarizedInput === undefined
        ? inputOf(fullInput, m, experiment.noise)
        : { kind: 'source', occupations: polarizedInput, noise: { ...PERFECT_SOURCE } },
    heralds: [...experiment.outputHeralds()].map(([mode, expected]) => ({ mode, expected })),
    keepHeralds: experiment.heraldsKept,
    postSelect:
      experiment.postSelection === undefined
        ? null
        : encodePostSelect(experiment.postSelection.root, 'postSelection'),
    detectors,
    thresholdedOutput: experiment.isThresholded,
    minDetectedPhotons:
      options.inferMinDetectedPhotons === false && experiment.minDetectedPhotons === undefined
        ? null
        : experiment.effectiveMinDetectedPhotons(),
    precision: options.precision ?? null,
    memoryLimitBytes: options.memoryLimitBytes ?? null,
    threads: options.threads ?? 0,
    seed: options.seed,
  };
}
