import { Experiment } from '@bosonic/core';
import { serialize } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { homExperiment, meshCircuit } from '../testing/fixtures.js';
import { DecodedExperimentCache } from './experiment-cache.js';

describe('DecodedExperimentCache', () => {
  it('decodes an experiment once and hands out the same object for the same text', () => {
    const cache = new DecodedExperimentCache();
    const text = serialize(homExperiment()) as string;
    const first = cache.decode(text);
    expect(first).toBeInstanceOf(Experiment);
    expect(cache.decode(text)).toBe(first);
  });

  it('evicts the least recently used entry and never keeps long texts', () => {
    const cache = new DecodedExperimentCache({ maxEntries: 2, maxTextLength: 10_000 });
    const texts = [2, 3, 4].map((m) => serialize(new Experiment(meshCircuit(m, 1))) as string);
    const a = cache.decode(texts[0]!);
    cache.decode(texts[1]!);
    cache.decode(texts[0]!);
    cache.decode(texts[2]!);
    expect(cache.size).toBe(2);
    expect(cache.decode(texts[0]!)).toBe(a);
    const small = new DecodedExperimentCache({ maxTextLength: 10 });
    small.decode(texts[0]!);
    expect(small.size).toBe(0);
  });

  it('lets decoding errors through, caching nothing', () => {
    const cache = new DecodedExperimentCache();
    expect(() => cache.decode(':PCVL:Experiment:////')).toThrow();
    expect(cache.size).toBe(0);
  });
});
