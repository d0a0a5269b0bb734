import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { BS } from './beam-splitter.js';
import { Circuit } from './circuit.js';
import { ComplexMatrix } from './complex-matrix.js';
import { PS } from './phase-shifter.js';
import { PR } from './polarization-rotator.js';
import { PBS } from './polarizing-beam-splitter.js';
import { TD } from './time-delay.js';
import { HWP, QWP, WP } from './wave-plate.js';

const close = (a: ComplexMatrix, b: ComplexMatrix): void => {
  expect(a.equals(b, 1e-12), `${a.toString()}\n≠\n${b.toString()}`).toBe(true);
};

describe('components acting on polarization (Perceval values)', () => {
  it('HWP(π/4) swaps H and V with a factor i', () => {
    close(
      new HWP(Math.PI / 4).computeUnitary(),
      ComplexMatrix.fromRows([
        [0, { re: 0, im: 1 }],
        [{ re: 0, im: 1 }, 0],
      ]),
    );
  });

  it('WP(δ, ξ) is Perceval formula; QWP is WP(π/4, ξ) and HWP WP(π/2, ξ)', () => {
    const [delta, xsi] = [0.7, 0.3];
    const [c, s, c2, s2] = [Math.cos(delta), Math.sin(delta), Math.cos(2 * xsi), Math.sin(2 * xsi)];
    close(
      new WP(delta, xsi).computeUnitary(),
      ComplexMatrix.fromRows([
        [
          { re: c, im: s * c2 },
          { re: 0, im: s * s2 },
        ],
        [
          { re: 0, im: s * s2 },
          { re: c, im: -s * c2 },
        ],
      ]),
    );
    close(new QWP(xsi).computeUnitary(), new WP(Math.PI / 4, xsi).computeUnitary());
    close(new HWP(xsi).computeUnitary(), new WP(Math.PI / 2, xsi).computeUnitary());
    expect(new HWP(0.5).describe()).toBe('HWP(xsi=0.5)');
  });

  it('PR(δ) rotates linear polarization; PBS crosses H and keeps V', () => {
    close(
      new PR(Math.PI / 4).computeUnitary(),
      ComplexMatrix.fromRows([
        [Math.SQRT1_2, Math.SQRT1_2],
        [-Math.SQRT1_2, Math.SQRT1_2],
      ]),
    );
    const pbs = new PBS().computeUnitary();
    expect(pbs.rows).toBe(4);
    expect(pbs.get(2, 0).re).toBe(1);
    expect(pbs.get(1, 1).re).toBe(1);
  });

  it('a polarized circuit doubles every other component: BS.H acts alike on H and V (test_polar_nmode)', () => {
    const u = BS.H().computeUnitary();
    const pu = BS.H().computeUnitary({ polarization: true });
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 2; c++) {
        expect(pu.get(2 * r, 2 * c).re).toBe(u.get(r, c).re);
        expect(pu.get(2 * r + 1, 2 * c + 1).re).toBe(u.get(r, c).re);
        expect(Math.abs(pu.get(2 * r, 2 * c + 1).re)).toBe(0);
      }
    }
  });

  it('a circuit with a wave plate is polarized by default (test_polar_circuit2)', () => {
    expect(new Circuit(2).add(0, new PS(Math.PI / 2)).requiresPolarization).toBe(false);
    const c = new Circuit(2).add(0, BS.H()).add(1, new WP(Math.PI / 4, Math.PI / 2));
    expect(c.requiresPolarization).toBe(true);
    const u = c.computeUnitary();
    expect(u.rows).toBe(4);
    expect(u.get(0, 0).re).toBeCloseTo(Math.SQRT1_2, 15);
    expect(u.get(2, 0).re).toBeCloseTo(0.5, 15);
    expect(u.get(2, 0).im).toBeCloseTo(-0.5, 15);
    expect(() => c.computeUnitary({ polarization: false })).toThrowError(ValidationError);
    // Nested circuits carry it too (test_subcircuit_polarization).
    const a = new Circuit(2).add(0, new PBS()).add(0, new PBS());
    expect(new Circuit(2).add(0, BS.H()).add(0, a).requiresPolarization).toBe(true);
  });
});

describe('TD', () => {
  it('is a non-unitary component of one mode with a delay in periods', () => {
    const td = new TD(2);
    expect(td.t).toBe(2);
    expect(td.isUnitary).toBe(false);
    expect(() => td.computeUnitary()).toThrowError(/time delay/);
    expect(() => new TD(-1)).toThrowError(ValidationError);
    expect(td.describe()).toBe('TD(t=2)');
  });
});
