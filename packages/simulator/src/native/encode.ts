/**
 * Encodes what a simulation needs (an {@link EncodableExperiment}) into the {@link NativeRequest} the addon
 * reads. The unitary parts of the circuit are multiplied here, with `@bosonic/core`'s own matrices, into one m×m
 * block per stretch between loss channels, so few numbers cross the boundary.
 */
import {
  Barrier,
  BasicState,
  type Circuit,
  ComplexMatrix,
  type Detector,
  type Herald,
  LC,
  type NoiseModel,
  PS,
  Rng,
  ValidationError,
} from '@bosonic/core';
import type { NativeBackendName } from '../backend.js';
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

/** A complex amplitude times a Fock state (one term of a superposition). */
export interface AmplitudeTerm {
  amplitude: { re: number; im: number };
  state: BasicState;
}

/** A mixed input: probability-weighted superpositions (Perceval's `SVDistribution`). */
export interface MixedInput {
  kind: 'mixed';
  components: { probability: number; terms: AmplitudeTerm[] }[];
}

/** A post-selection expression tree, as `PostSelect.root` holds it. */
export type PostSelectNode =
  | { kind: 'condition'; modes: readonly number[]; op: string; value: number }
  | { kind: 'and' | 'or' | 'xor'; children: readonly PostSelectNode[] }
  | { kind: 'true' };

/** Everything the encoder reads, with the input already on all m modes (herald photons inserted). */
export interface EncodableExperiment {
  m: number;
  circuit: Circuit;
  /** A Fock state through the (possibly noisy) source, or a mixed state taken as it is. */
  input: BasicState | MixedInput;
  heralds: readonly Herald[];
  keepHeralds: boolean;
  postSelect: PostSelectNode | undefined;
  /** One entry per mode (undefined: PNR), or empty. */
  detectors: readonly (Detector | undefined)[];
  thresholdedOutput: boolean;
  minDetectedPhotons: number | undefined;
  noise: NoiseModel | undefined;
}

/** Run-time settings of one request. */
export interface EncodeOptions {
  backend: NativeBackendName;
  seed: number;
  precision?: number | undefined;
  memoryLimitBytes?: number | undefined;
  threads?: number | undefined;
}

/** Largest photon count of one mode that crosses the boundary (one byte per mode). */
const MAX_OCCUPATION = 255;

const COMPARISONS: Readonly<Record<string, NativeComparison>> = Object.freeze({
  '==': '==',
  '=': '==',
  eq: '==',
  '<': '<',
  lt: '<',
  '>': '>',
  gt: '>',
  '<=': '<=',
  le: '<=',
  '>=': '>=',
  ge: '>=',
});

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
function termOf(term: AmplitudeTerm, field: string): NativeTerm {
  const out: NativeTerm = {
    re: term.amplitude.re,
    im: term.amplitude.im,
    occupations: occupationsOf(term.state, field),
  };
  if (term.state.isNoisy) out.tags = term.state.photonTags().map((photon) => photon.tag ?? 0);
  return out;
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

function inputOf(experiment: EncodableExperiment): NativeInput {
  const { input, m } = experiment;
  if (input instanceof BasicState) {
    if (input.m !== m) {
      throw new ValidationError(`The input state has ${input.m} modes but the processor has ${m}`, {
        field: 'input',
      });
    }
    if (!input.isNoisy) {
      return { kind: 'source', occupations: occupationsOf(input, 'input'), noise: noiseOf(experiment.noise) };
    }
    if (!isPerfectSource(experiment.noise)) {
      throw new ValidationError(
        'A noisy source cannot emit an input whose photons already carry noise tags: give an untagged state',
        { field: 'input' },
      );
    }
    // A tagged Fock state through a perfect source is the pure state itself.
    return {
      kind: 'mixed',
      m,
      components: [
        { probability: 1, terms: [termOf({ amplitude: { re: 1, im: 0 }, state: input }, 'input')] },
      ],
    };
  }
  return {
    kind: 'mixed',
    m,
    components: input.components.map((component, i) => ({
      probability: component.probability,
      terms: component.terms.map((term, j) => {
        if (term.state.m !== m) {
          throw new ValidationError(
            `A state of the input has ${term.state.m} modes but the processor has ${m}`,
            {
              field: `input[${i}][${j}]`,
            },
          );
        }
        return termOf(term, `input[${i}][${j}]`);
      }),
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

/** The circuit as m×m unitary blocks separated by loss channels. */
function elementsOf(circuit: Circuit, noise: NoiseModel | undefined, seed: number): NativeElement[] {
  const m = circuit.m;
  const rng = new Rng(seed, 0x5eed);
  const random = (): number => rng.next();
  const phaseNoise = noise !== undefined && (noise.phaseImprecision > 0 || noise.phaseError > 0);
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
    const matrix =
      phaseNoise && component instanceof PS
        ? noisyPhaseShifter(component, noise, rng)
        : component.computeUnitary({ random });
    block ??= ComplexMatrix.identity(m);
    block.leftMultiplyBlock(matrix, firstMode);
  }
  flush();
  return elements;
}

function postSelectOf(node: PostSelectNode, field: string): NativePostSelect {
  switch (node.kind) {
    case 'condition': {
      const op = COMPARISONS[node.op];
      if (op === undefined) {
        throw new ValidationError(`Unknown post-selection comparison '${node.op}'`, { field: `${field}.op` });
      }
      return { kind: 'condition', modes: [...node.modes], op, value: node.value };
    }
    case 'and':
    case 'or':
    case 'xor':
      return {
        kind: node.kind,
        children: node.children.map((child, i) => postSelectOf(child, `${field}[${i}]`)),
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

/** The request for `experiment` with the run-time `options`. */
export function encodeRequest(experiment: EncodableExperiment, options: EncodeOptions): NativeRequest {
  const { m } = experiment;
  if (experiment.circuit.m !== m) {
    throw new ValidationError(`The circuit has ${experiment.circuit.m} modes but the processor has ${m}`, {
      field: 'circuit',
    });
  }
  const detectors = experiment.detectors.some((d) => d !== undefined)
    ? experiment.detectors.map(detectorOf)
    : [];
  if (detectors.length > 0 && detectors.length !== m) {
    throw new ValidationError(`${detectors.length} detectors for ${m} modes`, { field: 'detectors' });
  }
  return {
    backend: options.backend,
    m,
    elements: elementsOf(experiment.circuit, experiment.noise, options.seed),
    input: inputOf(experiment),
    heralds: experiment.heralds
      .filter((h) => h.onOutput)
      .map((h) => ({ mode: h.mode, expected: h.expected })),
    keepHeralds: experiment.keepHeralds,
    postSelect:
      experiment.postSelect === undefined ? null : postSelectOf(experiment.postSelect, 'postSelect'),
    detectors,
    thresholdedOutput: experiment.thresholdedOutput,
    minDetectedPhotons: experiment.minDetectedPhotons ?? null,
    precision: options.precision ?? null,
    memoryLimitBytes: options.memoryLimitBytes ?? null,
    threads: options.threads ?? 0,
    seed: options.seed,
  };
}
