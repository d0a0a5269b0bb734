import { type BSCount, type BSSamples, Sampler, type SamplerResult } from '@bosonic/core';
import { stopMessageOf } from '@bosonic/core/internal';
import { deserialize, type JobContext, validateCreateJobRequest } from '@bosonic/protocol';
import type { Logger } from 'pino';
import { type RunningJob, stoppedEarlyMessage, throttled } from '../../execution/run-job.js';
import { startDeadline } from '../../jobs/execution-time-limit.js';
import { resultsContentText } from '../../jobs/results-content.js';
import { mergeShardResults, type SampleShard } from '../../jobs/sample-shards.js';
import { type ExecutionLimits, planSamplerJob, type SamplerJobPlan } from '../../jobs/sampler-job-plan.js';
import { samplesProduced } from '../../jobs/samples-produced.js';
import type { SimulatorPlatform } from '../../platforms/platforms.js';
import type { ClaimedJob, JobOutcome, ShardLease } from '../../store/job-record.js';
import type { SharedJobStore } from '../../store/job-store.js';

/**
 * Split sampling jobs in the distributed mode: the worker that takes the job records its shards, queues one BullMQ
 * job per shard (any worker takes them, several at once), runs shards itself while any waits, and once every shard
 * is done merges their results in shard order — the same merge, of the same shards with the same seeds, as the
 * embedded mode's, so the samples of a seed do not depend on how many workers ran them. A shard whose worker died
 * (lease lapsed) is taken again alone; a cancel stops the running shards (their partial samples are kept) and skips
 * the waiting ones.
 */

/** What a shard run needs from its executor. */
export interface ShardContext {
  store: SharedJobStore;
  limits: ExecutionLimits;
  progressIntervalMs: number;
  logger: Logger;
  /** True once the executor is shutting down (a stopped shard goes back to waiting, not done). */
  closing(): boolean;
  /** Registers a running shard for lease renewal; the returned function unregisters it. */
  track(shard: TrackedShard): () => void;
}

/** A shard running on this process. */
export interface TrackedShard {
  lease: ShardLease;
  cancel(): void;
  /** The database gave the shard to another run: write nothing. */
  superseded: boolean;
}

/** The plan of a stored request, or the message of why it cannot run. */
export function planStoredRequest(
  request: string,
  platform: SimulatorPlatform,
  limits: ExecutionLimits,
): { plan: SamplerJobPlan; jobContext: JobContext | null } | { error: string } {
  try {
    const body = validateCreateJobRequest(JSON.parse(request));
    return {
      plan: planSamplerJob(body, platform, limits),
      jobContext: (body.payload.job_context ?? null) as JobContext | null,
    };
  } catch (error) {
    return { error: stopMessageOf(error) };
  }
}

/** Runs attempt `lease.attempt` of one shard and stores its end (results, error, or back to waiting at shutdown). */
export async function runShard(
  ctx: ShardContext,
  lease: ShardLease,
  plan: SamplerJobPlan & { shards: SampleShard[] },
): Promise<void> {
  const shard = plan.shards[lease.shard]!;
  const sampler = new Sampler(plan.sampler.processor, { seed: shard.seed });
  const job = plan.command === 'sample_count' ? sampler.sampleCount : sampler.samples;
  const tracked: TrackedShard = { lease, cancel: () => void job.cancel().catch(() => {}), superseded: false };
  const untrack = ctx.track(tracked);
  ctx.logger.debug({ jobId: lease.id, shard: lease.shard, attempt: lease.attempt }, 'shard run started');
  const report = throttled((progress) => {
    ctx.store
      .reportShardProgress(lease, progress)
      .catch((error: unknown) => ctx.logger.warn({ err: error, ...lease }, 'shard progress not saved'));
  }, ctx.progressIntervalMs);
  const unsubscribe = job.onProgress((progress) => report.update(progress, null));
  let results: string | null;
  try {
    try {
      await job.executeAsync(shard.maxSamples);
    } catch {
      // In the job's status; wait() reports it.
    }
    try {
      const part = (await job.wait()) as SamplerResult;
      results = resultsContentText(part, { wireIterations: [], jobContext: null });
    } catch (error) {
      results = job.status.canceled
        ? null
        : JSON.stringify({ error: job.status.stopMessage ?? stopMessageOf(error) });
    }
  } finally {
    unsubscribe();
    untrack();
  }
  ctx.logger.debug({ jobId: lease.id, shard: lease.shard, attempt: lease.attempt }, 'shard run ended');
  if (tracked.superseded) return;
  if (ctx.closing() && !job.status.success) await ctx.store.requeueShard(lease);
  else await ctx.store.finishShard(lease, results);
}

/**
 * The run of a split job on the worker that took it: a {@link RunningJob} like `runJob`'s, whose outcome merges
 * the shards. `queueShards` announces the shards to BullMQ.
 */
export function coordinateShards(
  ctx: ShardContext,
  job: ClaimedJob,
  planned: { plan: SamplerJobPlan & { shards: SampleShard[] }; jobContext: JobContext | null },
  queueShards: (count: number) => Promise<void>,
  onProgress: (progress: number, message: string | null) => void,
): RunningJob {
  const { plan } = planned;
  const shards = plan.shards;
  const total = shards.reduce((sum, shard) => sum + shard.maxSamples, 0);
  const limit = job.maxExecutionTime;
  let canceled = false;
  let outOfTime = false;
  let own: TrackedShard | undefined;
  const ownTrack: ShardContext = {
    ...ctx,
    track: (shard) => {
      own = shard;
      const untrack = ctx.track(shard);
      return () => {
        own = undefined;
        untrack();
      };
    },
  };
  const cancel = (): void => {
    canceled = true;
    own?.cancel();
  };
  // The limit covers the whole job, every shard wherever it runs: once reached, the job stops as a cancel does —
  // the waiting shards are skipped, the running ones (here at once, on other workers at their next lease renewal,
  // through the job's status) keep their partial samples.
  const deadline = startDeadline(limit, () => {
    outOfTime = true;
    cancel();
    ctx.store
      .requestRunStop(job.id, job.attempt)
      .catch((error: unknown) =>
        ctx.logger.warn({ err: error, jobId: job.id }, 'the stop of a job out of time not saved'),
      );
  });
  const stopMessage = (partial: boolean): string => stoppedEarlyMessage(outOfTime ? limit : null, partial);

  const run = async (): Promise<JobOutcome> => {
    await ctx.store.createShards(job.id, shards.length);
    await queueShards(shards.length).catch((error: unknown) =>
      // This worker runs them itself meanwhile, and the others' reconcilers do not need them queued.
      ctx.logger.warn({ err: error, jobId: job.id }, 'shards not queued; running them here'),
    );
    const report = throttled(onProgress, ctx.progressIntervalMs);
    for (;;) {
      // Shutting down: this worker's own shard has stopped (runShard returned); the shards of other workers
      // go on and the next run of the job finds them.
      if (ctx.closing()) break;
      const states = await ctx.store.shardStates(job.id);
      const drawn = states.reduce((sum, state) => sum + state.progress * shards[state.shard]!.maxSamples, 0);
      const done = states.filter((state) => state.status === 'done').length;
      report.update(drawn / total, `${done}/${shards.length} shards done`);
      if (canceled) {
        await ctx.store.skipWaitingShards(job.id);
        if (states.every((state) => state.status !== 'running' || state.lapsed)) break;
      } else {
        if (done === shards.length) break;
        const next = states.find((state) => state.status === 'waiting' || state.lapsed);
        const claim = next === undefined ? undefined : await ctx.store.claimShard(job.id, next.shard);
        if (claim !== undefined) {
          await runShard(ownTrack, { id: job.id, shard: next!.shard, attempt: claim.attempt }, plan);
          continue;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    report.flush();
    const states = await ctx.store.shardStates(job.id);
    if (ctx.closing() && !canceled && states.some((state) => state.status !== 'done')) {
      // Shutting down: the executor puts the job back; the shards done so far are kept for the next run.
      return { status: 'canceled', results: null, message: 'Stopped by a worker shutdown' };
    }
    return mergeOutcome(states, planned.jobContext, canceled, stopMessage);
  };

  return {
    cancel,
    outcome: run()
      .catch(
        (error: unknown): JobOutcome => ({ status: 'error', results: null, message: stopMessageOf(error) }),
      )
      .finally(() => deadline.clear()),
  };
}

/** The job's outcome from its shards' stored results. */
function mergeOutcome(
  states: readonly { shard: number; results: string | null }[],
  jobContext: JobContext | null,
  canceled: boolean,
  stopMessage: (partial: boolean) => string,
): JobOutcome {
  const parts: SamplerResult[] = [];
  for (const state of states) {
    if (state.results === null) continue;
    const content = JSON.parse(state.results) as { error?: string; results?: string; global_perf?: number };
    if (content.error !== undefined) return { status: 'error', results: null, message: content.error };
    const results = deserialize(content.results!) as BSSamples | BSCount;
    const part: SamplerResult = { results, globalPerf: content.global_perf ?? Number.NaN };
    const perfs = content as { physical_perf?: number; logical_perf?: number };
    if (perfs.physical_perf !== undefined) part.physicalPerf = perfs.physical_perf;
    if (perfs.logical_perf !== undefined) part.logicalPerf = perfs.logical_perf;
    parts.push(part);
  }
  if (parts.length === 0) return { status: 'canceled', results: null, message: stopMessage(false) };
  const merged = mergeShardResults(parts);
  const text = resultsContentText(merged, { wireIterations: [], jobContext });
  const samples = samplesProduced(merged);
  return canceled
    ? { status: 'canceled', results: text, message: stopMessage(true), samples }
    : { status: 'completed', results: text, message: null, samples };
}
