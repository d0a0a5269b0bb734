import { BSDistribution, ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { deserialize } from '../deserialize.js';
import { serialize } from '../serialize.js';

const TEXT = ':PCVL:BSDistribution:{|1,0>=0.487179;|0,1>=0.487179;|1,1>=0.001923}';
// docs/wire-protocol.md, Serialization: the same text compressed by Python's zlib.
const ZIPPED = ':PCVL:zip:eJyzCnAO87FyCnbJLC4pykwqLcnMz7OqrjHUMbCzNdAzsTA3NLe0rjHQMUTmGkK4BgaGlkbGtQCncRJF';

describe(':PCVL:BSDistribution', () => {
  it('reads the wire-protocol example, compressed or not', () => {
    for (const text of [TEXT, ZIPPED]) {
      const distribution = deserialize(text) as BSDistribution;
      expect(distribution).toBeInstanceOf(BSDistribution);
      expect(distribution.size).toBe(3);
      expect(distribution.get('|0,1>')).toBe(0.487179);
      expect(distribution.get('|1,1>')).toBe(0.001923);
    }
  });

  it('writes it back byte for byte, and compresses it to the bytes Python produces', () => {
    const distribution = deserialize(TEXT) as BSDistribution;
    expect(serialize(distribution, { compress: false })).toBe(TEXT);
    expect(serialize(distribution)).toBe(ZIPPED);
  });

  it("rounds probabilities with Perceval's float text", () => {
    const distribution = new BSDistribution([
      ['|1,0>', 1 / 3],
      ['|0,1>', 2 / 3 - 1.2345e-5],
      ['|2,0>', 1.2345e-5],
    ]);
    expect(serialize(distribution, { compress: false })).toBe(
      ':PCVL:BSDistribution:{|1,0>=0.333333;|0,1>=0.666654;|2,0>=1.2345e-5}',
    );
  });

  it('writes an empty distribution as {}', () => {
    expect(serialize(new BSDistribution(), { compress: false })).toBe(':PCVL:BSDistribution:{}');
    expect((deserialize(':PCVL:BSDistribution:{}') as BSDistribution).size).toBe(0);
  });

  it('round-trips a full distribution of many states through the zip: form', () => {
    const m = 6;
    const distribution = new BSDistribution();
    let total = 0;
    for (let a = 0; a <= 4; a++) {
      for (let b = 0; a + b <= 4; b++) {
        for (let c = 0; a + b + c <= 4; c++) {
          const p = (a + 1) * (b + 2) * (c + 3);
          total += p;
          distribution.set(`|${a},${b},${c},${4 - a - b - c},0,0>`, p);
        }
      }
    }
    distribution.normalize();
    const back = deserialize(serialize(distribution)) as BSDistribution;
    expect(back.m).toBe(m);
    expect(back.size).toBe(distribution.size);
    for (const [state, p] of distribution) expect(back.get(state)).toBeCloseTo(p, 6);
    expect(total).toBeGreaterThan(0);
  });

  it.each([
    ['|1,0>=0.5', /start with '\{'/],
    ['{|1,0>=0.5', /end with '\}'/],
    ['{|1,0>=0.5;}', /entry 1/],
    ['{|1,0>0.5}', /entry 0/],
    ['{|1,0>=0.5=1}', /entry 0/],
    ['{|1,0>=half}', /not a finite number/],
    ['{|1,0>=nan}', /not a finite number/],
    ['{|1,0>=0.5;|1>=0.5}', /cannot be mixed/],
    ['{|1,x>=0.5}', /BSDistribution/],
    ['{|{0},1>=0.5}', /noise-tagged/],
  ])('refuses the malformed body %s, naming the tag', (body, message) => {
    const text = `:PCVL:BSDistribution:${body}`;
    expect(() => deserialize(text)).toThrow(ValidationError);
    expect(() => deserialize(text)).toThrow(message);
    try {
      deserialize(text);
    } catch (error) {
      expect((error as ValidationError).field).toBe('BSDistribution');
      expect((error as Error).message).toContain(':PCVL:BSDistribution');
    }
  });
});

describe(':PCVL:BSDistribution at scale', () => {
  it('streams 50,000 states through the zip: form and back', () => {
    const m = 12;
    const states = new Uint8Array(50_000 * m);
    const probabilities = new Float64Array(50_000);
    for (let i = 0; i < 50_000; i++) {
      let rest = i;
      for (let mode = 0; mode < m; mode++) {
        states[i * m + mode] = rest % 3;
        rest = Math.floor(rest / 3);
      }
      probabilities[i] = (i + 1) / 1_250_025_000;
    }
    const distribution = BSDistribution.fromSparse(m, states, probabilities);
    const text = serialize(distribution) as string;
    const back = deserialize(text) as BSDistribution;
    expect(back.size).toBe(50_000);
    // Perceval's float text keeps 7 significant digits below 1e-3.
    for (const state of ['|2,2,2,2,2,2,2,2,2,0,0,0>', '|1,0,0,0,0,0,0,0,0,0,0,0>']) {
      const p = distribution.get(state);
      expect(Math.abs(back.get(state) - p)).toBeLessThanOrEqual(1e-6 * p);
    }
    const plain = serialize(distribution, { compress: false }) as string;
    expect(serialize(deserialize(plain) as BSDistribution, { compress: false })).toBe(plain);
  }, 60_000);
});

describe(':PCVL:BSDistribution of a large result', () => {
  it('reads back its own 700,000-state zip: form of about 9 MB (issue 14: it threw a RangeError)', () => {
    // States: 24 base-3 digits of distinct numbers; probabilities: seeded pseudo-random weights, normalised, so
    // the text compresses about as badly as a real result (9.3 MB zipped, beyond the 4.5 M characters where the
    // base64 check's regular expression overflowed).
    const count = 700_000;
    const m = 24;
    const states = new Uint8Array(count * m);
    const probabilities = new Float64Array(count);
    let seed = 2026;
    let total = 0;
    for (let i = 0; i < count; i++) {
      let rest = i * 7919;
      for (let mode = 0; mode < m; mode++) {
        states[i * m + mode] = rest % 3;
        rest = Math.floor(rest / 3);
      }
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      probabilities[i] = 1 + seed / 2 ** 32;
      total += probabilities[i] as number;
    }
    for (let i = 0; i < count; i++) probabilities[i] = (probabilities[i] as number) / total;
    const distribution = BSDistribution.fromSparse(m, states, probabilities);
    const text = serialize(distribution) as string;
    expect(text.length).toBeGreaterThan(8_000_000);
    const back = deserialize(text) as BSDistribution;
    expect(back.size).toBe(count);
    for (const i of [0, 1, 349_999, 699_999]) {
      const state = `|${Array.from(states.subarray(i * m, (i + 1) * m)).join(',')}>`;
      const p = distribution.get(state);
      // Perceval's float text keeps 6 significant digits.
      expect(Math.abs(back.get(state) - p)).toBeLessThanOrEqual(1e-5 * p);
    }
  }, 300_000);
});
