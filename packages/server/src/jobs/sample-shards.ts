import {
  BSCount,
  BSSamples,
  LocalJob,
  Rng,
  type Sampler,
  type SamplerResult,
  type SamplerResults,
  type TaskContext,
} from '@bosonic/core';
import type { Processor } from '@bosonic/simulator';

/** A `samples` / `sample_count` job above this many samples is split into shards (default of `shardSamples`). */
export const DEFAULT_SHARD_SAMPLES = 10_000;

/** Most shards of one job: beyond, shards grow instead. */
export const MAX_SHARDS = 64;

/**
 * The stream numbers of shard seeds start here: far from the small stream numbers core uses for a run's own
 * randomness (1: result conversion) and for the steps of a sweep (1, 2, …), so a shard never replays another draw.
 */
const SHARD_STREAM_BASE = 0x5_0000_0000;

/** One shard of a sampling job: its own seed and its share of the samples. */
export interface SampleShard {
  index: number;
  /** Seed of the shard's sampler: derived from the job's seed and `index` alone. */
  seed: number;
  maxSamples: number;
}

/**
 * How a sampling job is split: `maxSamples` into `⌈maxSamples / shardSamples⌉` shards (at most {@link MAX_SHARDS}) of
 * near-equal size, the first ones taking one more sample when the division is not exact. Shard k samples with the
 * seed of stream `SHARD_STREAM_BASE + k` of the job's seed, so for a fixed seed the merged samples are the same
 * whatever runs the shards and in whatever order they finish. Undefined when the job stays whole (small enough).
 */
export function planShards(
  jobSeed: number,
  maxSamples: number,
  shardSamples: number,
): SampleShard[] | undefined {
  if (maxSamples <= shardSamples) return undefined;
  const count = Math.min(MAX_SHARDS, Math.ceil(maxSamples / shardSamples));
  const base = Math.floor(maxSamples / count);
  const extra = maxSamples % count;
  return Array.from({ length: count }, (_, index) => ({
    index,
    seed: new Rng(jobSeed, SHARD_STREAM_BASE + index).nextUint32(),
    maxSamples: base + (index < extra ? 1 : 0),
  }));
}

/**
 * A job running the shards one after another (each on a sampler of its own seed), reporting progress over the whole job and
 * merging their results in shard order (samples concatenated, counts added). A cancel stops the running shard: the
 * finished shards and the running one's partial samples are the partial results.
 */
export function shardedSamplingJob(
  command: 'samples' | 'sample_count',
  shards: readonly SampleShard[],
  createShardSampler: (seed: number) => Sampler<Processor>,
): LocalJob<SamplerResults> {
  const total = shards.reduce((sum, shard) => sum + shard.maxSamples, 0);
  const task = async (_args: unknown[], ctx: TaskContext): Promise<SamplerResults | undefined> => {
    const parts: SamplerResult[] = [];
    let done = 0;
    for (const shard of shards) {
      if (ctx.cancelRequested) break;
      const job =
        command === 'samples'
          ? createShardSampler(shard.seed).samples
          : createShardSampler(shard.seed).sampleCount;
      const unsubscribe = job.onProgress((progress) =>
        ctx.progress(
          (done + progress * shard.maxSamples) / total,
          `shard ${shard.index + 1}/${shards.length}`,
        ),
      );
      const onAbort = (): void => {
        job.cancel().catch(() => {});
      };
      ctx.signal.addEventListener('abort', onAbort);
      try {
        await job.executeAsync(shard.maxSamples);
        parts.push((await job.wait()) as SamplerResult);
      } catch (error) {
        // A shard canceled before it drew anything adds nothing; any other failure fails the job.
        if (!ctx.cancelRequested) throw error;
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
        unsubscribe();
      }
      done += shard.maxSamples;
    }
    if (parts.length === 0) return undefined;
    if (!ctx.cancelRequested) ctx.progress(1);
    return mergeShardResults(parts);
  };
  return new LocalJob<SamplerResults>(
    task as (args: unknown[], ctx: TaskContext) => Promise<SamplerResults>,
    {
      name: command,
    },
  );
}

/** The shards' results as one: samples concatenated or counts added, in shard order; perf figures weighted by size. */
export function mergeShardResults(parts: readonly SamplerResult[]): SamplerResult {
  const sizes = parts.map((part) => sizeOf(part.results));
  const weight = sizes.reduce((a, b) => a + b, 0) || 1;
  const mean = (pick: (part: SamplerResult) => number | undefined): number | undefined => {
    if (parts.some((part) => pick(part) === undefined)) return undefined;
    return parts.reduce((sum, part, i) => sum + pick(part)! * sizes[i]!, 0) / weight;
  };
  let results: BSSamples | BSCount;
  if (parts[0]!.results instanceof BSSamples) {
    const samples = parts.map((part) => part.results as BSSamples);
    const m = samples.find((s) => s.m !== undefined)?.m ?? 0;
    const flat = new Uint8Array(samples.reduce((sum, s) => sum + s.length * m, 0));
    let offset = 0;
    for (const s of samples) {
      flat.set(s.toFlat(), offset);
      offset += s.length * m;
    }
    results = BSSamples.fromFlat(
      m,
      flat,
      samples.reduce((sum, s) => sum + s.length, 0),
    );
  } else {
    const counts = new BSCount();
    for (const part of parts) for (const [state, count] of part.results as BSCount) counts.add(state, count);
    results = counts;
  }
  const merged: SamplerResult = { results, globalPerf: mean((part) => part.globalPerf) ?? Number.NaN };
  const physical = mean((part) => part.physicalPerf);
  const logical = mean((part) => part.logicalPerf);
  if (physical !== undefined) merged.physicalPerf = physical;
  if (logical !== undefined) merged.logicalPerf = logical;
  return merged;
}

function sizeOf(results: SamplerResult['results']): number {
  if (results instanceof BSSamples) return results.length;
  if (results instanceof BSCount) return results.total();
  return 0;
}
