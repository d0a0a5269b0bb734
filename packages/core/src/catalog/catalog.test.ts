import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import type { ComplexMatrix } from '../model/circuit/complex-matrix.js';
import { Parameter } from '../model/circuit/parameter.js';
import { Herald } from '../model/herald.js';
import { getBasicStateFromPorts } from '../model/port/basic-state-from-ports.js';
import { Port } from '../model/port/port.js';
import { catalog } from './catalog.js';
import { controlledRotationUnitary } from './items/controlled-rotation.js';

/** True when a equals e^{iγ}·b for some global phase γ, to 1e-12. */
function equalUpToPhase(a: ComplexMatrix, b: ComplexMatrix): boolean {
  let k = 0;
  while (Math.hypot(b.data[k]!, b.data[k + 1]!) < 1e-9) k += 2;
  const br = b.data[k]!;
  const bi = b.data[k + 1]!;
  const ar = a.data[k]!;
  const ai = a.data[k + 1]!;
  const norm = br * br + bi * bi;
  const phase = { re: (ar * br + ai * bi) / norm, im: (ai * br - ar * bi) / norm };
  return a.equals(b.scale(phase), 1e-12);
}

const s = Math.SQRT1_2;

describe('catalog', () => {
  it("has Perceval's item names", () => {
    for (const name of [
      'heralded cz',
      'heralded cnot',
      'postprocessed cz',
      'postprocessed cnot',
      'klm cnot',
      'postprocessed ccz',
      'toffoli',
      'h',
      'x',
      'y',
      'z',
      's',
      't',
      'rx',
      'ry',
      'rz',
      'ph',
      'mzi phase first',
      'mzi phase last',
      'generic 2 mode circuit',
    ]) {
      expect(catalog.names).toContain(name);
      expect(catalog.get(name).name).toBe(name);
    }
  });

  it('names the known items when asked for an unknown one', () => {
    expect(() => catalog.get('quantum toaster')).toThrow(ValidationError);
    expect(() => catalog.get('quantum toaster')).toThrow(/'heralded cnot'/);
  });

  it('the two-qubit gates set ports, heralds and post-selection as Perceval does', () => {
    const knill = catalog.get('heralded cnot').buildExperiment();
    expect(knill.m).toBe(6);
    expect([...knill.outputHeralds()]).toEqual([
      [4, 1],
      [5, 1],
    ]);
    const ports = knill.inPorts.filter((p): p is Port => p instanceof Port);
    expect(ports.map((p) => `${p.name}:${p.encoding.name}`)).toEqual(['ctrl:DUAL_RAIL', 'data:DUAL_RAIL']);
    expect(knill.inPorts.filter((p) => p instanceof Herald)).toHaveLength(2);
    expect(getBasicStateFromPorts(knill.inPorts, '10').toString()).toBe('|0,1,1,0>');
    expect(getBasicStateFromPorts(knill.inPorts, '10', { addHeralds: true }).toString()).toBe(
      '|0,1,1,0,1,1>',
    );

    const ralph = catalog.get('postprocessed cnot').buildExperiment();
    expect(ralph.postSelection?.toString()).toMatch(/\[0,1\]\s*==\s*1/);
    expect([...ralph.outputHeralds()]).toEqual([
      [4, 0],
      [5, 0],
    ]);
    const klm = catalog.get('klm cnot').buildExperiment();
    expect([...klm.outputHeralds().values()]).toEqual([0, 1, 0, 1]);
    const toffoli = catalog.get('toffoli').buildExperiment();
    expect(toffoli.m).toBe(12);
    expect(toffoli.outPorts.filter((p) => p instanceof Port).map((p) => (p as Port).name)).toEqual([
      'ctrl0',
      'ctrl1',
      'data',
    ]);
  });

  it('every circuit is unitary and every experiment builds', () => {
    for (const item of catalog.items()) {
      const params: Record<string, number> = item.name === 'postprocessed controlled gate' ? { n: 2 } : {};
      const circuit = item.buildCircuit(params);
      if (circuit.isDefined) expect(circuit.computeUnitary().isUnitary(1e-10)).toBe(true);
      expect(item.buildExperiment(params).m).toBe(circuit.m);
    }
  });
});

describe('single-qubit gates (Perceval gates_1qubit.py), up to a global phase', () => {
  const u = (name: string, params?: Record<string, number>) =>
    catalog.get(name).buildCircuit(params).computeUnitary();

  it('H, X, Y, Z, S, T', () => {
    expect(u('h').toRows()).toEqual([
      [
        { re: expect.closeTo(s, 12), im: 0 },
        { re: expect.closeTo(s, 12), im: 0 },
      ],
      [
        { re: expect.closeTo(s, 12), im: 0 },
        { re: expect.closeTo(-s, 12), im: 0 },
      ],
    ]);
    expect(u('x').get(0, 1)).toEqual({ re: 1, im: 0 });
    expect(u('x').get(1, 0)).toEqual({ re: 1, im: 0 });
    // Y = [[0, −i], [i, 0]]
    expect(u('y').get(0, 1).im).toBeCloseTo(-1, 12);
    expect(u('y').get(1, 0).im).toBeCloseTo(1, 12);
    expect(u('z').get(1, 1).re).toBeCloseTo(-1, 12);
    expect(u('s').get(1, 1)).toEqual({ re: expect.closeTo(0, 12), im: expect.closeTo(1, 12) });
    expect(u('t').get(1, 1)).toEqual({ re: expect.closeTo(s, 12), im: expect.closeTo(s, 12) });
    expect(u('sdag').get(1, 1).im).toBeCloseTo(-1, 12);
  });

  it('Rx(θ) = [[cos θ/2, −i sin θ/2], [−i sin θ/2, cos θ/2]], Ry and Rz likewise, Parameters accepted where Perceval does', () => {
    const theta = 0.7;
    const c = Math.cos(theta / 2);
    const sn = Math.sin(theta / 2);
    const rx = u('rx', { theta });
    expect(rx.get(0, 0).re).toBeCloseTo(c, 12);
    expect(rx.get(0, 1)).toEqual({ re: expect.closeTo(0, 12), im: expect.closeTo(-sn, 12) });
    expect(rx.get(1, 0)).toEqual({ re: expect.closeTo(0, 12), im: expect.closeTo(-sn, 12) });
    const ry = u('ry', { theta });
    expect(ry.get(0, 1).re).toBeCloseTo(-sn, 12);
    expect(ry.get(1, 0).re).toBeCloseTo(sn, 12);
    const rz = u('rz', { theta });
    expect(rz.get(0, 0)).toEqual({ re: expect.closeTo(c, 12), im: expect.closeTo(-sn, 12) });
    expect(rz.get(1, 1)).toEqual({ re: expect.closeTo(c, 12), im: expect.closeTo(sn, 12) });

    const named = catalog.get('rx').buildCircuit({ theta: 'alpha' });
    named.setParameters({ alpha: theta });
    expect(equalUpToPhase(named.computeUnitary(), rx)).toBe(true);
    expect(() => catalog.get('rz').buildCircuit({ theta: new Parameter('beta') })).toThrow(
      /must be a number/,
    );
    expect(() => catalog.get('h').buildCircuit({ theta: 1 })).toThrow(/has no parameter 'theta'/);
  });

  it('the MZIs take Perceval parameter keys and index the default parameter names', () => {
    const mzi = catalog.get('mzi phase first').buildCircuit({ i: 3 });
    expect(mzi.getParameters().map((p) => p.name)).toEqual(['phi_a3', 'phi_b3']);
    const fixed = catalog.get('mzi phase last').buildCircuit({ phi_a: Math.PI, phi_b: 0 });
    // Two 50:50 beam splitters around a π phase: the identity up to phases, no photon changes mode.
    expect(Math.hypot(fixed.computeUnitary().get(1, 0).re, fixed.computeUnitary().get(1, 0).im)).toBeCloseTo(
      0,
      12,
    );
    const generic = catalog.get('generic 2 mode circuit').buildCircuit();
    expect(generic.getParameters().map((p) => p.name)).toEqual(['theta', 'phi_tl', 'phi_bl', 'phi_tr']);
  });
});

describe('controlledRotationUnitary (Perceval build_control_gate_unitary)', () => {
  it('is unitary, and on the dual-rail modes proportional to I + a·J on the |1> rails', () => {
    const u = controlledRotationUnitary(3, Math.PI);
    expect(u.isUnitary(1e-10)).toBe(true);
    // |0> rails (even modes) carry the identity block scaled by 1/σ; |1> rails (odd modes) I + a·J.
    const scale = u.get(0, 0).re;
    expect(u.get(2, 2).re).toBeCloseTo(scale, 12);
    expect(u.get(1, 1).re).toBeCloseTo(scale, 12);
    const a = u.get(1, 3); // J sends rail k+1 to rail k: (|1>_0, |1>_1) entry
    expect(Math.hypot(a.re, a.im) / scale).toBeCloseTo(2 ** (1 / 3), 12);
    expect(u.get(0, 1)).toEqual({ re: expect.closeTo(0, 12), im: expect.closeTo(0, 12) });
  });
});
