import { ValidationError } from '@bosonic/core';
import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { CircuitSchema, ExperimentSchema, IDetectorSchema } from '../proto/perceval_circuit_pb.js';
import { deserialize } from './deserialize.js';
import { UnsupportedPcvlError } from './unsupported-error.js';
import { compressPcvl } from './zip.js';

/** A unitary acting on polarization (Perceval's `Unitary(use_polarization=True)`), which bosonic does not model. */
const POLARIZATION_UNITARY = `:PCVL:ACircuit:${Buffer.from(
  toBinary(
    CircuitSchema,
    create(CircuitSchema, {
      nMode: 1,
      components: [{ nMode: 1, type: { case: 'unitary', value: { usePolarization: true } } }],
    }),
  ),
).toString('base64')}`;

const LAYERED_PPNR_ARCHITECTURE = compressPcvl(
  `:PCVL:Experiment:${Buffer.from(
    toBinary(
      ExperimentSchema,
      create(ExperimentSchema, {
        nMode: 2,
        detectors: {
          0: create(IDetectorSchema, { type: { case: 'ppnr', value: { bsLayers: 2, reflectivity: 0.5 } } }),
        },
      }),
    ),
  ).toString('base64')}`,
);

describe('content bosonic does not model', () => {
  it('is an UnsupportedPcvlError, a kind of ValidationError, in strict mode', () => {
    for (const text of [POLARIZATION_UNITARY, LAYERED_PPNR_ARCHITECTURE, ':PCVL:BasicState:|{X:1},0>']) {
      try {
        deserialize(text);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(UnsupportedPcvlError);
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as Error).name).toBe('UnsupportedPcvlError');
      }
    }
  });

  it('keeps its place in nested errors', () => {
    try {
      deserialize({ specs: { architecture: LAYERED_PPNR_ARCHITECTURE } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedPcvlError);
      expect((error as ValidationError).field).toBe('specs.architecture');
    }
  });

  it('stays raw text with strict: false, like an unknown tag, so platform details still load', () => {
    const specs = deserialize(
      {
        architecture: LAYERED_PPNR_ARCHITECTURE,
        specific_circuit: POLARIZATION_UNITARY,
        detector: 'threshold',
      },
      { strict: false },
    );
    expect(specs).toEqual({
      architecture: LAYERED_PPNR_ARCHITECTURE,
      specific_circuit: POLARIZATION_UNITARY,
      detector: 'threshold',
    });
  });
});
