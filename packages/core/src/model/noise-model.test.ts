import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { refusedField } from '../testing/thrown.js';
import { NoiseModel, type NoiseModelOptions } from './noise-model.js';

describe('NoiseModel', () => {
  it('defaults to a perfect experiment', () => {
    const noise = new NoiseModel();
    expect(noise.toOptions()).toEqual({
      brightness: 1,
      indistinguishability: 1,
      g2: 0,
      g2Distinguishable: true,
      transmittance: 1,
      phaseImprecision: 0,
      phaseError: 0,
    });
    expect(noise.isPerfect).toBe(true);
    expect(noise.isPerfectSource).toBe(true);
  });

  it('keeps the given parameters, read-only', () => {
    const noise = new NoiseModel({ brightness: 0.5, g2: 0.01, g2Distinguishable: false, phaseError: 0.1 });
    expect(noise.brightness).toBe(0.5);
    expect(noise.g2).toBe(0.01);
    expect(noise.g2Distinguishable).toBe(false);
    expect(noise.phaseError).toBe(0.1);
    expect(() => {
      (noise as { brightness: number }).brightness = 1;
    }).toThrow(TypeError);
  });

  it('treats undefined and null fields as defaults (Perceval None)', () => {
    const noise = new NoiseModel({ brightness: undefined, g2: null as unknown as number });
    expect(noise.equals(new NoiseModel())).toBe(true);
  });

  it.each<[keyof NoiseModelOptions, unknown]>([
    ['brightness', -0.1],
    ['brightness', 1.01],
    ['indistinguishability', 2],
    ['g2', -1],
    ['g2', 1.5],
    ['transmittance', 1.2],
    ['phaseImprecision', -0.5],
    ['phaseError', 4],
    ['brightness', Number.NaN],
    ['transmittance', '0.5'],
    ['g2Distinguishable', 1],
  ])('rejects %s = %s with a ValidationError naming the field', (field, value) => {
    expect(refusedField(() => new NoiseModel({ [field]: value } as NoiseModelOptions))).toBe(field);
  });

  it('accepts the range ends (phase error up to π, any non-negative imprecision)', () => {
    const noise = new NoiseModel({
      brightness: 0,
      transmittance: 0,
      phaseError: Math.PI,
      phaseImprecision: 10,
    });
    expect(noise.phaseError).toBe(Math.PI);
  });

  it('rejects unknown fields, so a typo does not silently mean "no noise"', () => {
    expect(refusedField(() => new NoiseModel({ brigthness: 0.9 } as unknown as NoiseModelOptions))).toBe(
      'brigthness',
    );
  });

  it('separates a perfect source from a perfect experiment', () => {
    const phaseNoise = new NoiseModel({ phaseError: 0.01 });
    expect(phaseNoise.isPerfectSource).toBe(true);
    expect(phaseNoise.isPerfect).toBe(false);
    for (const options of [
      { brightness: 0.9 },
      { g2: 0.02 },
      { indistinguishability: 0.9 },
      { transmittance: 0.5 },
    ]) {
      expect(new NoiseModel(options).isPerfectSource).toBe(false);
    }
    // g2Distinguishable alone changes nothing without g2
    expect(new NoiseModel({ g2Distinguishable: false }).isPerfect).toBe(true);
  });

  it('compares every field', () => {
    expect(new NoiseModel({ brightness: 0.9 }).equals(new NoiseModel({ brightness: 0.9 }))).toBe(true);
    expect(new NoiseModel({ brightness: 0.9 }).equals(new NoiseModel({ brightness: 0.8 }))).toBe(false);
    expect(new NoiseModel().equals(new NoiseModel({ g2Distinguishable: false }))).toBe(false);
    expect(new NoiseModel().equals(undefined)).toBe(false);
  });

  it('serializes only the non-default fields and round-trips', () => {
    const noise = new NoiseModel({ indistinguishability: 0.85, transmittance: 0.05 });
    expect(noise.toJSON()).toEqual({ indistinguishability: 0.85, transmittance: 0.05 });
    expect(JSON.stringify(new NoiseModel())).toBe('{}');
    expect(new NoiseModel(noise.toJSON()).equals(noise)).toBe(true);
  });

  it('derives modified copies', () => {
    const base = new NoiseModel({ brightness: 0.5 });
    const changed = base.with({ g2: 0.1 });
    expect(changed.brightness).toBe(0.5);
    expect(changed.g2).toBe(0.1);
    expect(base.g2).toBe(0);
    expect(() => base.with({ g2: 3 })).toThrow(ValidationError);
  });
});
