/**
 * Perceval's delay simulation (`DelaySimulator`): a circuit with time delays `TD(t)` is unrolled over `depth` time
 * steps, one copy of its m modes per step, plus one delay-line mode per period of delay. Each step receives a fresh
 * copy of the input; a delay swaps the photon of its mode into its delay line, and the next step swaps it back out.
 * The results are those of the last step's modes, every other mode traced out.
 *
 * For the engine the last step's modes are the real modes (heralds, post-selection, detectors and the photon filter
 * apply to them, as in Perceval) and every other mode is a hidden mode entering with its step's input photons.
 */
import {
  Barrier,
  type BasicState,
  type Circuit,
  ComplexMatrix,
  type Component,
  LC,
  PERM,
  TD,
  ValidationError,
} from '@bosonic/core';
import type { NativeElement } from './native/request.js';

/** True when the circuit holds a time delay. */
export function hasTimeDelays(circuit: Circuit): boolean {
  return circuit.flatten().some(({ component }) => component instanceof TD);
}

/** One step of the unrolled circuit: a component on absolute modes, or the swap of a delay line. */
interface Placed {
  firstMode: number;
  component: Component;
}

/** The whole number of periods of a delay. */
function periods(td: TD): number {
  const t = td.t;
  if (!Number.isInteger(t)) {
    throw new ValidationError(`A time delay must be a whole number of periods, got TD(${t})`, { field: 't' });
  }
  return t;
}

/**
 * Perceval's `_compute_depth`: the time steps needed for every photon that can reach the last step's outputs. Modes
 * coupled by a component share their delays; a delay on a mode coupled to others starts a new stretch.
 */
function depthOf(leaves: readonly Placed[], m: number): number {
  let depth = 1;
  const count = new Array<number>(m).fill(0);
  const coupled = Array.from({ length: m }, (_, i) => new Set([i]));
  for (const { firstMode, component } of leaves) {
    if (component instanceof TD) {
      const r = firstMode;
      if (coupled[r]!.size !== 1) {
        const current = Math.max(...[...coupled[r]!].map((i) => count[i]!));
        depth += current;
        for (const mode of [...coupled[r]!]) coupled[mode] = new Set([mode]);
        for (let i = 0; i < m; i++) count[i] = Math.max(0, count[i]! - current);
      }
      count[r]! += periods(component);
    } else if (component.m > 1) {
      const modes = Array.from({ length: component.m }, (_, k) => firstMode + k);
      for (const mode of modes) for (const other of modes) coupled[mode]!.add(other);
    }
  }
  return depth + Math.max(...count);
}

/** PERM swapping the first and last of `size` consecutive modes. */
function swapEnds(size: number): PERM {
  return new PERM([size - 1, ...Array.from({ length: size - 2 }, (_, i) => i + 1), 0]);
}

/** The unrolled circuit (Perceval's `_expand_td`): its steps on `depth · m + delays` modes. */
export function unroll(circuit: Circuit): { depth: number; modes: number; steps: Placed[] } {
  const m = circuit.m;
  const leaves = circuit.flatten().filter(({ component }) => !(component instanceof Barrier));
  type Stretch = { delay: false; steps: Placed[] } | { delay: true };
  const stretches: Stretch[] = [];
  let current: Placed[] = [];
  let delays = 0;
  for (const leaf of leaves) {
    if (!(leaf.component instanceof TD)) {
      current.push(leaf);
      continue;
    }
    const t = periods(leaf.component);
    delays += t;
    const r0 = leaf.firstMode;
    // A delay on another mode than the last is moved there and back by a swap.
    const swap = r0 === m - 1 ? undefined : { firstMode: r0, component: swapEnds(m - r0) };
    if (swap !== undefined) current.push(swap);
    for (let k = 0; k < t; k++) {
      stretches.push({ delay: false, steps: current }, { delay: true });
      current = [];
    }
    if (swap !== undefined) current.push(swap);
  }
  stretches.push({ delay: false, steps: current });
  const depth = depthOf(leaves, m);
  const modes = depth * m + delays;
  const steps: Placed[] = [];
  for (let d = 0; d < depth; d++) {
    let line = 0;
    for (const stretch of stretches) {
      if (!stretch.delay) {
        for (const { firstMode, component } of stretch.steps)
          steps.push({ firstMode: firstMode + d * m, component });
        continue;
      }
      // The last mode of step d swaps with its delay line (the lines fill the last modes, from the end).
      const r0 = (d + 1) * m - 1;
      steps.push({ firstMode: r0, component: swapEnds(modes - line - r0) });
      line++;
    }
  }
  return { depth, modes, steps };
}

/**
 * How the engine sees each spatial mode of the unrolled circuit: as one mode, or (polarization) as `width` modes
 * (H, V) that every polarization-blind component and loss channel acts on alike.
 */
export interface UnrolledLayout {
  /** Engine modes per spatial mode: 1, or 2 for the polarization simulation. */
  width: 1 | 2;
  /** One time step's input on its `width · m` engine modes (herald photons included). */
  occupations: ArrayLike<number>;
  /** A `width · m` square unitary each time step's input goes through first (the polarization's preparation). */
  preparation?: ComplexMatrix;
  /**
   * The unitary of a component on its `width` engine modes per spatial mode (polarized when `width` is 2), the same
   * in every time step; default: the component's own.
   */
  unitaryOf?: (component: Component, polarization: boolean) => ComplexMatrix;
}

/**
 * The request elements of `circuit` unrolled over time ({@link unroll}; a circuit without delays is its own single
 * step) on `layout.width` engine modes per spatial mode: the hidden modes with their photons, then unitary blocks
 * and loss channels (each on every engine mode of its spatial mode) on the unrolled modes, renumbered so that the
 * last step's modes come first.
 */
export function unrolledElements(circuit: Circuit, layout: UnrolledLayout): NativeElement[] {
  const m = circuit.m;
  const { width, occupations, preparation } = layout;
  const unitaryOf =
    layout.unitaryOf ??
    ((component: Component, polarization: boolean) => component.computeUnitary({ polarization }));
  const { depth, modes, steps } = unroll(circuit);
  const last = (depth - 1) * m;
  // Unrolled mode → request mode: the last step first, then the earlier steps, then the delay lines.
  const renumber = (mode: number): number => (mode < last ? mode + m : mode < last + m ? mode - last : mode);
  const size = width * modes;
  const engineMode = (mode: number, copy: number): number => width * renumber(mode) + copy;
  // Unrolled engine mode (width · mode + copy) → request engine mode.
  const target = Int32Array.from({ length: size }, (_, e) => engineMode(Math.floor(e / width), e % width));
  const elements: NativeElement[] = [];
  for (let mode = m; mode < modes; mode++) {
    for (let copy = 0; copy < width; copy++) {
      const photons = mode < depth * m ? occupations[width * (mode % m) + copy]! : 0;
      elements.push({ kind: 'hidden', photons });
    }
  }
  let block: ComplexMatrix | undefined;
  if (preparation !== undefined) {
    block = ComplexMatrix.identity(size);
    for (let d = 0; d < depth; d++) block.setBlock(width * d * m, width * d * m, preparation);
  }
  const flush = (): void => {
    if (block === undefined) return;
    const renumbered = ComplexMatrix.zeros(size, size);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) renumbered.set(target[r]!, target[c]!, block.get(r, c));
    }
    elements.push({ kind: 'unitary', firstMode: 0, size, matrix: renumbered.data });
    block = undefined;
  };
  for (const { firstMode, component } of steps) {
    if (component instanceof LC) {
      flush();
      for (let copy = 0; copy < width; copy++) {
        elements.push({ kind: 'loss', mode: engineMode(firstMode, copy), loss: component.loss });
      }
      continue;
    }
    block ??= ComplexMatrix.identity(size);
    block.leftMultiplyBlock(unitaryOf(component, width === 2), width * firstMode);
  }
  flush();
  return elements;
}

/**
 * The request elements of a circuit with time delays for `input` (all m modes, herald photons included), one
 * engine mode per spatial mode ({@link unrolledElements}), with the run's component unitaries (phase noise).
 */
export function delayedElements(
  circuit: Circuit,
  input: BasicState,
  unitaryOf?: (component: Component) => ComplexMatrix,
): NativeElement[] {
  return unrolledElements(circuit, {
    width: 1,
    occupations: input.toArray(),
    ...(unitaryOf === undefined ? {} : { unitaryOf }),
  });
}
