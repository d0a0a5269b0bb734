import { NoiseModel, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';

describe(':PCVL:NoiseModel', () => {
  it("writes the non-default fields as Python's json.dumps does, in Perceval's order (docs/wire-protocol.md)", () => {
    const noise = new NoiseModel({ transmittance: 0.05, indistinguishability: 0.85 });
    expect(serialize(noise)).toBe(':PCVL:NoiseModel:{"indistinguishability": 0.85, "transmittance": 0.05}');
    expect(serialize(new NoiseModel({ g2: 0.01 }))).toBe(':PCVL:NoiseModel:{"g2": 0.01}');
    expect(serialize(new NoiseModel())).toBe(':PCVL:NoiseModel:{}');
  });

  it('spells every field as Perceval does', () => {
    const noise = new NoiseModel({
      brightness: 0.9,
      g2: 0.02,
      g2Distinguishable: false,
      indistinguishability: 0.9,
      phaseError: 1e-5,
      phaseImprecision: 0,
      transmittance: 1,
    });
    const text =
      ':PCVL:NoiseModel:{"brightness": 0.9, "g2": 0.02, "g2_distinguishable": false, "indistinguishability": 0.9, "phase_error": 1e-05}';
    expect(serialize(noise)).toBe(text);
    expect((deserialize(text) as NoiseModel).equals(noise)).toBe(true);
  });

  it('reads integer values written by Python', () => {
    expect((deserialize(':PCVL:NoiseModel:{"brightness": 0}') as NoiseModel).brightness).toBe(0);
  });

  it.each([
    ['not json', /not a JSON object/],
    ['[0.5]', /not a JSON object/],
    ['{"brightnes": 0.5}', /unknown field 'brightnes'/],
    ['{"brightness": 1.5}', /brightness/],
    ['{"g2_distinguishable": 1}', /g2Distinguishable/],
  ])('refuses %s', (body, message) => {
    expect(() => deserialize(`:PCVL:NoiseModel:${body}`)).toThrow(ValidationError);
    expect(() => deserialize(`:PCVL:NoiseModel:${body}`)).toThrow(message);
  });
});
