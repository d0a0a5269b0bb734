import { Detector, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';

describe(':PCVL:Detector', () => {
  it('reads and writes the wire-protocol example Detector{name:"PPNR", n_wires:4, max_detections:2}', () => {
    const detector = deserialize(':PCVL:Detector:CgRQUE5SEAQYAg==') as Detector;
    expect(detector).toBeInstanceOf(Detector);
    expect([detector.name, detector.nWires, detector.maxDetections, detector.wireEfficiency]).toEqual([
      'PPNR',
      4,
      2,
      1,
    ]);
    expect(serialize(Detector.ppnr(4, 2))).toBe(':PCVL:Detector:CgRQUE5SEAQYAg==');
  });

  it('round-trips threshold, PNR and lossy detectors', () => {
    for (const detector of [Detector.threshold(), Detector.pnr(), Detector.ppnr(3, undefined, 0.7)]) {
      const back = deserialize(serialize(detector)) as Detector;
      expect(back.equals(detector)).toBe(true);
      expect(back.kind).toBe(detector.kind);
      expect(back.name).toBe(detector.name);
    }
  });

  it('refuses bad bytes and inconsistent values', () => {
    expect(() => deserialize(':PCVL:Detector:not base64')).toThrow(ValidationError);
    expect(() => deserialize(':PCVL:Detector:/w==')).toThrow(/not a valid perceval.schema.Detector/);
    // n_wires 2, max_detections 3
    expect(() => deserialize(':PCVL:Detector:EAIYAw==')).toThrow(/Detector/);
  });
});
