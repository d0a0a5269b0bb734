import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors/index.js';
import { Experiment } from '../experiment.js';
import { Herald } from '../herald.js';
import { getBasicStateFromEncoding, getBasicStateFromPorts } from './basic-state-from-ports.js';
import { Encoding } from './encoding.js';
import { generateAllLogicalStates, LogicalState } from './logical-state.js';
import { PORT_LOCATIONS, Port } from './port.js';

describe('Encoding (Perceval utils/_enums.py)', () => {
  it('spans 2 modes for a dual-rail qubit, 1 for raw, 2^n for a QUDITn', () => {
    expect([Encoding.DUAL_RAIL.fockLength, Encoding.RAW.fockLength, Encoding.QUDIT3.fockLength]).toEqual([
      2, 1, 8,
    ]);
    expect(Encoding.QUDIT3.logicalLength).toBe(3);
    expect(Encoding.fromName('dual_rail')).toBe(Encoding.DUAL_RAIL);
    expect(() => Encoding.fromName('POLARISED')).toThrow(/Unknown encoding/);
  });

  it('writes qubits as Perceval: dual rail |1> = |0,1>, a qudit puts its photon on the binary number', () => {
    expect(Encoding.DUAL_RAIL.toFock([0])).toEqual([1, 0]);
    expect(Encoding.DUAL_RAIL.toFock([1])).toEqual([0, 1]);
    expect(Encoding.RAW.toFock([1])).toEqual([1]);
    expect(Encoding.QUDIT2.toFock([1, 0])).toEqual([0, 0, 1, 0]);
  });

  it('writes a polarization qubit as the polarization of one photon: |0> = H, |1> = V', () => {
    expect(getBasicStateFromEncoding([Encoding.POLARIZATION, Encoding.DUAL_RAIL], '11').toString()).toBe(
      '|{P:V},0,1>',
    );
    expect(getBasicStateFromEncoding([Encoding.POLARIZATION], '0').toString()).toBe('|{P:H}>');
    expect(Encoding.POLARIZATION.fockLength).toBe(1);
  });
});

describe('LogicalState and generateAllLogicalStates (Perceval utils/logical_state.py)', () => {
  it('prints |01>, parses several spellings and refuses anything but bits', () => {
    expect(new LogicalState([0, 1]).toString()).toBe('|01>');
    expect(new LogicalState('|0,1>').equals(new LogicalState('01'))).toBe(true);
    expect(new LogicalState('10').concat(new LogicalState('1')).toString()).toBe('|101>');
    expect(() => new LogicalState([0, 2])).toThrow(ValidationError);
    expect(() => new LogicalState('0x')).toThrow(ValidationError);
  });

  it('lists the 2^n states in binary order', () => {
    expect(generateAllLogicalStates(2).map(String)).toEqual(['|00>', '|01>', '|10>', '|11>']);
    expect(generateAllLogicalStates(0).map(String)).toEqual(['|>']);
    expect(() => generateAllLogicalStates(-1)).toThrow(/qubit count/);
  });
});

describe('ports on an Experiment (Perceval experiment.py add_port)', () => {
  const ctrl = new Port(Encoding.DUAL_RAIL, 'ctrl');
  const data = new Port(Encoding.DUAL_RAIL, 'data');

  it('lists input and output ports with the heralds in mode order', () => {
    const e = new Experiment(6).addHerald(5, 1).addPort(2, data).addPort(0, ctrl).addHerald(4, 0, 'output');
    expect(e.inPorts.map((p) => (p instanceof Port ? p.name : `herald ${p.mode}`))).toEqual([
      'ctrl',
      'data',
      'herald 5',
    ]);
    expect(e.outPorts.filter((p) => p instanceof Herald).map((h) => (h as Herald).mode)).toEqual([4, 5]);
    expect(e.portModes(data)).toEqual([2, 3]);
    expect(e.copy().inPorts).toHaveLength(3);
  });

  it('refuses overlapping ports, a port over a herald, and ports outside the circuit', () => {
    const e = new Experiment(4).addPort(0, ctrl);
    expect(() => e.addPort(1, data)).toThrow(/already holds/);
    expect(() => e.addHerald(1, 0)).toThrow(/belongs to/);
    expect(() => e.addPort(3, data)).toThrow(/outside/);
    expect(() => new Experiment(4).addHerald(2, 1).addPort(2, data)).toThrow(/already holds/);
    expect(() => e.addPort(2, 'data' as never)).toThrow(/needs a Port/);
    // Output-only and input-only ports on the same modes do not overlap.
    new Experiment(2).addPort(0, ctrl, 'input').addPort(0, data, 'output');
  });

  it('getBasicStateFromPorts writes a logical state on the ports, heralds on request', () => {
    const e = new Experiment(6).addPort(0, ctrl).addPort(2, data).addHerald(4, 1).addHerald(5, 0);
    expect(getBasicStateFromPorts(e.inPorts, new LogicalState('01')).toString()).toBe('|1,0,0,1>');
    expect(getBasicStateFromPorts(e.inPorts, [1, 1], { addHeralds: true }).toString()).toBe('|0,1,0,1,1,0>');
    expect(() => getBasicStateFromPorts(e.inPorts, '1')).toThrow(/2 qubit\(s\)/);
    expect(getBasicStateFromEncoding([Encoding.RAW, 1, Encoding.DUAL_RAIL], '11').toString()).toBe(
      '|1,1,0,1>',
    );
  });
});

describe('port locations', () => {
  it('are in_out (the default), input and output; a port at one side only is absent from the other', () => {
    expect(PORT_LOCATIONS).toEqual(['in_out', 'input', 'output']);
    const ctrl = new Port(Encoding.DUAL_RAIL, 'ctrl');
    const data = new Port(Encoding.DUAL_RAIL, 'data');
    for (const location of PORT_LOCATIONS) {
      const e = new Experiment(4).addPort(0, ctrl).addPort(2, data, location);
      expect(e.inPorts.includes(data), location).toBe(location !== 'output');
      expect(e.outPorts.includes(data), location).toBe(location !== 'input');
    }
    expect(() => new Experiment(2).addPort(0, ctrl, 'sideways' as never)).toThrow(
      expect.objectContaining({ name: 'ValidationError' }),
    );
  });
});
