import { describe, expect, it } from 'vitest';
import type { Complex } from '../complex.js';
import { BS, type BSConvention } from './beam-splitter.js';
import { ComplexMatrix } from './complex-matrix.js';
import { cmul, expectMatrixClose, expectValidationError, expi } from './expectations.js';
import { P } from './parameter.js';
import { rToTheta } from './reflectivity.js';

const r2 = Math.SQRT2 / 2;
const i = (im: number): Complex => ({ re: 0, im });

describe('BS anchors (Perceval tests/components/test_circuit.py)', () => {
  it('BS() is the 50:50 Rx splitter [[√2/2, √2 i/2], [√2 i/2, √2/2]]', () => {
    expectMatrixClose(new BS().computeUnitary(), [
      [r2, i(r2)],
      [i(r2), r2],
    ]);
  });

  it('BS(theta=rToTheta(1)) is the identity', () => {
    expectMatrixClose(new BS({ theta: rToTheta(1) }).computeUnitary(), [
      [1, 0],
      [0, 1],
    ]);
  });

  it('BS(theta=rToTheta(0)) is [[0, i], [i, 0]]', () => {
    expectMatrixClose(new BS({ theta: rToTheta(0) }).computeUnitary(), [
      [0, i(1)],
      [i(1), 0],
    ]);
  });

  it('BS.H(rToTheta(1/3))[0,0] is √(1/3)', () => {
    const u = BS.H({ theta: rToTheta(1 / 3) }).computeUnitary();
    expect(u.get(0, 0).re).toBeCloseTo(Math.sqrt(1 / 3), 14);
    expect(u.get(0, 0).im).toBe(0);
  });
});

describe('BS conventions and phases', () => {
  const theta = 1.1;
  const phases = { phiTl: 0.3, phiBl: 1.7, phiTr: 2.9, phiBr: 5.1 };
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  /** The unit templates of docs/conventions.md. */
  const templates: Record<BSConvention, Complex[][]> = {
    Rx: [
      [{ re: 1, im: 0 }, i(1)],
      [i(1), { re: 1, im: 0 }],
    ],
    Ry: [
      [
        { re: 1, im: 0 },
        { re: -1, im: 0 },
      ],
      [
        { re: 1, im: 0 },
        { re: 1, im: 0 },
      ],
    ],
    H: [
      [
        { re: 1, im: 0 },
        { re: 1, im: 0 },
      ],
      [
        { re: 1, im: 0 },
        { re: -1, im: 0 },
      ],
    ],
  };

  for (const convention of ['Rx', 'H', 'Ry'] as const) {
    const bs = new BS({ theta, ...phases, convention });
    const t = templates[convention];

    it(`${convention}: every element follows u_jk = t_jk · (c or s) · e^{i(phases)}`, () => {
      const { phiTl: tl, phiBl: bl, phiTr: tr, phiBr: br } = phases;
      const scale = (z: Complex, k: number): Complex => ({ re: z.re * k, im: z.im * k });
      expectMatrixClose(bs.computeUnitary(), [
        [cmul(scale(t[0]![0]!, c), expi(tl + tr)), cmul(scale(t[0]![1]!, s), expi(tr + bl))],
        [cmul(scale(t[1]![0]!, s), expi(tl + br)), cmul(scale(t[1]![1]!, c), expi(bl + br))],
      ]);
    });

    it(`${convention}: equals diag(e^{i·tr}, e^{i·br}) · T · diag(e^{i·tl}, e^{i·bl})`, () => {
      const T = ComplexMatrix.fromRows(
        t.map((row, j) =>
          row.map((z, k) => ({ re: z.re * (j === k ? c : s), im: z.im * (j === k ? c : s) })),
        ),
      );
      const out = ComplexMatrix.fromRows([
        [expi(phases.phiTr), 0],
        [0, expi(phases.phiBr)],
      ]);
      const inp = ComplexMatrix.fromRows([
        [expi(phases.phiTl), 0],
        [0, expi(phases.phiBl)],
      ]);
      expectMatrixClose(bs.computeUnitary(), out.multiply(T).multiply(inp), 1e-15);
      expect(bs.computeUnitary().isUnitary(1e-14)).toBe(true);
    });
  }

  it('each phase acts on its own side and mode', () => {
    // An input phase on the top mode multiplies column 0; an output phase on the bottom mode multiplies row 1.
    const plain = new BS({ theta }).computeUnitary();
    const tl = new BS({ theta, phiTl: 0.4 }).computeUnitary();
    const br = new BS({ theta, phiBr: 0.4 }).computeUnitary();
    const e = expi(0.4);
    expectMatrixClose(tl, [
      [cmul(plain.get(0, 0), e), plain.get(0, 1)],
      [cmul(plain.get(1, 0), e), plain.get(1, 1)],
    ]);
    expectMatrixClose(br, [
      [plain.get(0, 0), plain.get(0, 1)],
      [cmul(plain.get(1, 0), e), cmul(plain.get(1, 1), e)],
    ]);
  });

  it('names and conventions', () => {
    expect(new BS().convention).toBe('Rx');
    expect(new BS().name).toBe('BS.Rx');
    expect(BS.H().name).toBe('BS.H');
    expect(BS.Ry().convention).toBe('Ry');
    expect(BS.Rx({ theta: 1 }).convention).toBe('Rx');
    expect(new BS().m).toBe(2);
  });
});

describe('BS parameters', () => {
  it('has reflectivity cos²(θ/2)', () => {
    expect(new BS({ theta: rToTheta(0.2) }).reflectivity).toBeCloseTo(0.2, 14);
    expect(new BS().reflectivity).toBeCloseTo(0.5, 15);
  });

  it('wraps angles into theta ∈ [0, 4π] and phi ∈ [0, 2π] as Perceval does, and rejects non-numbers', () => {
    expect(new BS({ theta: -0.1 }).param('theta').value).toBeCloseTo(4 * Math.PI - 0.1, 12);
    expect(new BS({ theta: 4 * Math.PI + 0.01 }).param('theta').value).toBeCloseTo(0.01, 12);
    expect(BS.H({ phiTl: 7 }).param('phiTl').value).toBeCloseTo(7 - 2 * Math.PI, 12);
    expect(BS.Ry({ phiBl: -1 }).param('phiBl').value).toBeCloseTo(2 * Math.PI - 1, 12);
    expectValidationError(() => new BS({ phiTr: Number.NaN }), 'phiTr', /finite/);
    expectValidationError(() => new BS({ convention: 'X' as BSConvention }), 'convention');
    // The bounds themselves are allowed.
    expect(() => new BS({ theta: 4 * Math.PI, phiTl: 2 * Math.PI, phiBr: 0 })).not.toThrow();
  });

  it('takes Parameters, narrowed to the component range', () => {
    const theta = P('theta');
    const phi = P('phi');
    const bs = BS.H({ theta, phiTr: phi });
    expect(bs.getParameters()).toEqual([theta, phi]);
    expect([theta.min, theta.max]).toEqual([0, 4 * Math.PI]);
    expect([phi.min, phi.max]).toEqual([0, 2 * Math.PI]);
    expectValidationError(() => bs.computeUnitary(), 'theta', /'theta' \(theta of BS.H\) has no value/);
    theta.setValue(rToTheta(1 / 3));
    expect(bs.reflectivity).toBeCloseTo(1 / 3, 14);
    expectValidationError(() => bs.computeUnitary(), 'phi');
    phi.setValue(0);
    expect(bs.computeUnitary().get(0, 0).re).toBeCloseTo(Math.sqrt(1 / 3), 14);
    // Angles wrap like Perceval's periodic parameters.
    theta.setValue(rToTheta(1 / 3) + 4 * Math.PI);
    expect(bs.computeUnitary().get(0, 0).re).toBeCloseTo(Math.sqrt(1 / 3), 14);
  });

  it('describes itself with the non-default values only', () => {
    expect(BS.H().describe()).toBe('BS.H()');
    expect(new BS({ theta: 1, phiBl: 0.5 }).describe()).toBe('BS.Rx(theta=1, phiBl=0.5)');
    expect(BS.Ry({ theta: P('t') }).toString()).toBe("BS.Ry(theta=P('t'))");
  });
});
