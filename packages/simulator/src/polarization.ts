/**
 * Perceval's polarization simulation (`PolarizationSimulator`): each spatial mode k becomes two modes, 2k for H and
 * 2k+1 for V, and the circuit its 2m×2m polarized unitary (components that ignore polarization act alike on both).
 * Each input mode holds photons of at most two orthogonal polarizations; a per-mode preparation unitary turns the
 * basis (H, V) into them, so the spatial input is a plain Fock state on 2m modes. The engine runs such a request
 * (`polarized`) with a detector on each spatial mode that sees the photons of its H and V modes: detectors, heralds,
 * post-selection, the min-detected-photons filter and results are over the spatial modes, as in Perceval, where the
 * polarization layer post-selects its merged results (Perceval gives PNR results whatever the detectors; applying
 * them to the merged counts is what a detector blind to polarization reports). Output state vectors keep the two
 * polarizations as `{P:H}` / `{P:V}` annotations.
 *
 * Loss channels and time delays stack on it as Perceval's `SimulatorFactory` stacks its layers (loss outside delay
 * outside polarization): the circuit is unrolled over time first (`unrolledElements`), then each spatial mode of the
 * unrolled circuit is doubled, a loss channel acting alike on both polarizations of its mode (losses do not depend
 * on polarization) and every time step receiving the polarized input.
 */
import {
  BasicState,
  type Circuit,
  type Complex,
  ComplexMatrix,
  type Component,
  type Experiment,
  Polarization,
  StateVector,
  ValidationError,
} from '@bosonic/core';
import type { NativeBackendName } from './backend.js';
import type { NativeElement } from './native/request.js';
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
 * Checks what the polarization simulation supports and refuses the rest with a ValidationError naming the field: a
 * Fock-state input through a perfect source (Perceval's `PolarizationSimulator` takes only an annotated Fock state),
 * on a backend other than MPS (which simulates components on one or two neighbouring modes: with its H and V modes,
 * a beam splitter acts on four).
 */
export function checkPolarizable(experiment: Experiment, backend: NativeBackendName): void {
  const refuse = (field: string, what: string): never => {
    throw new ValidationError(`The polarization simulation does not support ${what}`, { field });
  };
  if (!(experiment.input instanceof BasicState))
    refuse('input', 'superposed or mixed inputs: give a BasicState');
  if (experiment.noise !== undefined && !experiment.noise.isPerfectSource) refuse('noise', 'a noisy source');
  if (backend === 'MPS') {
    refuse(
      'backend',
      'the MPS backend (its components act on one or two neighbouring modes; with polarization a beam splitter acts ' +
        'on four): use SLOS, Naive, CliffordClifford2017 or NaiveApprox',
    );
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
 * basis, loss channels on both polarizations; the earlier time steps and delay lines are hidden modes. `unitaryOf`
 * gives the run's polarized unitary of a component (phase noise); default: its own.
 */
export function polarizedElements(
  circuit: Circuit,
  input: BasicState,
  unitaryOf?: (component: Component, polarization: boolean) => ComplexMatrix,
): { elements: NativeElement[]; occupations: Uint8Array } {
  const { unitary: preparation, occupations } = convertPolarizedState(input);
  const elements = unrolledElements(circuit, {
    width: 2,
    occupations,
    preparation,
    ...(unitaryOf === undefined ? {} : { unitaryOf }),
  });
  return { elements, occupations };
}

/**
 * A state vector over H and V modes (2k, 2k+1 for spatial mode k, as the engine's polarized `evolve` returns it)
 * with each photon annotated `{P:H}` or `{P:V}` on its spatial mode.
 */
export function annotateStateVector(vector: StateVector): StateVector {
  const terms: [BasicState, Complex][] = [];
  let m = 0;
  for (const [state, amplitude] of vector.unnormalizedEntries()) {
    m = state.m / 2;
    const photons: { mode: number; polarization: Polarization }[] = [];
    state.toArray().forEach((count, mode) => {
      const polarization = mode % 2 === 0 ? Polarization.H : Polarization.V;
      for (let k = 0; k < count; k++) photons.push({ mode: mode >> 1, polarization });
    });
    terms.push([BasicState.fromPhotons(m, photons), amplitude]);
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
