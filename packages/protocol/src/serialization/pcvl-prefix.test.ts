import { BasicState, BSCount, Circuit, Experiment, PS } from '@bosonic/core';
import { fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { ExperimentSchema } from '../proto/perceval_circuit_pb.js';
import { deserialize } from './deserialize.js';
import { PCVL_PREFIX, PcvlTag, VALUE_NOT_SET, ZIP_PREFIX } from './pcvl-prefix.js';
import { knownTags } from './registry.js';
import { serialize } from './serialize.js';
import { inflatePcvl } from './zip.js';

/** The protobuf message of an uncompressed serialized experiment. */
function experimentMessage(text: string) {
  const prefix = `${PCVL_PREFIX}${PcvlTag.Experiment}:`;
  expect(text.startsWith(prefix)).toBe(true);
  return fromBinary(ExperimentSchema, Buffer.from(text.slice(prefix.length), 'base64'));
}

describe('the :PCVL: markers', () => {
  it('start every serialized object: :PCVL:<tag>:<body>, Perceval’s text', () => {
    expect(PCVL_PREFIX).toBe(':PCVL:');
    expect(serialize(new BasicState('|1,0,1>'))).toBe(':PCVL:BasicState:|1,0,1>');
    expect(serialize(new BSCount({ '|1,1>': 3 }), { compress: false })).toBe(':PCVL:BSCount:{|1,1>=3}');
  });

  it('mark the compressed form, whose inflated text is the plain form', () => {
    expect(ZIP_PREFIX).toBe(':PCVL:zip:');
    const counts = new BSCount({ '|2,0>': 7, '|0,2>': 9 });
    const zipped = serialize(counts, { compress: true });
    expect(zipped.startsWith(ZIP_PREFIX)).toBe(true);
    expect(inflatePcvl(zipped)).toBe(serialize(counts, { compress: false }));
    expect((deserialize(zipped) as BSCount).toJSON()).toEqual({ '|2,0>': 7, '|0,2>': 9 });
  });

  it('name Perceval’s classes by their wire tags (a circuit is an ACircuit, a layered detector BSLayeredPPNR)', () => {
    expect(PcvlTag.Circuit).toBe('ACircuit');
    expect(PcvlTag.BSLayeredDetector).toBe('BSLayeredPPNR');
    expect(
      serialize(new Circuit(2).add(0, new PS(0.5)), { compress: false }).startsWith(':PCVL:ACircuit:'),
    ).toBe(true);
  });
});

describe('VALUE_NOT_SET', () => {
  it('is Perceval’s 0x0fffffff, written when an experiment has no min-detected-photons filter', () => {
    expect(VALUE_NOT_SET).toBe(268_435_455);
    const unset = new Experiment(2);
    expect(experimentMessage(serialize(unset, { compress: false })).minPhotonsFilter).toBe(VALUE_NOT_SET);
    const set = new Experiment(2).minDetectedPhotonsFilter(2);
    expect(experimentMessage(serialize(set, { compress: false })).minPhotonsFilter).toBe(2);
  });

  it('reads back as no filter, and a set filter as itself', () => {
    const read = (e: Experiment) => (deserialize(serialize(e)) as Experiment).minDetectedPhotons;
    expect(read(new Experiment(2).minDetectedPhotonsFilter(2))).toBe(2);
    expect(read(new Experiment(2))).toBeUndefined();
  });
});

describe('knownTags', () => {
  it('lists every tag bosonic reads and writes, each a PcvlTag', () => {
    expect(knownTags()).toEqual([
      'BasicState',
      'StateVector',
      'SVDistribution',
      'BSDistribution',
      'BSCount',
      'BSSamples',
      'NoiseModel',
      'PostSelect',
      'Detector',
      'Matrix',
      'ACircuit',
      'Component',
      'Experiment',
    ]);
    const tags: string[] = Object.values(PcvlTag);
    for (const tag of knownTags()) expect(tags).toContain(tag);
  });

  it('is a fresh copy each call, so a caller cannot change the registry', () => {
    knownTags().push('Port');
    expect(knownTags()).not.toContain('Port');
  });
});
