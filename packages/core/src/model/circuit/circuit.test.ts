import { describe, expect, it } from 'vitest';
import type { Complex } from '../complex.js';
import { Barrier } from './barrier.js';
import { BS } from './beam-splitter.js';
import { Circuit } from './circuit.js';
import { ComplexMatrix } from './complex-matrix.js';
import { expectMatrixClose, expectValidationError, expi } from './expectations.js';
import { LC } from './loss-channel.js';
import { P } from './parameter.js';
import { PERM } from './permutation.js';
import { PS } from './phase-shifter.js';
import { rToTheta } from './reflectivity.js';
import { Unitary } from './unitary.js';

const h = Math.SQRT1_2;
const c = (re: number, im: number): Complex => ({ re, im });

describe('Circuit composition order: U = U_last · … · U_first', () => {
  it('PS then BS differs from BS then PS, each matching its hand product', () => {
    // PS(π/2) on mode 0, then the 50:50 Rx BS: BS · diag(i, 1) = (1/√2)[[i, i], [−1, 1]].
    const psThenBs = new Circuit(2)
      .add(0, new PS(Math.PI / 2))
      .add(0, new BS())
      .computeUnitary();
    expectMatrixClose(psThenBs, [
      [c(0, h), c(0, h)],
      [-h, h],
    ]);
    // BS first, then PS: diag(i, 1) · BS = (1/√2)[[i, −1], [i, 1]].
    const bsThenPs = new Circuit(2)
      .add(0, new BS())
      .add(0, new PS(Math.PI / 2))
      .computeUnitary();
    expectMatrixClose(bsThenPs, [
      [c(0, h), -h],
      [c(0, h), h],
    ]);
    expect(psThenBs.equals(bsThenPs, 1e-6)).toBe(false);
  });

  it('Circuit(3) // BS.H() // (1, PS(π/4)) // (1, BS.H()) matches the hand-computed product', () => {
    const u = new Circuit(3)
      .add(0, BS.H())
      .add(1, new PS(Math.PI / 4))
      .add(1, BS.H())
      .computeUnitary();
    // With e = e^{iπ/4}: row 0 = (1/√2)(1, 1, 0); rows 1 and 2 = (e/2, −e/2, ±1/√2).
    const e2 = c(Math.SQRT2 / 4, Math.SQRT2 / 4);
    const minusE2 = c(-Math.SQRT2 / 4, -Math.SQRT2 / 4);
    expectMatrixClose(u, [
      [h, h, 0],
      [e2, minusE2, h],
      [e2, minusE2, -h],
    ]);
    // The same from explicit embeddings and full products.
    const manual = BS.H()
      .computeUnitary()
      .embed(3, 1)
      .multiply(new PS(Math.PI / 4).computeUnitary().embed(3, 1))
      .multiply(BS.H().computeUnitary().embed(3, 0));
    expectMatrixClose(u, manual, 1e-15);
  });

  it('an empty circuit is the identity', () => {
    expectMatrixClose(new Circuit(2).computeUnitary(), ComplexMatrix.identity(2));
  });

  it('PERM inside a circuit routes input mode i to output perm[i] at the right offset', () => {
    const u = new Circuit(4).add(1, new PERM([1, 2, 0])).computeUnitary();
    // Local 0→1, 1→2, 2→0 at offset 1: global 1→2, 2→3, 3→1; mode 0 untouched.
    expectMatrixClose(u, [
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
    ]);
  });

  it('barriers change nothing', () => {
    const base = new Circuit(2).add(0, new BS({ theta: 1 })).add(1, new PS(2));
    const withBarrier = new Circuit(2)
      .add(0, new BS({ theta: 1 }))
      .add(0, new Barrier(2))
      .add(1, new PS(2));
    expectMatrixClose(withBarrier.computeUnitary(), base.computeUnitary());
  });

  it('stays unitary for a 50-mode rectangular interferometer (1225 beam splitters)', () => {
    const m = 50;
    const circuit = new Circuit(m);
    let k = 0;
    for (let layer = 0; layer < m; layer++) {
      for (let mode = layer % 2; mode + 1 < m; mode += 2) {
        k++;
        circuit.add(mode, new BS({ theta: (k % 13) * 0.37, phiTr: (k % 7) * 0.5 }));
      }
    }
    expect(circuit.flatten()).toHaveLength(1225);
    expect(circuit.computeUnitary().isUnitary(1e-10)).toBe(true);
  });
});

describe('Circuit ports', () => {
  it('accepts a first mode or the full list of consecutive modes', () => {
    const byIndex = new Circuit(3).add(1, BS.H()).computeUnitary();
    const byList = new Circuit(3).add([1, 2], BS.H()).computeUnitary();
    expectMatrixClose(byList, byIndex);
    expectMatrixClose(byIndex, BS.H().computeUnitary().embed(3, 1));
  });

  it('rejects a span beyond the circuit, naming the port', () => {
    expectValidationError(
      () => new Circuit(3).add(2, new BS()),
      'port',
      /Port 2: BS.Rx on 2 mode\(s\) would span modes 2…3/,
    );
    expectValidationError(() => new Circuit(3).add(-1, new PS(0)), 'port');
    expectValidationError(() => new Circuit(2).add(0, new Circuit(3)), 'port');
  });

  it('rejects non-consecutive, mis-sized and non-integer ports', () => {
    expectValidationError(() => new Circuit(4).add([0, 2], new BS()), 'port', /consecutive/);
    expectValidationError(() => new Circuit(4).add([1, 0], new BS()), 'port', /consecutive/);
    expectValidationError(() => new Circuit(4).add([0, 1, 2], new BS()), 'port', /lists 3 modes/);
    expectValidationError(() => new Circuit(4).add(0.5, new PS(0)), 'port');
    expectValidationError(() => new Circuit(4).add('0' as unknown as number, new PS(0)), 'port');
  });

  it('rejects things that are not components, and circuits nested in themselves', () => {
    expectValidationError(() => new Circuit(2).add(0, {} as BS), 'component');
    const outer = new Circuit(3);
    expectValidationError(() => outer.add(0, outer), 'component', /itself/);
    const pair = new Circuit(2);
    const holder = new Circuit(2).add(0, pair);
    expectValidationError(() => pair.add(0, holder), 'component', /itself/);
    const middle = new Circuit(3).add(0, outer);
    expectValidationError(() => outer.add(0, middle), 'component', /itself/);
  });

  it('needs a positive integer number of modes', () => {
    expectValidationError(() => new Circuit(0), 'm');
    expectValidationError(() => new Circuit(1.5), 'm');
    expectValidationError(() => new Circuit(2, { name: '' }), 'name');
  });

  it('chains and returns itself', () => {
    const circuit = new Circuit(2);
    expect(circuit.add(0, new BS())).toBe(circuit);
  });
});

describe('Nested circuits', () => {
  const inner = () => new Circuit(2, { name: 'mzi' }).add(0, BS.H()).add(1, new PS(0.7)).add(0, BS.H());

  it('apply as one block at their offset', () => {
    const nested = new Circuit(3).add(0, new PS(0.3)).add(1, inner()).add(0, new BS());
    const manual = new BS()
      .computeUnitary()
      .embed(3, 0)
      .multiply(inner().computeUnitary().embed(3, 1))
      .multiply(new PS(0.3).computeUnitary().embed(3, 0));
    expectMatrixClose(nested.computeUnitary(), manual, 1e-15);
  });

  it('keep their structure unless merged; both give the same unitary', () => {
    const nested = new Circuit(3).add(1, inner());
    const merged = new Circuit(3).add(1, inner(), { merge: true });
    expect(nested.components).toHaveLength(1);
    expect(nested.components[0]!.component).toBeInstanceOf(Circuit);
    expect(merged.components.map((e) => [e.firstMode, e.component.name])).toEqual([
      [1, 'BS.H'],
      [2, 'PS'],
      [1, 'BS.H'],
    ]);
    expectMatrixClose(merged.computeUnitary(), nested.computeUnitary());
  });

  it('flatten() lists leaf components with absolute first modes in application order', () => {
    const deep = new Circuit(2).add(1, new PS(0.1));
    const middle = new Circuit(3).add(0, BS.H()).add(1, deep);
    const lc = new LC(0.2);
    const outer = new Circuit(5).add(4, new PS(0.5)).add(2, middle).add(0, lc);
    expect(outer.flatten().map(({ firstMode, component }) => [firstMode, component.describe()])).toEqual([
      [4, 'PS(phi=0.5)'],
      [2, 'BS.H()'],
      [4, 'PS(phi=0.1)'],
      [0, 'LC(loss=0.2)'],
    ]);
    expect(outer.flatten()[3]!.component).toBe(lc);
  });
});

describe('Circuit with loss', () => {
  it('hasLoss sees a loss channel anywhere, and computeUnitary refuses it', () => {
    const lossy = new Circuit(3).add(0, new BS()).add(1, new Circuit(2).add(1, new LC(0.3)));
    expect(lossy.hasLoss).toBe(true);
    expect(lossy.isUnitary).toBe(false);
    expectValidationError(() => lossy.computeUnitary(), 'component', /non-unitary LC on mode 2.*Processor/);
    expect(new Circuit(2).add(0, new BS()).hasLoss).toBe(false);
  });
});

describe('Circuit parameters', () => {
  it('collects the variable parameters once each, in order of first use, across nesting', () => {
    const theta = P('theta');
    const phi = P('phi');
    const loss = P('loss');
    const circuit = new Circuit(3)
      .add(0, new BS({ theta }))
      .add(1, new Circuit(2).add(0, new PS(phi)).add(1, new LC(loss)))
      .add(1, BS.H({ theta, phiTl: 0.2 }));
    expect(circuit.getParameters()).toEqual([theta, phi, loss]);
    expect(circuit.getParameter('phi')).toBe(phi);
    expectValidationError(
      () => circuit.getParameter('psi'),
      'psi',
      /no parameter named 'psi'.*'theta', 'phi', 'loss'/,
    );
  });

  it('names an unset parameter when the unitary is asked for, and setParameters fills it in', () => {
    const phi = P('phi');
    const theta = P('theta');
    const circuit = new Circuit(2).add(0, BS.H({ theta })).add(1, new PS(phi));
    expect(circuit.isDefined).toBe(false);
    expectValidationError(() => circuit.computeUnitary(), 'theta', /'theta'/);
    circuit.setParameters({ theta: rToTheta(1 / 3) });
    expectValidationError(() => circuit.computeUnitary(), 'phi', /'phi'/);
    expect(circuit.setParameters({ phi: Math.PI })).toBe(circuit);
    expect(circuit.isDefined).toBe(true);
    const u = circuit.computeUnitary();
    expect(u.get(0, 0).re).toBeCloseTo(Math.sqrt(1 / 3), 14);
    // PS(π) on mode 1 after the BS negates row 1.
    const bs = BS.H({ theta: rToTheta(1 / 3) }).computeUnitary();
    expectMatrixClose(
      u,
      [
        [bs.get(0, 0), bs.get(0, 1)],
        [c(-bs.get(1, 0).re, 0), c(-bs.get(1, 1).re, 0)],
      ],
      1e-15,
    );
    circuit.resetParameters();
    expect([theta.isDefined, phi.isDefined]).toEqual([false, false]);
  });

  it('setParameters checks every name and value before setting any', () => {
    const a = P('a');
    const circuit = new Circuit(1).add(0, new PS(a));
    expectValidationError(
      () => circuit.setParameters({ a: 1, nope: 2 }),
      'nope',
      /no parameter named 'nope'/,
    );
    expect(a.isDefined).toBe(false);
    const loss = P('loss');
    const lossy = new Circuit(1).add(0, new PS(a)).add(0, new LC(loss));
    expectValidationError(() => lossy.setParameters({ a: 1, loss: 2 }), 'loss', /out of range/);
    expect(a.isDefined).toBe(false);
  });

  it('refuses two different parameters with the same name', () => {
    const circuit = new Circuit(2).add(0, new PS(P('x')));
    expectValidationError(() => circuit.add(1, new PS(P('x'))), 'x', /two different parameters named 'x'/);
    expectValidationError(() => circuit.add(0, new Circuit(2).add(0, new BS({ theta: P('x') }))), 'x');
    // The same object twice is fine.
    const y = P('y');
    expect(() => new Circuit(2).add(0, new PS(y)).add(1, new PS(y))).not.toThrow();
  });

  it('a parameter drives every component using it', () => {
    const phi = P('phi', { value: 0.5 });
    const circuit = new Circuit(2).add(0, new PS(phi)).add(1, new PS(phi));
    expectMatrixClose(circuit.computeUnitary(), [
      [expi(0.5), 0],
      [0, expi(0.5)],
    ]);
    phi.setValue(1.2);
    expect(circuit.computeUnitary().get(1, 1).im).toBeCloseTo(Math.sin(1.2), 15);
  });

  it('passes the random source to noisy phase shifters', () => {
    const circuit = new Circuit(1).add(0, new PS(1, { maxError: 0.4 }));
    expectMatrixClose(circuit.computeUnitary({ random: () => 1 }), [[expi(1.4)]]);
  });
});

describe('Circuit description', () => {
  const circuit = new Circuit(3)
    .add(0, BS.H())
    .add(1, new PS(Math.PI / 4))
    .add(1, new Circuit(2, { name: 'inner' }).add(0, new PERM([1, 0])))
    .add(0, new Unitary(ComplexMatrix.identity(1)));

  it('describe() is one line in Perceval style', () => {
    expect(circuit.describe()).toBe(
      "Circuit(3).add((0, 1), BS.H()).add(1, PS(phi=0.785398)).add((1, 2), Circuit(2, name='inner')" +
        '.add((0, 1), PERM([1, 0]))).add(0, Unitary(1×1 matrix))',
    );
  });

  it('toString() lists one step per line with its modes', () => {
    expect(circuit.toString()).toBe(
      [
        'Circuit(3)',
        '  [0-1] BS.H()',
        '  [1] PS(phi=0.785398)',
        "  [1-2] Circuit(2, name='inner')",
        '    [0-1] PERM([1, 0])',
        '  [0] Unitary(1×1 matrix)',
      ].join('\n'),
    );
    expect(circuit.name).toBe('CPLX');
    expect(circuit.m).toBe(3);
  });
});
