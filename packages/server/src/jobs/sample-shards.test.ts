import { BasicState, BSCount, BSSamples } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { MAX_SHARDS, mergeShardResults, planShards } from './sample-shards.js';

describe('planShards', () => {
  it('keeps a job of at most shardSamples samples whole', () => {
    expect(planShards(7, 10_000, 10_000)).toBeUndefined();
  });

  it('splits the samples into near-equal shards, the first ones taking the remainder', () => {
    const shards = planShards(7, 25_001, 10_000)!;
    expect(shards.map((shard) => shard.maxSamples)).toEqual([8334, 8334, 8333]);
    expect(shards.map((shard) => shard.index)).toEqual([0, 1, 2]);
  });

  it('derives each shard seed from the job seed and the shard index alone', () => {
    const a = planShards(42, 30_000, 10_000)!;
    const b = planShards(42, 90_000, 10_000)!;
    // The same (seed, index) gives the same shard seed whatever the job's size; shards differ from each other.
    expect(b.slice(0, 3).map((shard) => shard.seed)).toEqual(a.map((shard) => shard.seed));
    expect(new Set(b.map((shard) => shard.seed)).size).toBe(b.length);
    expect(planShards(43, 30_000, 10_000)!.map((shard) => shard.seed)).not.toEqual(
      a.map((shard) => shard.seed),
    );
  });

  it(`never makes more than ${MAX_SHARDS} shards`, () => {
    const shards = planShards(1, 1_000_000, 10)!;
    expect(shards).toHaveLength(MAX_SHARDS);
    expect(shards.reduce((sum, shard) => sum + shard.maxSamples, 0)).toBe(1_000_000);
  });
});

describe('mergeShardResults', () => {
  it('concatenates samples in shard order and weights perf figures by shard size', () => {
    const merged = mergeShardResults([
      { results: new BSSamples(['|1,0>', '|0,1>']), globalPerf: 1 },
      { results: new BSSamples(['|1,1>']), globalPerf: 0.4 },
    ]);
    expect((merged.results as BSSamples).toJSON()).toEqual(['|1,0>', '|0,1>', '|1,1>']);
    expect(merged.globalPerf).toBeCloseTo((2 * 1 + 1 * 0.4) / 3, 12);
  });

  it('adds counts', () => {
    const merged = mergeShardResults([
      { results: new BSCount({ '|1,0>': 3, '|0,1>': 1 }), globalPerf: 1 },
      { results: new BSCount({ '|1,0>': 2 }), globalPerf: 1 },
    ]);
    expect((merged.results as BSCount).get(new BasicState([1, 0]))).toBe(5);
    expect((merged.results as BSCount).total()).toBe(6);
  });
});
