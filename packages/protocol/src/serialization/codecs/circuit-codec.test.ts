import {
  Barrier,
  BS,
  Circuit,
  ComplexMatrix,
  HWP,
  LC,
  P,
  type Parameter,
  PBS,
  PERM,
  PR,
  PS,
  QWP,
  TD,
  Unitary,
  ValidationError,
  WP,
} from '@bosonic/core';
import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { CircuitSchema, ComponentSchema, ParameterSchema } from '../../proto/perceval_circuit_pb.js';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';
import { inflatePcvl } from '../zip.js';

/** docs/wire-protocol.md, Serialization: Perceval's `serialize(BS() // PS(pi/4) // BS())`. */
const PERCEVAL_CIRCUIT =
  ':PCVL:zip:eJyzCnAO87FydM4sSi7NLLFydfTM9K9wdI7MSg52DsyO9AkNCtWu9DANqMj3cg50hAPP9GwvBM+xEKgWwXPxRFNrEegYlu/jDNTj7mzoGhZQnGEWYkF1ewCY7jxM';

/** Step `index` of a circuit, as the component type the test expects there. */
function step<T>(circuit: Circuit, index: number): T {
  const element = circuit.components[index];
  if (element === undefined) throw new Error(`the circuit has no step ${index}`);
  return element.component as T;
}

function circuitText(message: Parameters<typeof create<typeof CircuitSchema>>[1]): string {
  return `:PCVL:ACircuit:${Buffer.from(toBinary(CircuitSchema, create(CircuitSchema, message))).toString('base64')}`;
}

describe(':PCVL:ACircuit', () => {
  it('writes BS()//PS(π/4)//BS() exactly as Perceval does, zip: bytes included', () => {
    const circuit = new Circuit(2)
      .add(0, new BS())
      .add(0, new PS(Math.PI / 4))
      .add(0, new BS());
    expect(serialize(circuit)).toBe(PERCEVAL_CIRCUIT);
    expect(inflatePcvl(PERCEVAL_CIRCUIT)).toBe(serialize(circuit, { compress: false }));
  });

  it("reads Perceval's circuit into the same components", () => {
    const circuit = deserialize(PERCEVAL_CIRCUIT) as Circuit;
    expect(circuit).toBeInstanceOf(Circuit);
    expect(circuit.m).toBe(2);
    expect(circuit.name).toBe('CPLX');
    const steps = circuit.components;
    expect(
      steps.map(({ component }) => (component instanceof BS ? 'BS' : component instanceof PS ? 'PS' : '?')),
    ).toEqual(['BS', 'PS', 'BS']);
    const bs = steps[0]?.component as BS;
    expect(bs.convention).toBe('Rx');
    expect(bs.param('theta').value).toBe(Math.PI / 2);
    expect(step<PS>(circuit, 1).param('phi').value).toBe(Math.PI / 4);
    const expected = new Circuit(2)
      .add(0, new BS())
      .add(0, new PS(Math.PI / 4))
      .add(0, new BS());
    expect(circuit.computeUnitary().equals(expected.computeUnitary(), 1e-15)).toBe(true);
  });

  it('round-trips every component bosonic models, nested circuits and names included', () => {
    const inner = new Circuit(2, { name: 'mzi' }).add(0, BS.H()).add(1, new PS(0.3)).add(0, BS.H());
    const u = ComplexMatrix.fromRows([
      [{ re: 0, im: 1 }, 0],
      [0, { re: Math.SQRT1_2, im: Math.SQRT1_2 }],
    ]);
    const circuit = new Circuit(4, { name: 'demo' })
      .add(0, BS.Ry({ theta: 1.1, phiTl: 0.1, phiBl: 0.2, phiTr: 0.3, phiBr: 0.4 }))
      .add(1, inner)
      .add(0, new PERM([2, 0, 1, 3]))
      .add(2, new Unitary(u, { name: 'U2' }))
      .add(3, new PS(0.5, { maxError: 0.01 }))
      .add(0, new Barrier(4));
    const back = deserialize(serialize(circuit)) as Circuit;
    expect(back.name).toBe('demo');
    expect(back.components.map(({ firstMode }) => firstMode)).toEqual([0, 1, 0, 2, 3, 0]);
    const nested = back.components[1]?.component as Circuit;
    expect(nested).toBeInstanceOf(Circuit);
    expect(nested.name).toBe('mzi');
    expect(step<BS>(back, 0).convention).toBe('Ry');
    expect(step<PERM>(back, 2).perm).toEqual([2, 0, 1, 3]);
    expect(step<Unitary>(back, 3).name).toBe('U2');
    expect(step<PS>(back, 4).param('maxError').value).toBe(0.01);
    expect(serialize(back, { compress: false })).toBe(serialize(circuit, { compress: false }));
    const noError = { random: () => 0.5 };
    expect(back.computeUnitary(noError).equals(circuit.computeUnitary(noError), 1e-15)).toBe(true);
  });

  it('writes the H convention and leaves Rx, a zero max_error and the default name out', () => {
    const text = serialize(new Circuit(2).add(0, BS.H()), { compress: false }) as string;
    const bytes = Buffer.from(text.slice(':PCVL:ACircuit:'.length), 'base64');
    // Circuit{n_mode:2, components:[{n_mode:2, beam_splitter{convention:H(2), theta, 4 × phi}}]}: no name field
    // (0x0a) before n_mode, and the beam splitter starts with its convention field (0x08 0x02).
    expect(bytes.subarray(0, 10).toString('hex')).toBe('1002223d100262390802');
    const rx = serialize(new Circuit(2).add(0, new BS()), { compress: false }) as string;
    const rxBytes = Buffer.from(rx.slice(':PCVL:ACircuit:'.length), 'base64');
    expect(rxBytes.subarray(0, 8).toString('hex')).toBe('1002223b10026237');
    const ps = serialize(new Circuit(1).add(0, new PS(1)), { compress: false }) as string;
    // PS without max_error: Component{n_mode:1, phase_shifter{phi{real_value:1}}}
    expect(Buffer.from(ps.slice(':PCVL:ACircuit:'.length), 'base64').toString('hex')).toBe(
      '1001220f10015a0b0a0909000000000000f03f',
    );
  });

  it('keeps named parameters, shared by name, with or without a value', () => {
    const phi = P('phi');
    const theta = P('theta', { value: 1 });
    const circuit = new Circuit(3).add(0, new PS(phi)).add(0, new BS({ theta })).add(2, new PS(phi));
    const back = deserialize(serialize(circuit)) as Circuit;
    const params = back.getParameters();
    expect(params.map((p: Parameter) => p.name).sort()).toEqual(['phi', 'theta']);
    expect(back.getParameter('theta').value).toBe(1);
    expect(back.getParameter('phi').value).toBeUndefined();
    back.setParameters({ phi: 0.25 });
    expect(step<PS>(back, 2).param('phi').value).toBe(0.25);
  });

  it('writes a lone unitary component as a circuit holding it, and a loss channel with the Component tag', () => {
    const bs = serialize(new BS(), { compress: false }) as string;
    expect(bs).toBe(serialize(new Circuit(2).add(0, new BS()), { compress: false }));
    const lc = serialize(new LC(0.3)) as string;
    expect(inflatePcvl(lc).startsWith(':PCVL:Component:')).toBe(true);
    const back = deserialize(lc) as LC;
    expect(back).toBeInstanceOf(LC);
    expect(back.loss).toBe(0.3);
  });

  it('reads a circuit holding a loss channel', () => {
    const circuit = new Circuit(2).add(0, new BS()).add(1, new LC(0.25));
    const back = deserialize(serialize(circuit)) as Circuit;
    expect(back.hasLoss).toBe(true);
  });

  it.each([
    [
      'a unitary acting on polarization',
      {
        nMode: 1,
        components: [{ nMode: 1, type: { case: 'unitary' as const, value: { usePolarization: true } } }],
      },
      /acts on polarization, which bosonic does not model/,
    ],
    [
      'a wave plate without its angle',
      { nMode: 1, components: [{ nMode: 1, type: { case: 'halfWavePlate' as const, value: {} } }] },
      /half_wave_plate.xsi is missing/,
    ],
    [
      'a feed-forward configurator',
      { nMode: 1, components: [{ nMode: 1, type: { case: 'ffConfigurator' as const, value: {} } }] },
      /ff_configurator component, which bosonic does not support/,
    ],
    ['a component without a type', { nMode: 1, components: [{ nMode: 1 }] }, /has no component type/],
    ['a circuit of no mode', { nMode: 0 }, /n_mode must be a mode count/],
    [
      'a component past the last mode',
      {
        nMode: 2,
        components: [
          {
            startingMode: 1,
            nMode: 2,
            type: { case: 'permutation' as const, value: { permutations: [1, 0] } },
          },
        ],
      },
      /components\[0\]/,
    ],
    [
      'a symbolic expression',
      {
        nMode: 1,
        components: [
          {
            nMode: 1,
            type: {
              case: 'phaseShifter' as const,
              value: { phi: create(ParameterSchema, { type: { case: 'expression', value: '2*theta' } }) },
            },
          },
        ],
      },
      /symbolic expression '2\*theta'/,
    ],
    [
      'a bad beam-splitter convention',
      {
        nMode: 2,
        components: [{ nMode: 2, type: { case: 'beamSplitter' as const, value: { convention: 7 } } }],
      },
      /convention 7/,
    ],
    [
      'a permutation that is not one',
      {
        nMode: 2,
        components: [{ nMode: 2, type: { case: 'permutation' as const, value: { permutations: [0, 0] } } }],
      },
      /not a permutation/,
    ],
    [
      'a non-unitary matrix',
      {
        nMode: 1,
        components: [
          {
            nMode: 1,
            type: {
              case: 'unitary' as const,
              value: {
                mat: {
                  rows: 1,
                  cols: 1,
                  data: { case: 'numeric' as const, value: { data: [{ realValue: 2 }] } },
                },
              },
            },
          },
        ],
      },
      /not unitary/,
    ],
  ])('refuses %s with a ValidationError naming the problem', (_, message, expected) => {
    const text = circuitText(message as never);
    expect(() => deserialize(text)).toThrow(ValidationError);
    expect(() => deserialize(text)).toThrow(expected);
  });

  it('refuses bytes that are not a circuit', () => {
    expect(() => deserialize(':PCVL:ACircuit:////')).toThrow(/not a valid perceval.schema.Circuit/);
    expect(() => deserialize(':PCVL:ACircuit:EAI')).toThrow(/base64/);
  });

  it('reads a lone component message', () => {
    const message = create(ComponentSchema, {
      nMode: 1,
      type: { case: 'phaseShifter', value: { phi: { type: { case: 'realValue', value: 1 } } } },
    });
    const text = `:PCVL:Component:${Buffer.from(toBinary(ComponentSchema, message)).toString('base64')}`;
    expect((deserialize(text) as PS).param('phi').value).toBe(1);
  });
});

describe(':PCVL:ACircuit nesting', () => {
  /** The bytes of a one-mode circuit holding a circuit holding … `levels` circuits in all (built inside out). */
  function nestedCircuitBytes(levels: number): Buffer {
    const varint = (value: number): number[] => {
      const out: number[] = [];
      for (; value >= 0x80; value = Math.floor(value / 0x80)) out.push((value % 0x80) | 0x80);
      out.push(value);
      return out;
    };
    let circuit = Buffer.from([0x10, 0x01]); // n_mode = 1
    for (let level = 1; level < levels; level++) {
      // Component { n_mode = 1; circuit = <circuit> } inside Circuit { n_mode = 1; components = [<component>] }.
      const component = Buffer.concat([Buffer.from([0x10, 0x01, 0x52, ...varint(circuit.length)]), circuit]);
      circuit = Buffer.concat([Buffer.from([0x10, 0x01, 0x22, ...varint(component.length)]), component]);
    }
    return circuit;
  }

  it('refuses circuits nested 10,000 deep with a ValidationError before decoding (no stack overflow)', () => {
    const text = `:PCVL:ACircuit:${nestedCircuitBytes(10_000).toString('base64')}`;
    expect(() => deserialize(text)).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        field: 'ACircuit',
        message: 'Malformed :PCVL:ACircuit: its messages nest deeper than 64 levels (maxDepth)',
      }),
    );
  });

  it('reads nesting within maxDepth (each circuit level is two messages: circuit and component)', () => {
    const text = `:PCVL:ACircuit:${nestedCircuitBytes(32).toString('base64')}`;
    let circuit = deserialize(text) as Circuit;
    let levels = 1;
    while (circuit.components.length > 0) {
      circuit = circuit.components[0]?.component as Circuit;
      levels++;
    }
    expect(levels).toBe(32);
    expect(() => deserialize(text, { limits: { maxDepth: 40 } })).toThrow(/maxDepth/);
  });
});

/** A double as protobuf writes it: 8 bytes, little-endian. */
function doubleBytes(x: number): number[] {
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleLE(x);
  return [...buffer];
}

describe(':PCVL:ACircuit polarization optics and time delays', () => {
  it("writes HWP and PBS as Perceval's _circuit_serialization.py does, byte for byte", () => {
    // Perceval's serialize(Circuit(2) // HWP(0.25) // PBS(), compress=False), from the .proto field numbers:
    // Circuit{n_mode(2)=2, components(4)=[Component{n_mode(2)=1, half_wave_plate(17)={xsi(2)={real_value(1)}}},
    // Component{n_mode(2)=2, polarized_beam_splitter(21)={}}]} (starting_mode 0 and the default name left out).
    const hwp = [0x10, 0x01, 0x8a, 0x01, 0x0b, 0x12, 0x09, 0x09, ...doubleBytes(0.25)];
    const pbs = [0x10, 0x02, 0xaa, 0x01, 0x00];
    const bytes = [0x10, 0x02, 0x22, hwp.length, ...hwp, 0x22, pbs.length, ...pbs];
    const text = `:PCVL:ACircuit:${Buffer.from(bytes).toString('base64')}`;
    const circuit = new Circuit(2).add(0, new HWP(0.25)).add(0, new PBS());
    expect(serialize(circuit, { compress: false })).toBe(text);
    const back = deserialize(text) as Circuit;
    expect(step<HWP>(back, 0)).toBeInstanceOf(HWP);
    expect(step<HWP>(back, 0).param('xsi').value).toBe(0.25);
    expect(step<PBS>(back, 1)).toBeInstanceOf(PBS);
  });

  it("writes a lone TD(1) as Perceval's Component message: time_delay(20) with dt", () => {
    const bytes = [0x10, 0x01, 0xa2, 0x01, 0x0b, 0x0a, 0x09, 0x09, ...doubleBytes(1)];
    const text = `:PCVL:Component:${Buffer.from(bytes).toString('base64')}`;
    expect(serialize(new TD(1), { compress: false })).toBe(text);
    const back = deserialize(text) as TD;
    expect(back).toBeInstanceOf(TD);
    expect(back.param('t').value).toBe(1);
  });

  it("round-trips Perceval's test circuit of polarization optics (test_circuit_serialization), parameters included", () => {
    const delta = P('delta');
    const circuit = new Circuit(3)
      .add(0, new BS({ theta: 1.814 }))
      .add(1, new PBS())
      .add(0, new HWP(0.23))
      .add(1, new QWP(0.17))
      .add(2, new WP(0.4, 0.5))
      .add(0, new PR(0.89))
      .add(1, new PR(delta))
      .add(2, new TD(2));
    const back = deserialize(serialize(circuit)) as Circuit;
    const names = back.components.map(({ firstMode, component }) => `${firstMode}:${component.name}`);
    expect(names).toEqual(['0:BS.Rx', '1:PBS', '0:HWP', '1:QWP', '2:WP', '0:PR', '1:PR', '2:TD']);
    expect(step<QWP>(back, 3).param('xsi').value).toBe(0.17);
    expect(step<WP>(back, 4).param('delta').value).toBe(0.4);
    expect(step<WP>(back, 4).param('xsi').value).toBe(0.5);
    expect(step<PR>(back, 5).param('delta').value).toBe(0.89);
    expect(step<PR>(back, 6).param('delta').name).toBe('delta');
    expect(step<PR>(back, 6).param('delta').fixed).toBe(false);
    expect(step<TD>(back, 7).param('t').value).toBe(2);
    expect(serialize(back)).toBe(serialize(circuit));
  });
});
