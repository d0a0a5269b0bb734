/**
 * Perceval's polarization simulation (`PolarizationSimulator`): each spatial mode k becomes two modes, 2k for H and
 * 2k+1 for V, and the circuit its 2m×2m polarized unitary (components that ignore polarization act alike on both).
 * Each input mode holds photons of at most two orthogonal polarizations; a per-mode preparation unitary turns the
 * basis (H, V) into them, so the spatial input is a plain Fock state on 2m modes. Results merge the two
 * polarization modes of every spatial mode (probabilities of equal merged states add); output state vectors keep
 * them as `{P:H}` / `{P:V}` annotations. Heralds and post-selection apply to the merged (spatial) modes, as in
 * Perceval, where the polarization layer post-selects its merged results: the engine checks them on the sums of
 * the H and V modes of each spatial mode, and the heralded modes are removed after the merge.
 *
 * Loss channels and time delays stack on it as Perceval's `SimulatorFactory` stacks its layers (loss outside delay
 * outside polarization): the circuit is unrolled over time first (`unrolledElements`), then each spatial mode of the
 * unrolled circuit is doubled, a loss channel acting alike on both polarizations of its mode (losses do not depend
 * on polarization) and every time step receiving the polarized input.
 */
import {
  BasicState,
  BSDistribution,
  BSSamples,
  type Circuit,
  type Complex,
  ComplexMatrix,
  type Experiment,
  Polarization,
  StateVector,
  ValidationError,
} from '@bosonic/core';
import { type EncodeOptions, encodePostSelect } from './native/encode.js';
import {
  type NativeElement,
  type NativePostSelect,
  type NativeRequest,
  PERFECT_SOURCE,
} from './native/request.js';
import { unrolledElements } from './time-delay.js';

/** True when `experiment` needs the polarization simulation: its circuit acts on polarization, or its input is polarized. */
export function needsPolarization(experiment: Experiment): boolean {
  const input = experiment.input;
  return (
    experiment.circuit?.requiresPolarization === true || (input instanceof BasicState && input.isPolarized)
  );
}

/** A polarized input as the engine simulates it: a plain Fock state on 2m modes and the unitary preparing it. */
export interface PolarizedProblem {
  /** The 2m×2m preparation, turning the (H, V) basis of each mode into the input's polarizations there. */
  unitary: ComplexMatrix;
  /** The spatial input on 2m modes. */
  occupations: Uint8Array;
}

/** Jones vectors closer than this are the same polarization; inner products below it are orthogonal. */
const JONES_TOLERANCE = 1e-6;

const conj = (z: Complex): Complex => ({ re: z.re, im: -z.im });
const close = (a: Complex, b: Complex): boolean =>
  Math.abs(a.re - b.re) <= JONES_TOLERANCE && Math.abs(a.im - b.im) <= JONES_TOLERANCE;

/**
 * Checks what the polarization simulation supports and refuses the rest with a ValidationError naming the field:
 * a Fock-state input through a perfect source (Perceval's `PolarizationSimulator` takes only an annotated Fock
 * state), no detector other than PNR (Perceval ignores them with a warning; bosonic refuses rather than silently
 * return PNR results).
 */
export function checkPolarizable(experiment: Experiment): void {
  const refuse = (field: string, what: string): never => {
    throw new ValidationError(`The polarization simulation does not support ${what}`, { field });
  };
  if (!(experiment.input instanceof BasicState))
    refuse('input', 'superposed or mixed inputs: give a BasicState');
  if (experiment.noise !== undefined && !experiment.noise.isPerfectSource) refuse('noise', 'a noisy source');
  if (experiment.isThresholded || experiment.detectors.some((d) => d !== undefined)) {
    refuse('detectors', 'detectors other than the default photon-number resolving ones');
  }
}

/**
 * Perceval's `convert_polarized_state`: the spatial input on 2m modes and the preparation unitary (block-diagonal,
 * one 2×2 block per polarized mode, whose first column is the first polarization met and second the other one, or
 * its orthogonal complement). Unannotated photons are horizontal.
 * @throws ValidationError (field `input`) when a mode holds two non-orthogonal polarizations or more than two
 */
export function convertPolarizedState(state: BasicState): PolarizedProblem {
  const m = state.m;
  const occupations = new Uint8Array(2 * m);
  const preparation = ComplexMatrix.identity(2 * m);
  const byMode = new Map<number, (Polarization | undefined)[]>();
  for (const { mode, polarization } of state.photonPolarizations()) {
    const list = byMode.get(mode) ?? [];
    list.push(polarization);
    byMode.set(mode, list);
  }
  for (const [mode, polarizations] of byMode) {
    const vectors: [Complex, Complex][] = [];
    for (const polarization of polarizations) {
      const jones = (polarization ?? Polarization.H).jones();
      let index = vectors.findIndex((v) => close(v[0], jones[0]) && close(v[1], jones[1]));
      if (index < 0) {
        const first = vectors[0];
        const orthogonal =
          first === undefined ||
          Math.hypot(
            first[0].re * jones[0].re +
              first[0].im * jones[0].im +
              first[1].re * jones[1].re +
              first[1].im * jones[1].im,
            first[0].re * jones[0].im -
              first[0].im * jones[0].re +
              first[1].re * jones[1].im -
              first[1].im * jones[1].re,
          ) < JONES_TOLERANCE;
        if (vectors.length === 2 || !orthogonal) {
          throw new ValidationError(
            `Mode ${mode} holds photons of non-orthogonal (or more than two) polarizations, which a Fock state cannot ` +
              'describe: give each mode at most two orthogonal polarizations',
            { field: 'input' },
          );
        }
        index = vectors.length;
        vectors.push(jones);
      }
      occupations[2 * mode + index]!++;
    }
    const [[eh1, ev1], second] = [vectors[0]!, vectors[1]];
    // Without a second polarization the block is completed by the orthogonal vector (−conj(ev1), conj(eh1)).
    const [eh2, ev2] = second ?? [{ re: -ev1.re, im: ev1.im }, conj(eh1)];
    preparation.set(2 * mode, 2 * mode, eh1).set(2 * mode, 2 * mode + 1, eh2);
    preparation.set(2 * mode + 1, 2 * mode, ev1).set(2 * mode + 1, 2 * mode + 1, ev2);
  }
  return { unitary: preparation, occupations };
}

/**
 * The request elements and real-mode input of `circuit` with `input` (all m modes, herald photons included) on 2m
 * real modes (H, V): the circuit unrolled over its time delays, if any, each step's input prepared into the (H, V)
 * basis, loss channels on both polarizations; the earlier time steps and delay lines are hidden modes.
 */
export function polarizedElements(
  circuit: Circuit,
  input: BasicState,
): { elements: NativeElement[]; occupations: Uint8Array } {
  const { unitary: preparation, occupations } = convertPolarizedState(input);
  const elements = unrolledElements(circuit, { width: 2, occupations, preparation });
  return { elements, occupations };
}

/** The spatial occupations of a 2m-mode state: the H and V counts of every mode added. */
function merged(occupations: ArrayLike<number>): number[] {
  const out = new Array<number>(occupations.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = occupations[2 * k]! + occupations[2 * k + 1]!;
  return out;
}

/**
 * A 2m-mode distribution as the one a detector blind to polarization sees, on the spatial `modes` kept (every
 * mode, or those without an output herald: {@link Experiment.outputModes}).
 */
export function mergeDistribution(distribution: BSDistribution, modes: readonly number[]): BSDistribution {
  const out = new BSDistribution();
  distribution.forEachOccupation((occupations, p) => {
    if (p > 0) out.add(new BasicState(kept(merged(occupations), modes)), p);
  });
  return out;
}

/** 2m-mode samples as samples of the spatial `modes` kept, in the same order. */
export function mergeSamples(samples: BSSamples, modes: readonly number[]): BSSamples {
  const m2 = samples.m ?? 0;
  const flat = samples.toFlat();
  const out = new Uint8Array((flat.length / m2) * modes.length);
  for (let i = 0, j = 0; i < flat.length; i += m2) {
    for (const mode of modes) out[j++] = flat[i + 2 * mode]! + flat[i + 2 * mode + 1]!;
  }
  return BSSamples.fromFlat(modes.length, out, samples.length);
}

/** The occupations of the kept modes. */
function kept(occupations: number[], modes: readonly number[]): number[] {
  return modes.length === occupations.length ? occupations : modes.map((mode) => occupations[mode]!);
}

/**
 * A 2m-mode state vector with each photon annotated `{P:H}` (even mode) or `{P:V}` (odd mode), on the spatial
 * `modes` kept (the photons of the others, heralded, are dropped).
 */
export function annotateStateVector(vector: StateVector, modes: readonly number[]): StateVector {
  const position = new Map(modes.map((mode, i) => [mode, i]));
  const terms: [BasicState, Complex][] = [];
  for (const [state, amplitude] of vector.unnormalizedEntries()) {
    const photons: { mode: number; polarization: Polarization }[] = [];
    state.toArray().forEach((count, mode) => {
      const polarization = mode % 2 === 0 ? Polarization.H : Polarization.V;
      const spatial = position.get(mode >> 1);
      if (spatial === undefined) return;
      for (let k = 0; k < count; k++) photons.push({ mode: spatial, polarization });
    });
    terms.push([BasicState.fromPhotons(modes.length, photons), amplitude]);
  }
  return new StateVector(terms);
}

/**
 * An m-mode output as the 2m-mode basis state it means: `{P:H}` (or unannotated) photons on the H mode, `{P:V}` on
 * the V mode.
 * @throws ValidationError (field `output`) for another polarization, which is no basis state, or an output that
 *   does not list all `m` modes (heralded ones included: their photons' polarization is part of the output)
 */
export function spatialOutput(output: BasicState, m: number): Uint8Array {
  if (output.m !== m) {
    throw new ValidationError(
      `A polarized output lists all ${m} modes, heralded ones included (got ${output.m})`,
      { field: 'output' },
    );
  }
  const out = new Uint8Array(2 * output.m);
  for (const { mode, polarization } of output.photonPolarizations()) {
    if (polarization === undefined || polarization.equals(Polarization.H)) out[2 * mode]!++;
    else if (polarization.equals(Polarization.V)) out[2 * mode + 1]!++;
    else {
      throw new ValidationError(
        `An output amplitude needs photons polarized H or V (the basis), got ${polarization.toString()}`,
        { field: 'output' },
      );
    }
  }
  return out;
}

/** A post-selection on spatial modes as one on the 2m polarization modes: mode k counts the photons of 2k and 2k+1. */
function onPolarizationModes(node: NativePostSelect): NativePostSelect {
  switch (node.kind) {
    case 'condition':
      return { ...node, modes: node.modes.flatMap((mode) => [2 * mode, 2 * mode + 1]) };
    case 'true':
      return node;
    default:
      return { kind: node.kind, children: node.children.map(onPolarizationModes) };
  }
}

/**
 * What the engine selects on the 2m modes: every output herald (its H and V modes together hold the expected
 * count) and the post-selection, on the merged counts; null when nothing is selected.
 */
function spatialSelection(experiment: Experiment): NativePostSelect | null {
  const conditions: NativePostSelect[] = [...experiment.outputHeralds()].map(([mode, expected]) => ({
    kind: 'condition',
    modes: [2 * mode, 2 * mode + 1],
    op: '==',
    value: expected,
  }));
  const postSelection = experiment.postSelection;
  if (postSelection !== undefined) {
    conditions.push(onPolarizationModes(encodePostSelect(postSelection.root, 'postSelection')));
  }
  if (conditions.length === 0) return null;
  return conditions.length === 1 ? conditions[0]! : { kind: 'and', children: conditions };
}

/**
 * The native request of a polarized experiment (sweep parameters applied): its 2m-mode spatial problem through a
 * perfect source ({@link polarizedElements}), input herald photons included (horizontal), with the heralds and the
 * post-selection as a selection on the merged counts and the min-detected-photons filter as the unpolarized request
 * has it (inferred when unset, unless `options.inferMinDetectedPhotons` is false); results come back on 2m modes
 * (see {@link mergeDistribution}).
 * @throws ValidationError naming the field for what the polarization simulation does not support
 */
export function encodePolarizedRequest(experiment: Experiment, options: EncodeOptions): NativeRequest {
  experiment.checkRunnable();
  checkPolarizable(experiment);
  const input = experiment.fullInputState() as BasicState;
  // The filter counts the non-heralded photons; the engine, without heralds of its own, counts every mode.
  const heraldPhotons = [...experiment.outputHeralds().values()].reduce((sum, k) => sum + k, 0);
  const { elements, occupations } = experiment.withCircuitParameters((circuit) =>
    polarizedElements(circuit, input),
  );
  const filter =
    options.inferMinDetectedPhotons === false && experiment.minDetectedPhotons === undefined
      ? null
      : experiment.effectiveMinDetectedPhotons();
  const m = 2 * experiment.m;
  return {
    backend: options.backend,
    ...(options.backend === 'NaiveApprox' && options.gurvitsIterations !== undefined
      ? { gurvitsIterations: options.gurvitsIterations }
      : {}),
    ...(options.backend === 'MPS' && options.cutoff !== undefined ? { cutoff: options.cutoff } : {}),
    m,
    elements,
    input: { kind: 'source', occupations, noise: { ...PERFECT_SOURCE } },
    heralds: [],
    keepHeralds: true,
    postSelect: spatialSelection(experiment),
    detectors: [],
    thresholdedOutput: false,
    minDetectedPhotons: filter === null ? null : filter + heraldPhotons,
    precision: options.precision ?? null,
    memoryLimitBytes: options.memoryLimitBytes ?? null,
    threads: options.threads ?? 0,
    seed: options.seed,
  };
}
