/**
 * Perceval's polarization simulation (`PolarizationSimulator`): each spatial mode k becomes two modes, 2k for H and
 * 2k+1 for V, and the circuit its 2m×2m polarized unitary (components that ignore polarization act alike on both).
 * Each input mode holds photons of at most two orthogonal polarizations; a per-mode preparation unitary turns the
 * basis (H, V) into them, so the spatial input is a plain Fock state on 2m modes. Results merge the two
 * polarization modes of every spatial mode (probabilities of equal merged states add); output state vectors keep
 * them as `{P:H}` / `{P:V}` annotations.
 */
import {
  BasicState,
  BSDistribution,
  BSSamples,
  type Circuit,
  type Complex,
  ComplexMatrix,
  type Experiment,
  LC,
  Polarization,
  StateVector,
  TD,
  ValidationError,
} from '@bosonic/core';
import type { EncodeOptions } from './native/encode.js';
import { type NativeRequest, PERFECT_SOURCE } from './native/request.js';

/** True when `experiment` needs the polarization simulation: its circuit acts on polarization, or its input is polarized. */
export function needsPolarization(experiment: Experiment): boolean {
  const input = experiment.input;
  return (
    experiment.circuit?.requiresPolarization === true || (input instanceof BasicState && input.isPolarized)
  );
}

/** What the engine simulates for a polarized experiment: a plain circuit and Fock state on 2m modes. */
export interface PolarizedProblem {
  /** The 2m×2m unitary: the circuit's polarized unitary times the input's preparation. */
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
 * a Fock-state input through a perfect source, no loss channel or time delay, no herald, post-selection or detector.
 */
export function checkPolarizable(experiment: Experiment): void {
  const refuse = (field: string, what: string): never => {
    throw new ValidationError(`The polarization simulation does not support ${what}`, { field });
  };
  if (!(experiment.input instanceof BasicState))
    refuse('input', 'superposed or mixed inputs: give a BasicState');
  if (experiment.noise !== undefined && !experiment.noise.isPerfectSource) refuse('noise', 'a noisy source');
  if (experiment.heralds.length > 0) refuse('heralds', 'heralds');
  if (experiment.postSelection !== undefined) refuse('postSelection', 'post-selection');
  if (experiment.isThresholded || experiment.detectors.some((d) => d !== undefined)) {
    refuse('detectors', 'detectors other than the default photon-number resolving ones');
  }
  const circuit = experiment.circuit;
  if (circuit?.flatten().some(({ component }) => component instanceof LC || component instanceof TD)) {
    refuse('circuit', 'loss channels (LC) or time delays (TD)');
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

/** The polarized problem of `circuit` with `input`: the circuit's 2m×2m unitary after the input's preparation. */
export function polarizedProblem(circuit: Circuit, input: BasicState): PolarizedProblem {
  const { unitary: preparation, occupations } = convertPolarizedState(input);
  return { unitary: circuit.computeUnitary({ polarization: true }).multiply(preparation), occupations };
}

/** The spatial occupations of a 2m-mode state: the H and V counts of every mode added. */
function merged(occupations: ArrayLike<number>): number[] {
  const out = new Array<number>(occupations.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = occupations[2 * k]! + occupations[2 * k + 1]!;
  return out;
}

/** A 2m-mode distribution as the m-mode one a detector blind to polarization sees. */
export function mergeDistribution(distribution: BSDistribution): BSDistribution {
  const out = new BSDistribution();
  distribution.forEachOccupation((occupations, p) => {
    if (p > 0) out.add(new BasicState(merged(occupations)), p);
  });
  return out;
}

/** 2m-mode samples as m-mode ones, in the same order. */
export function mergeSamples(samples: BSSamples): BSSamples {
  const m2 = samples.m ?? 0;
  const flat = samples.toFlat();
  const m = m2 / 2;
  const out = new Uint8Array(flat.length / 2);
  for (let i = 0, j = 0; i < flat.length; i += 2, j++) out[j] = flat[i]! + flat[i + 1]!;
  return BSSamples.fromFlat(m, out, samples.length);
}

/** A 2m-mode state vector with each photon annotated `{P:H}` (even mode) or `{P:V}` (odd mode), on m modes. */
export function annotateStateVector(vector: StateVector): StateVector {
  const terms: [BasicState, Complex][] = [];
  for (const [state, amplitude] of vector.unnormalizedEntries()) {
    const photons: { mode: number; polarization: Polarization }[] = [];
    state.toArray().forEach((count, mode) => {
      const polarization = mode % 2 === 0 ? Polarization.H : Polarization.V;
      for (let k = 0; k < count; k++) photons.push({ mode: mode >> 1, polarization });
    });
    terms.push([BasicState.fromPhotons(state.m / 2, photons), amplitude]);
  }
  return new StateVector(terms);
}

/**
 * An m-mode output as the 2m-mode basis state it means: `{P:H}` (or unannotated) photons on the H mode, `{P:V}` on
 * the V mode.
 * @throws ValidationError (field `output`) for another polarization, which is no basis state
 */
export function spatialOutput(output: BasicState): Uint8Array {
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

/**
 * The native request of a polarized experiment (sweep parameters applied): its 2m-mode spatial problem through a
 * perfect source; results come back on 2m modes (see {@link mergeDistribution}).
 * @throws ValidationError naming the field for what the polarization simulation does not support
 */
export function encodePolarizedRequest(experiment: Experiment, options: EncodeOptions): NativeRequest {
  experiment.checkRunnable();
  checkPolarizable(experiment);
  const input = experiment.input as BasicState;
  const { unitary, occupations } = experiment.withCircuitParameters((circuit) =>
    polarizedProblem(circuit, input),
  );
  const m = 2 * experiment.m;
  return {
    backend: options.backend,
    ...(options.backend === 'NaiveApprox' && options.gurvitsIterations !== undefined
      ? { gurvitsIterations: options.gurvitsIterations }
      : {}),
    ...(options.backend === 'MPS' && options.cutoff !== undefined ? { cutoff: options.cutoff } : {}),
    m,
    elements: [{ kind: 'unitary', firstMode: 0, size: m, matrix: unitary.data }],
    input: { kind: 'source', occupations, noise: { ...PERFECT_SOURCE } },
    heralds: [],
    keepHeralds: false,
    postSelect: null,
    detectors: [],
    thresholdedOutput: false,
    minDetectedPhotons: experiment.minDetectedPhotons ?? null,
    precision: options.precision ?? null,
    memoryLimitBytes: options.memoryLimitBytes ?? null,
    threads: options.threads ?? 0,
    seed: options.seed,
  };
}
