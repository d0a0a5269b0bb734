import {
  BasicState,
  BS,
  Circuit,
  Detector,
  Experiment,
  Herald,
  NoiseModel,
  PERM,
  PostSelect,
  PS,
  StateVector,
  ValidationError,
} from '@bosonic/core';
import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  APortSchema,
  ExperimentSchema,
  HeraldSchema,
  IDetectorSchema,
} from '../../proto/perceval_circuit_pb.js';
import { deserialize, deserializeAs } from '../deserialize.js';
import { serialize } from '../serialize.js';
import { compressPcvl, inflatePcvl } from '../zip.js';
import {
  deserializeExperimentWire,
  experimentFromWire,
  experimentToWire,
  serializeExperimentWire,
} from './experiment-codec.js';
import type { ExperimentWire } from './experiment-wire.js';

/** A label for a decoded step (class names are not stable once bundled). */
function kind(component: unknown): string {
  return component instanceof BS ? 'BS' : component instanceof Circuit ? 'Circuit' : '?';
}

function emptyWire(): ExperimentWire {
  return { components: [], heralds: [], ports: [], detectors: new Map() };
}

function experimentText(message: Parameters<typeof create<typeof ExperimentSchema>>[1]): string {
  return `:PCVL:Experiment:${Buffer.from(toBinary(ExperimentSchema, create(ExperimentSchema, message))).toString('base64')}`;
}

/** A heralded, noisy, post-selected experiment using every part of the message. */
function fullWire(): ExperimentWire {
  const cz = new Circuit(2, { name: 'inner' }).add(0, BS.H()).add(1, new PS(Math.PI));
  return {
    name: 'sim:slos',
    m: 4,
    components: [
      { firstMode: 0, component: new BS() },
      { firstMode: 1, component: cz },
      { firstMode: 2, component: BS.H({ theta: 1.2 }) },
    ],
    inputState: BasicState.parse('|1,0,1,0>'),
    noise: new NoiseModel({ brightness: 0.9, g2: 0.01 }),
    postSelect: new PostSelect('[0,1]==1'),
    minDetectedPhotons: 1,
    heralds: [new Herald(2, 1, 'in_out'), new Herald(3, 0, 'output', 'anc')],
    ports: [{ mode: 0, location: 'input', name: 'data', encoding: 1 }],
    detectors: new Map([
      [0, Detector.threshold()],
      [1, Detector.ppnr(4, 2)],
    ]),
  };
}

describe(':PCVL:Experiment wire data', () => {
  it('writes the empty experiment of docs/wire-protocol.md as :PCVL:Experiment:UP///38= (min filter unset)', () => {
    expect(serializeExperimentWire(emptyWire(), { compress: false })).toBe(':PCVL:Experiment:UP///38=');
  });

  it('reads the empty experiment back with no filter, no mode and nothing else', () => {
    const wire = deserializeExperimentWire(':PCVL:Experiment:UP///38=');
    expect(wire).toEqual(emptyWire());
  });

  it('writes a filter of 0 as unset, as Perceval does', () => {
    expect(serializeExperimentWire({ ...emptyWire(), minDetectedPhotons: 0 }, { compress: false })).toBe(
      ':PCVL:Experiment:UP///38=',
    );
  });

  it('is compressed by default, as job payloads carry it', () => {
    const zipped = serializeExperimentWire(fullWire());
    expect(zipped.startsWith(':PCVL:zip:')).toBe(true);
    expect(inflatePcvl(zipped)).toBe(serializeExperimentWire(fullWire(), { compress: false }));
  });

  it('round-trips every part: components, nested strings, heralds, ports, detectors', () => {
    const back = deserializeExperimentWire(serializeExperimentWire(fullWire()));
    expect(back.name).toBe('sim:slos');
    expect(back.m).toBe(4);
    expect(back.components.map(({ firstMode, component }) => [firstMode, kind(component)])).toEqual([
      [0, 'BS'],
      [1, 'Circuit'],
      [2, 'BS'],
    ]);
    const inner = back.components[1]?.component;
    expect(inner instanceof Circuit && inner.name).toBe('inner');
    expect(back.inputState?.toString()).toBe('|1,0,1,0>');
    expect(back.noise?.equals(new NoiseModel({ brightness: 0.9, g2: 0.01 }))).toBe(true);
    expect(back.postSelect?.toString()).toBe('[0,1]==1');
    expect(back.minDetectedPhotons).toBe(1);
    expect(back.heralds.map((h) => h.toJSON())).toEqual([
      { mode: 2, expected: 1, location: 'in_out' },
      { mode: 3, expected: 0, location: 'output', name: 'anc' },
    ]);
    expect(back.ports).toEqual([{ mode: 0, location: 'input', name: 'data', encoding: 1 }]);
    expect(back.detectors.get(0)?.kind).toBe('threshold');
    expect(back.detectors.get(1)?.equals(Detector.ppnr(4, 2))).toBe(true);
    expect(serializeExperimentWire(back, { compress: false })).toBe(
      serializeExperimentWire(fullWire(), { compress: false }),
    );
  });

  it('nests states, noise and post-selection as uncompressed :PCVL: strings', () => {
    const text = serializeExperimentWire(
      {
        ...emptyWire(),
        m: 2,
        inputState: new StateVector([
          ['|1,0>', 1],
          ['|0,1>', 1],
        ]),
      },
      { compress: false },
    );
    const bytes = Buffer.from(text.slice(':PCVL:Experiment:'.length), 'base64').toString('latin1');
    expect(bytes).toContain(':PCVL:StateVector:(0.707107,0)*|1,0>+(0.707107,0)*|0,1>');
  });

  it('keeps a herald with different counts on each side as two heralds', () => {
    const herald = (value: number) =>
      create(APortSchema, {
        type: { case: 'herald', value: create(HeraldSchema, { value, autogeneratedName: true }) },
      });
    const wire = deserializeExperimentWire(
      experimentText({ nMode: 2, inputPorts: { 1: herald(1) }, outputPorts: { 1: herald(0) } }),
    );
    expect(wire.heralds.map((h) => [h.mode, h.expected, h.location])).toEqual([
      [1, 1, 'input'],
      [1, 0, 'output'],
    ]);
  });

  it.each([
    [
      'a detector on a mode the experiment lacks',
      { nMode: 2, detectors: { 5: create(IDetectorSchema, { type: { case: 'detector', value: {} } }) } },
      'Experiment.detectors[5]',
    ],
    [
      'a layered PPNR detector',
      {
        nMode: 2,
        detectors: { 0: create(IDetectorSchema, { type: { case: 'ppnr', value: { bsLayers: 2 } } }) },
      },
      'Experiment.detectors[0]',
    ],
    [
      'a noise model that does not parse',
      { nMode: 2, noiseModel: ':PCVL:NoiseModel:{"x": 1}' },
      'Experiment.noise_model',
    ],
    [
      'an input state of the wrong type',
      { nMode: 2, inputState: ':PCVL:NoiseModel:{}' },
      'Experiment.input_state',
    ],
    [
      'a component beyond the last mode',
      { nMode: 1, components: [{ nMode: 2, type: { case: 'beamSplitter' as const, value: {} } }] },
      'Experiment.components[0]',
    ],
    [
      'a herald of 40 photons',
      {
        nMode: 1,
        inputPorts: { 0: create(APortSchema, { type: { case: 'herald', value: { value: 40 } } }) },
      },
      'Experiment.input_ports[0].expected',
    ],
  ])('refuses %s, naming %s', (_, message, field) => {
    try {
      deserializeExperimentWire(experimentText(message as never));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('refuses a string of another tag', () => {
    expect(() => deserializeExperimentWire(':PCVL:BasicState:|1>')).toThrow(
      'Expected a :PCVL:Experiment string',
    );
  });
});

describe(':PCVL:Experiment and the Experiment model', () => {
  /** A 6-mode heralded experiment, as a RemoteProcessor would send it (the postprocessed CNOT's shape). */
  function heralded(): Experiment {
    const circuit = new Circuit(6)
      .add(2, BS.H())
      .add(1, new PERM([2, 1, 3, 0]))
      .add(0, BS.H({ theta: 1.9106332362490186 }))
      .add(2, BS.H({ theta: 1.9106332362490186 }))
      .add(4, BS.H({ theta: 1.9106332362490186 }))
      .add(1, new PERM([3, 1, 0, 2]))
      .add(2, BS.H());
    return new Experiment(circuit, { name: 'sim:slos', noise: new NoiseModel({ indistinguishability: 0.9 }) })
      .addHerald(4, 0)
      .addHerald(5, 0)
      .withInput(BasicState.parse('|1,0,1,0>'))
      .setPostSelection('[0,1]==1 & [2,3]==1')
      .minDetectedPhotonsFilter(2)
      .setDetector(0, Detector.threshold());
  }

  it('writes an unnamed empty experiment as the documented :PCVL:Experiment:UP///38= and reads it back', () => {
    expect(serialize(new Experiment(undefined, { name: '' }), { compress: false })).toBe(
      ':PCVL:Experiment:UP///38=',
    );
    const back = deserialize(':PCVL:Experiment:UP///38=') as Experiment;
    expect(back).toBeInstanceOf(Experiment);
    expect(back.m).toBe(0);
    expect(back.minDetectedPhotons).toBeUndefined();
    expect(serialize(back, { compress: false })).toBe(':PCVL:Experiment:UP///38=');
  });

  it('is compressed by default and carries the input over every mode, herald photons included', () => {
    const text = serialize(heralded()) as string;
    expect(text.startsWith(':PCVL:zip:')).toBe(true);
    expect(deserializeExperimentWire(text).inputState?.toString()).toBe('|1,0,1,0,0,0>');
  });

  it('round-trips every part of the experiment', () => {
    const original = heralded();
    const back = deserializeAs(serialize(original), 'Experiment');
    expect(back.name).toBe('sim:slos');
    expect(back.m).toBe(6);
    expect(back.circuit?.computeUnitary().equals(original.circuit!.computeUnitary(), 1e-15)).toBe(true);
    expect(back.heralds.map((h) => h.toJSON())).toEqual(original.heralds.map((h) => h.toJSON()));
    expect(back.input?.toString()).toBe('|1,0,1,0>');
    expect(back.fullInputState().toString()).toBe('|1,0,1,0,0,0>');
    expect(back.postSelection?.toString()).toBe('[0,1]==1 & [2,3]==1');
    expect(back.noise?.equals(new NoiseModel({ indistinguishability: 0.9 }))).toBe(true);
    expect(back.minDetectedPhotons).toBe(2);
    expect(back.detectors.map((d) => d?.kind)).toEqual([
      'threshold',
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(serialize(back, { compress: false })).toBe(serialize(original, { compress: false }));
  });

  it('round-trips a superposed input next to an input herald', () => {
    const experiment = new Experiment(new Circuit(3).add(0, new BS())).addHerald(2, 1, 'input').withInput(
      new StateVector([
        ['|1,0>', 1],
        ['|0,1>', { re: 0, im: 1 }],
      ]),
    );
    const back = deserialize(serialize(experiment)) as Experiment;
    expect(
      back.input instanceof StateVector && back.input.equals(experiment.input as StateVector, 1e-6),
    ).toBe(true);
    expect(back.heralds.map((h) => h.location)).toEqual(['input']);
  });

  it('refuses an input state that contradicts a herald, naming the field', () => {
    const wire = experimentToWire(heralded());
    wire.inputState = BasicState.parse('|1,0,1,0,1,0>');
    try {
      deserialize(serializeExperimentWire(wire));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('Experiment.input_state');
      expect((error as Error).message).toMatch(/1 photons on mode 4, heralded with 0/);
    }
  });

  it('rebuilds a circuit from components when the size is not given', () => {
    const wire = { ...emptyWire(), components: [{ firstMode: 1, component: new BS() }] };
    const experiment = experimentFromWire(wire);
    expect(experiment.m).toBe(3);
  });
});

describe(':PCVL:Experiment from a hostile client (issue 14)', () => {
  it('refuses 10 million base64 characters with a ValidationError, not a RangeError from a regular expression', () => {
    const text = `:PCVL:Experiment:${'A'.repeat(10_000_000)}`;
    // 10 M characters are more than the default maxStringLength (4 Mi) of a body parsed in one piece…
    expect(() => deserialize(text)).toThrow(
      expect.objectContaining({ code: 'ERR_VALIDATION', message: expect.stringMatching(/maxStringLength/) }),
    );
    // …and with that limit lifted, the base64 is checked in one pass and the bytes (all zero) are no message.
    expect(() => deserialize(text, { limits: { maxStringLength: Number.POSITIVE_INFINITY } })).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        message: expect.stringMatching(
          /^Malformed :PCVL:Experiment: the body is not a valid perceval\.schema\.Experiment/,
        ),
      }),
    );
  });

  it('refuses a 513-byte experiment whose post-selection nests 20,000 parentheses, naming the field', () => {
    const postSelect = `:PCVL:PostSelect:${'('.repeat(20_000)}[0]==1${')'.repeat(20_000)}`;
    const zipped = serializeExperimentWireText(postSelect);
    expect(zipped.length).toBeLessThan(1000);
    for (const input of [experimentText({ nMode: 2, postSelect }), zipped]) {
      expect(() => deserialize(input)).toThrow(
        expect.objectContaining({
          code: 'ERR_VALIDATION',
          field: 'Experiment.post_select',
          message: expect.stringMatching(/parentheses nest deeper than 64 levels \(maxDepth\)/),
        }),
      );
    }
  });

  it('refuses components or heralds far beyond maxModes when the experiment states no mode count', () => {
    const farHerald = experimentText({
      inputPorts: {
        2000000000: create(APortSchema, {
          type: { case: 'herald', value: create(HeraldSchema, { value: 1 }) },
        }),
      },
    });
    expect(() => deserialize(farHerald)).toThrow(/mode 2000000000 is not a mode of the experiment/);
    expect(() => deserialize(experimentText({ nMode: 30 }), { limits: { maxModes: 24 } })).toThrow(
      /must be a mode count in \[1, 24\] \(got 30; maxModes\)/,
    );
  });
});

/** The `zip:` form of an experiment of two modes carrying `postSelect` as its post-selection text. */
function serializeExperimentWireText(postSelect: string): string {
  return compressPcvl(experimentText({ nMode: 2, postSelect }));
}

describe(':PCVL:Experiment component count', () => {
  /** An experiment of two modes holding `count` barriers, written byte by byte (5 bytes of wire each). */
  function barriers(count: number): string {
    // components (field 9) = Component { n_mode = 1; barrier (field 22) = {} }
    const item = Buffer.from([0x4a, 0x05, 0x10, 0x01, 0xb2, 0x01, 0x00]);
    const body = Buffer.concat([Buffer.from([0x40, 0x02]), Buffer.alloc(item.length * count).fill(item)]);
    return `:PCVL:Experiment:${body.toString('base64')}`;
  }

  it('refuses more components than maxComponents (default 100,000) before decoding any', () => {
    // 400,000 barriers are 2.8 MB of wire (3.7 M base64 characters, within maxStringLength); decoded, they took
    // about 250 MB and seconds.
    expect(() => deserialize(barriers(400_000))).toThrow(
      expect.objectContaining({
        code: 'ERR_VALIDATION',
        field: 'Experiment',
        message: 'Malformed :PCVL:Experiment: it holds more than 100000 components (maxComponents)',
      }),
    );
    expect(() => deserialize(barriers(11), { limits: { maxComponents: 10 } })).toThrow(/maxComponents/);
    expect(
      (deserialize(barriers(10), { limits: { maxComponents: 10 } }) as Experiment).circuit?.components,
    ).toHaveLength(10);
  });
});
