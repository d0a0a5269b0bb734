import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../errors/index.js';
import { BS } from '../beam-splitter.js';
import { Circuit } from '../circuit.js';
import { ComplexMatrix } from '../complex-matrix.js';
import { PS } from '../phase-shifter.js';
import { GenericInterferometer } from './generic-interferometer.js';

describe('GenericInterferometer layout (Perceval generic_interferometer.py)', () => {
  it('a rectangle of m modes has m(m−1)/2 cells in alternating columns (m of them for an odd m)', () => {
    const mesh = new GenericInterferometer(5);
    expect(mesh.cellModes).toEqual([0, 2, 1, 3, 0, 2, 1, 3, 0, 2]);
    expect(mesh.mziDepths).toEqual([3, 5, 5, 5, 2]); // cells crossed by each mode
    expect(mesh.getParameters()).toHaveLength(20); // phi_i and theta_i of 10 cells
  });

  it('a triangle grows diagonals from the top: the bottom mode crosses a single cell', () => {
    const mesh = new GenericInterferometer(4, { shape: 'triangle' });
    expect(mesh.cellModes).toEqual([0, 1, 0, 2, 1, 0]);
    expect(mesh.mziDepths).toEqual([3, 5, 3, 1]);
  });

  it('a depth limit stops adding cells to modes that reached it', () => {
    const mesh = new GenericInterferometer(4, { depth: 2 });
    expect(mesh.mziDepths.every((d) => d <= 2)).toBe(true);
    expect(mesh.cellModes).toEqual([0, 2, 1]);
  });

  it('takes Perceval-style generators for the cell and the phase layer, before the mesh by default', () => {
    const mesh = new GenericInterferometer(3, {
      cell: () => BS.H(),
      phaseShifter: (mode) => new PS(mode * 0.1),
    });
    expect(mesh.hasInputPhaseLayer).toBe(true);
    const first = mesh.flatten()[0]!;
    expect(first.component).toBeInstanceOf(PS);
    expect(mesh.flatten()).toHaveLength(3 + 3);
  });

  it('refuses cells that are not two-mode components, and bad shapes or depths', () => {
    expect(() => new GenericInterferometer(3, { cell: () => new PS(0) })).toThrow(ValidationError);
    expect(() => new GenericInterferometer(3, { shape: 'hexagon' as never })).toThrow(
      /Unknown interferometer shape/,
    );
    expect(() => new GenericInterferometer(3, { depth: 0 })).toThrow(/depth/);
  });
});

describe('GenericInterferometer.fromUnitary: Reck and Clements decompositions', () => {
  for (const shape of ['triangle', 'rectangle'] as const) {
    it(`${shape}: round-trips Haar-random unitaries of 1 to 20 modes to 1e-10`, () => {
      for (const m of [1, 2, 3, 4, 5, 8, 13, 20]) {
        const target = ComplexMatrix.randomUnitary(m, 1000 + m);
        const mesh = GenericInterferometer.fromUnitary(target, { shape });
        expect(mesh.shape).toBe(shape);
        expect(mesh.cellModes).toHaveLength((m * (m - 1)) / 2);
        expect(mesh.computeUnitary().equals(target, 1e-10)).toBe(true);
      }
    });

    it(`${shape}: round-trips matrices with exact zeros (permutations, a Hadamard pair, the identity)`, () => {
      const matrices = [
        ComplexMatrix.identity(4),
        new Circuit(4).add(0, BS.H()).add(2, BS.H()).computeUnitary(),
        ComplexMatrix.fromRows([
          [0, 0, 1],
          [1, 0, 0],
          [0, 1, 0],
        ]),
      ];
      for (const target of matrices) {
        expect(
          GenericInterferometer.fromUnitary(target, { shape }).computeUnitary().equals(target, 1e-10),
        ).toBe(true);
      }
    });
  }

  it('refuses a matrix that is not unitary', () => {
    const notUnitary = ComplexMatrix.fromRows([
      [1, 1],
      [0, 1],
    ]);
    expect(() => GenericInterferometer.fromUnitary(notUnitary)).toThrow(/not unitary/);
  });

  it('leaves the programmed values on named parameters, which can be changed afterwards', () => {
    const mesh = GenericInterferometer.fromUnitary(ComplexMatrix.randomUnitary(3, 7));
    expect(mesh.getParameter('theta_0').isDefined).toBe(true);
    mesh.setIdentityMode();
    expect(mesh.getParameter('phi_out_2').value).toBeCloseTo(Math.PI);
  });
});
