// The analytic Reck/Clements decomposition, rebuilt here from its documented formula (not through Circuit), so a
// wrong angle, phase or cell order shows as a matrix that differs from the unitary.
import { describe, expect, it } from 'vitest';
import { ComplexMatrix } from '../complex-matrix.js';
import { INTERFEROMETER_SHAPES } from './interferometer-shape.js';
import { decomposeUnitary, type MeshDecomposition } from './mesh-decomposition.js';

/** U = diag(e^{i·phases}) · T_last · … · T_first, T = [[e^{iφ}c, i·s], [i·e^{iφ}s, c]] on (mode, mode + 1). */
function rebuild({ cells, phases }: MeshDecomposition, m: number): ComplexMatrix {
  let u = ComplexMatrix.identity(m);
  for (const { mode, theta, phi } of cells) {
    const c = Math.cos(theta / 2);
    const s = Math.sin(theta / 2);
    const t = ComplexMatrix.identity(m);
    t.set(mode, mode, { re: c * Math.cos(phi), im: c * Math.sin(phi) });
    t.set(mode, mode + 1, { re: 0, im: s });
    t.set(mode + 1, mode, { re: -s * Math.sin(phi), im: s * Math.cos(phi) });
    t.set(mode + 1, mode + 1, { re: c, im: 0 });
    u = t.multiply(u);
  }
  const d = new ComplexMatrix(m, m);
  phases.forEach((p, mode) => {
    d.set(mode, mode, { re: Math.cos(p), im: Math.sin(p) });
  });
  return d.multiply(u);
}

describe('decomposeUnitary', () => {
  it.each(INTERFEROMETER_SHAPES.flatMap((shape) => [2, 5, 8].map((m) => [shape, m] as const)))(
    'rebuilds a Haar-random unitary from a %s mesh of %i modes to 1e-12, with m(m−1)/2 cells',
    (shape, m) => {
      const u = ComplexMatrix.randomUnitary(m, 100 + m);
      const mesh = decomposeUnitary(u, shape);
      expect(mesh.cells).toHaveLength((m * (m - 1)) / 2);
      expect(mesh.phases).toHaveLength(m);
      for (const cell of mesh.cells) {
        expect(cell.theta).toBeGreaterThanOrEqual(0);
        expect(cell.theta).toBeLessThanOrEqual(Math.PI);
        expect(Math.abs(cell.phi)).toBeLessThanOrEqual(Math.PI);
        expect(cell.mode).toBeLessThan(m - 1);
      }
      expect(rebuild(mesh, m).equals(u, 1e-12)).toBe(true);
    },
  );

  it('lays Clements cells in alternating columns and Reck cells in diagonals from the top', () => {
    const u = ComplexMatrix.randomUnitary(4, 3);
    expect(decomposeUnitary(u, 'triangle').cells.map((c) => c.mode)).not.toEqual(
      decomposeUnitary(u, 'rectangle').cells.map((c) => c.mode),
    );
  });

  it('refuses a matrix that is not square and unitary, naming the field', () => {
    const refusal = expect.objectContaining({ name: 'ValidationError', field: 'unitary' });
    expect(() => decomposeUnitary(new ComplexMatrix(2, 3), 'rectangle')).toThrow(refusal);
    expect(() => decomposeUnitary(ComplexMatrix.identity(3).scale(1.01), 'triangle')).toThrow(refusal);
  });
});
