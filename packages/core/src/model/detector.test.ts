import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { Detector, detectionType } from './detector.js';

function expectClose(actual: number[], expected: number[], digits = 12): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    expect(value).toBeCloseTo(expected[i]!, digits);
  });
}

describe('Detector', () => {
  describe('typing rule (Perceval)', () => {
    it('builds the three kinds from the factories', () => {
      expect(Detector.pnr().kind).toBe('pnr');
      expect(Detector.threshold().kind).toBe('threshold');
      expect(Detector.ppnr(3).kind).toBe('ppnr');
      expect(Detector.pnr().name).toBe('PNR');
      expect(Detector.threshold().name).toBe('Threshold');
      expect(Detector.ppnr(3).name).toBe('PPNR');
    });

    it('calls a one-detection perfect detector threshold, whatever its wires', () => {
      expect(Detector.ppnr(1).kind).toBe('threshold');
      expect(Detector.ppnr(4, 1).kind).toBe('threshold');
      expect(new Detector({ maxDetections: 1 }).kind).toBe('threshold');
    });

    it('calls any imperfect-wire detector PPNR', () => {
      expect(Detector.ppnr(1, undefined, 0.9).kind).toBe('ppnr');
      expect(new Detector({ wireEfficiency: 0.9 }).kind).toBe('ppnr');
    });

    it('defaults max detections to the number of wires', () => {
      expect(Detector.ppnr(5).maxDetections).toBe(5);
      expect(Detector.ppnr(5, 2).maxDetections).toBe(2);
      expect(Detector.pnr().maxDetections).toBeUndefined();
    });
  });

  describe('detect', () => {
    it('reproduces reference #30: 3 wires, η = 0.7, 3 photons', () => {
      expectClose(Detector.ppnr(3, undefined, 0.7).detect(3), [0.027, 3367 / 9000, 196 / 375, 343 / 4500]);
    });

    it('reproduces reference #30: 2 perfect wires', () => {
      const detector = Detector.ppnr(2);
      expectClose(detector.detect(2), [0, 0.5, 0.5]);
      expectClose(detector.detect(3), [0, 0.25, 0.75]);
      expectClose(detector.detect(1), [0, 1]);
      expectClose(detector.detect(0), [1]);
    });

    it('gives the photon count itself for a PNR detector', () => {
      expect(Detector.pnr().detect(0)).toEqual([1]);
      expect(Detector.pnr().detect(3)).toEqual([0, 0, 0, 1]);
    });

    it('clicks on any photon for a threshold detector', () => {
      expect(Detector.threshold().detect(0)).toEqual([1]);
      expect(Detector.threshold().detect(1)).toEqual([0, 1]);
      expect(Detector.threshold().detect(5)).toEqual([0, 1]);
    });

    it('matches Perceval docstring example: 5 wires, max 2, 3 photons → |1>: 0.04, |2>: 0.96', () => {
      expectClose(Detector.ppnr(5, 2).detect(3), [0, 0.04, 0.96]);
    });

    it('is binomial with infinitely many imperfect wires', () => {
      const eta = 0.6;
      const n = 4;
      const binomial = [1, 4, 6, 4, 1].map((c, d) => c * eta ** d * (1 - eta) ** (n - d));
      expectClose(new Detector({ wireEfficiency: eta }).detect(n), binomial);
    });

    it('lets the top count absorb the larger counts', () => {
      const eta = 0.6;
      const capped = new Detector({ wireEfficiency: eta, maxDetections: 2 }).detect(4);
      const full = new Detector({ wireEfficiency: eta }).detect(4);
      expectClose(capped, [full[0]!, full[1]!, full[2]! + full[3]! + full[4]!]);
    });

    it('always sums to one', () => {
      for (const detector of [
        Detector.ppnr(7, 4, 0.93),
        Detector.ppnr(2, undefined, 0.5),
        Detector.ppnr(30),
      ]) {
        for (const n of [0, 1, 2, 5, 12, 40]) {
          const p = detector.detect(n);
          expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          expect(p.every((x) => x >= 0)).toBe(true);
        }
      }
    });

    it('returns a fresh array each time (the cache cannot be corrupted)', () => {
      const detector = Detector.ppnr(3);
      const first = detector.detect(2);
      first[0] = 42;
      expect(detector.detect(2)[0]).toBe(0);
    });

    it('rejects a negative or fractional photon count', () => {
      expect(() => Detector.pnr().detect(-1)).toThrow(ValidationError);
      expect(() => Detector.pnr().detect(1.5)).toThrow(ValidationError);
    });
  });

  describe('validation', () => {
    it.each([
      [() => Detector.ppnr(0), 'nWires'],
      [() => Detector.ppnr(2.5), 'nWires'],
      [() => Detector.ppnr(2, 3), 'maxDetections'],
      [() => Detector.ppnr(2, 0), 'maxDetections'],
      [() => Detector.ppnr(2, 1, 0), 'wireEfficiency'],
      [() => Detector.ppnr(2, 1, 1.1), 'wireEfficiency'],
      [() => Detector.ppnr(undefined as unknown as number), 'nWires'],
    ])('%s → ValidationError on %s', (build, field) => {
      expect(build).toThrow(ValidationError);
      try {
        build();
      } catch (error) {
        expect((error as ValidationError).field).toBe(field);
      }
    });
  });

  it('compares physics, not names, and round-trips through JSON', () => {
    expect(Detector.ppnr(1).equals(Detector.threshold())).toBe(true);
    expect(Detector.ppnr(2).equals(Detector.ppnr(3))).toBe(false);
    const detector = Detector.ppnr(4, 2, 0.9);
    expect(new Detector(detector.toJSON()).equals(detector)).toBe(true);
    expect(detector.toJSON()).toEqual({ name: 'PPNR', nWires: 4, maxDetections: 2, wireEfficiency: 0.9 });
  });

  it('summarizes a set of detectors (undefined is PNR)', () => {
    expect(detectionType([])).toBe('pnr');
    expect(detectionType([undefined, Detector.pnr()])).toBe('pnr');
    expect(detectionType([Detector.threshold(), Detector.threshold()])).toBe('threshold');
    expect(detectionType([Detector.threshold(), undefined])).toBe('mixed');
  });
});
