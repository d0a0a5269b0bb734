import { ValidationError } from '../../../errors/index.js';
import { checkPositiveInteger } from '../../integer-checks.js';
import { BS } from '../beam-splitter.js';
import { Circuit } from '../circuit.js';
import type { ComplexMatrix } from '../complex-matrix.js';
import type { Component } from '../component.js';
import { P } from '../parameter.js';
import { PS } from '../phase-shifter.js';
import { checkShape, type InterferometerShape } from './interferometer-shape.js';
import { decomposeUnitary } from './mesh-decomposition.js';

/** Builds the two-mode cell number `index` of a mesh (a component or a circuit on 2 modes). */
export type CellGenerator = (index: number) => Circuit | Component;

/** Builds the one-mode phase shifter of `mode` in a phase layer. */
export type PhaseShifterGenerator = (mode: number) => Circuit | Component;

/** Options of a {@link GenericInterferometer}. */
export interface GenericInterferometerOptions {
  /** The two-mode cell; default {@link GenericInterferometer.defaultCell} (`PS(phi_i)` on the top mode, then `BS.Rx(theta_i)`). */
  cell?: CellGenerator;
  /** Layout; default `'rectangle'`. */
  shape?: InterferometerShape;
  /**
   * Maximal number of cells crossed by any mode; default m for a rectangle (a full Clements mesh) and unlimited
   * for a triangle (a full Reck mesh).
   */
  depth?: number;
  /** A phase layer, one phase shifter per mode; none by default. */
  phaseShifter?: PhaseShifterGenerator;
  /** Puts the phase layer after the mesh (true) or before it (false, the default, as Perceval). */
  phaseAtOutput?: boolean;
}

/** Options of {@link GenericInterferometer.fromUnitary}. */
export interface FromUnitaryOptions {
  /** `'rectangle'` (Clements, the default) or `'triangle'` (Reck). */
  shape?: InterferometerShape;
}

/**
 * Perceval's `GenericInterferometer`: an m-mode mesh of two-mode cells in a rectangular (Clements) or triangular
 * (Reck) layout, with an optional phase layer. With the default cell, {@link GenericInterferometer.fromUnitary}
 * programs the mesh to implement any unitary.
 *
 * @example
 * ```ts
 * const u = ComplexMatrix.randomUnitary(6, 42);
 * const mesh = GenericInterferometer.fromUnitary(u, { shape: 'triangle' });
 * mesh.computeUnitary().equals(u, 1e-10); // true
 * ```
 */
export class GenericInterferometer extends Circuit {
  /** The layout. */
  readonly shape: InterferometerShape;
  /** The number of cells each mode crosses. */
  readonly mziDepths: readonly number[];
  /** The upper mode of each cell, in the order the cells were added (cell index order). */
  readonly cellModes: readonly number[];
  /** Whether the mesh has a phase layer before it / after it. */
  readonly hasInputPhaseLayer: boolean;
  readonly hasOutputPhaseLayer: boolean;

  /**
   * @throws ValidationError for a bad mode count, shape or depth, or a generator returning something that is not
   *   a 2-mode cell (a 1-mode phase shifter).
   */
  constructor(m: number, options: GenericInterferometerOptions = {}) {
    super(m, { name: 'Interferometer' });
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('GenericInterferometer options must be an object', { field: 'options' });
    }
    this.shape = checkShape(options.shape ?? 'rectangle');
    const depth = options.depth;
    if (depth !== undefined) checkPositiveInteger(depth, 'depth');
    const cell = options.cell ?? GenericInterferometer.defaultCell;
    if (typeof cell !== 'function') throw new ValidationError('cell must be a function', { field: 'cell' });
    const phaseShifter = options.phaseShifter;
    if (phaseShifter !== undefined && typeof phaseShifter !== 'function') {
      throw new ValidationError('phaseShifter must be a function', { field: 'phaseShifter' });
    }
    const atOutput = options.phaseAtOutput ?? false;
    this.hasInputPhaseLayer = phaseShifter !== undefined && !atOutput;
    this.hasOutputPhaseLayer = phaseShifter !== undefined && atOutput;
    if (this.hasInputPhaseLayer) this.#addPhaseLayer(phaseShifter!);
    const depths = new Array<number>(m).fill(0);
    const modes: number[] = [];
    const place = (mode: number): void => {
      if (depth !== undefined && (depths[mode] === depth || depths[mode + 1] === depth)) return;
      const built = cell(modes.length);
      if (built?.m !== 2) {
        throw new ValidationError(
          `The cell generator must return a 2-mode component or circuit (cell ${modes.length})`,
          {
            field: 'cell',
          },
        );
      }
      this.add(mode, built, { merge: true });
      depths[mode]! += 1;
      depths[mode + 1]! += 1;
      modes.push(mode);
    };
    if (this.shape === 'rectangle') {
      const columns = depth ?? m;
      for (let column = 0; column < columns; column++) {
        for (let mode = column % 2; mode < m - 1; mode += 2) place(mode);
      }
    } else {
      for (let diagonal = 1; diagonal < m; diagonal++) {
        for (let mode = diagonal - 1; mode >= 0; mode--) place(mode);
      }
    }
    this.mziDepths = Object.freeze(depths);
    this.cellModes = Object.freeze(modes);
    if (this.hasOutputPhaseLayer) this.#addPhaseLayer(phaseShifter!);
  }

  /** The default cell `i`: `PS(P('phi_i'))` on the top mode, then `BS.Rx(theta=P('theta_i'))`. */
  static defaultCell(index: number): Circuit {
    return new Circuit(2, { name: 'cell' })
      .add(0, new PS(P(`phi_${index}`)))
      .add(0, new BS({ theta: P(`theta_${index}`) }));
  }

  /**
   * The mesh of default cells, with an output phase layer (`phi_out_k`), programmed to implement `unitary`:
   * Reck's decomposition for a triangle, Clements' for a rectangle. Its `computeUnitary()` gives the unitary back
   * to rounding error (≈1e-13 at 20 modes).
   * @throws ValidationError for a matrix that is not square and unitary, or an unknown shape.
   */
  static fromUnitary(unitary: ComplexMatrix, options: FromUnitaryOptions = {}): GenericInterferometer {
    const shape = checkShape(options.shape ?? 'rectangle');
    const { cells, phases } = decomposeUnitary(unitary, shape);
    const mesh = new GenericInterferometer(unitary.rows, {
      shape,
      phaseShifter: (mode) => new PS(P(`phi_out_${mode}`)),
      phaseAtOutput: true,
    });
    // Cells on one mode pair keep their order in both the decomposition and the mesh, so the k-th computed cell on
    // a pair goes into the k-th cell of the mesh on that pair.
    const queues = new Map<number, { theta: number; phi: number }[]>();
    for (const { mode, theta, phi } of cells) {
      const queue = queues.get(mode) ?? [];
      queue.push({ theta, phi });
      queues.set(mode, queue);
    }
    const values: Record<string, number> = {};
    mesh.cellModes.forEach((mode, index) => {
      const next = queues.get(mode)?.shift() ?? { theta: 0, phi: 0 };
      values[`theta_${index}`] = next.theta;
      values[`phi_${index}`] = next.phi;
    });
    phases.forEach((phase, mode) => {
      values[`phi_out_${mode}`] = phase;
    });
    mesh.setParameters(values);
    return mesh;
  }

  /** Sets every parameter to π (Perceval's `set_identity_mode`; with MZI cells, photons stay on their mode). */
  setIdentityMode(): this {
    for (const parameter of this.getParameters()) parameter.setValue(Math.PI);
    return this;
  }

  #addPhaseLayer(phaseShifter: PhaseShifterGenerator): void {
    for (let mode = 0; mode < this.m; mode++) {
      const built = phaseShifter(mode);
      if (built?.m !== 1) {
        throw new ValidationError(
          `The phase-shifter generator must return a 1-mode component (mode ${mode})`,
          {
            field: 'phaseShifter',
          },
        );
      }
      this.add(mode, built, { merge: true });
    }
  }
}
