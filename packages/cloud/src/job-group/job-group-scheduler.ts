import { HttpError, ValidationError } from '@bosonic/core';
import { optionalPositiveInteger } from '@bosonic/core/internal';
import { sleep } from '../rpc/retry-policy.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import { isFailed, isFinal, type JobGroupEntry, syncEntry } from './job-group-entry.js';

/** Options of the run methods. */
export interface JobGroupRunOptions {
  /** Most jobs of this group queued at once (default: what the cloud's availability allows). */
  concurrentJobCount?: number;
  /** Stops the run (the jobs already sent keep running); it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of the rerun methods. */
export interface JobGroupRerunOptions extends JobGroupRunOptions {
  /** Put each new job in the place of the failed one (default true), or append it. */
  replaceFailedJobs?: boolean;
}

/** Which jobs a run sends: those never sent, or those that failed (sent again as new jobs). */
export type JobGroupTargets = 'unsent' | 'failed';

/** A run of the scheduler. */
export interface JobGroupRunPlan {
  targets: JobGroupTargets;
  /** Pause between two launches, in ms. */
  delayMs: number;
  /** One job at a time, each once the previous one finished. */
  sequential: boolean;
  options: JobGroupRerunOptions;
}

/** What the scheduler works on: the group's entries (it appends the reruns not put in place) and its file. */
export interface ScheduledJobGroup {
  /** The group's name, given to each job it sends. */
  readonly name: string;
  readonly entries: JobGroupEntry[];
  /** Saves the group (after a launch, and when a refresh changed a status). */
  save(): void;
}

/**
 * Sends a group's jobs within each account's queue quota (`GET /api/jobs/availability`, capped by
 * `concurrentJobCount`) and polls them until they end, `pollIntervalMs` apart: Perceval's `JobGroup` run loops.
 */
export class JobGroupScheduler {
  readonly #group: ScheduledJobGroup;
  readonly #pollIntervalMs: number;

  constructor(group: ScheduledJobGroup, pollIntervalMs: number) {
    this.#group = group;
    this.#pollIntervalMs = pollIntervalMs;
  }

  /** Sends the targets as the plan says and waits until every job it sent has ended. */
  async run(plan: JobGroupRunPlan): Promise<void> {
    const { options } = plan;
    // The jobs to send are chosen once: a rerun that fails again is not rerun by the same call.
    const pending = this.targets(plan.targets);
    const launched: JobGroupEntry[] = [];
    for (;;) {
      options.signal?.throwIfAborted();
      const busy = plan.sequential && launched.some((entry) => !entry.job.knownStatus.completed);
      if (!busy && pending.length > 0) {
        const capped = plan.sequential ? { ...options, concurrentJobCount: 1 } : options;
        await this.#launchRound(plan.targets, pending, capped, plan.sequential, plan.delayMs, launched);
      }
      const active = launched.filter((entry) => !entry.job.knownStatus.completed);
      if (pending.length === 0 && active.length === 0) return;
      await sleep(this.#pollIntervalMs, options.signal ? { signal: options.signal } : {});
      await this.refresh(active);
    }
  }

  /** Sends as many targets as the quota allows, without waiting. @returns how many were sent. */
  launch(kind: JobGroupTargets, options: JobGroupRerunOptions): Promise<number> {
    return this.#launchRound(kind, this.targets(kind), options, false, 0);
  }

  /** The entries a run of `kind` would send, in the group's order. */
  targets(kind: JobGroupTargets): JobGroupEntry[] {
    return this.#group.entries.filter((entry) =>
      kind === 'unsent' ? entry.status === null : isFailed(entry.status),
    );
  }

  /**
   * Refreshes the sent jobs of `entries` whose last known status is not final (and, with `all`, the reloaded
   * completed ones whose results this process does not hold yet); saves the group when a status changed.
   */
  async refresh(entries: readonly JobGroupEntry[], all = false): Promise<void> {
    let changed = false;
    await Promise.all(
      entries.map(async (entry) => {
        const job = entry.job;
        if (syncEntry(entry)) changed = true;
        if (!job.wasSent || job.knownStatus.completed) return;
        if (isFinal(entry.status) && !all) return;
        await job.refresh();
        entry.stale = false;
        if (syncEntry(entry)) changed = true;
      }),
    );
    if (changed) this.#group.save();
  }

  /**
   * Sends what the quota allows from `pending` (removing what it sends); returns how many jobs were sent.
   * A launch failure is saved in the file, then raised.
   */
  async #launchRound(
    kind: JobGroupTargets,
    pending: JobGroupEntry[],
    options: JobGroupRerunOptions,
    sequential: boolean,
    delayMs: number,
    launched: JobGroupEntry[] = [],
  ): Promise<number> {
    if (pending.length === 0) return 0;
    const slots = await freeSlots(pending, options.concurrentJobCount);
    let count = 0;
    for (const entry of [...pending]) {
      const account = entry.job.link.rpc.account;
      const free = slots.get(account) ?? 0;
      if (free <= 0) continue;
      if (count > 0 && delayMs > 0) await sleep(delayMs, options.signal ? { signal: options.signal } : {});
      options.signal?.throwIfAborted();
      slots.set(account, free - 1);
      pending.splice(pending.indexOf(entry), 1);
      try {
        if (kind === 'unsent') {
          entry.job.setJobGroupName(this.#group.name);
          await entry.job.executeAsync();
          launched.push(entry);
        } else {
          const copy = await entry.job.rerun();
          if (options.replaceFailedJobs ?? true) {
            entry.job = copy;
            launched.push(entry);
          } else {
            const added: JobGroupEntry = { job: copy, status: null, stale: false };
            this.#group.entries.push(added);
            syncEntry(added);
            launched.push(added);
          }
        }
      } finally {
        syncEntry(entry);
        this.#group.save();
      }
      count += 1;
      if (sequential) break;
    }
    return count;
  }
}

/**
 * Free queue slots per account ({@link RpcClient.account}: jobs of several processors on one cloud with one token
 * share its quota): the cloud's availability, capped by `concurrentJobCount`. A cloud that cannot tell its quota
 * (an HTTP error) gets `concurrentJobCount` slots, which must then be given.
 * @throws ValidationError (field `concurrentJobCount`) for a count that is not a positive integer, or when it is
 *   needed and missing.
 */
export async function freeSlots(
  targets: readonly JobGroupEntry[],
  concurrentJobCount: number | undefined,
): Promise<Map<string, number>> {
  optionalPositiveInteger(concurrentJobCount, 'concurrentJobCount');
  const clients = new Map<string, RpcClient>();
  for (const entry of targets) {
    const rpc = entry.job.link.rpc;
    if (!clients.has(rpc.account)) clients.set(rpc.account, rpc);
  }
  const slots = new Map<string, number>();
  for (const [account, rpc] of clients) {
    let free: number;
    try {
      const availability = await rpc.getAvailability();
      free = availability.max_jobs_in_queue - availability.num_jobs_in_queue;
      if (concurrentJobCount !== undefined) free = Math.min(free, concurrentJobCount);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (concurrentJobCount === undefined) {
        throw new ValidationError(
          'Unable to determine the number of concurrent jobs from the cloud; set concurrentJobCount',
          { field: 'concurrentJobCount', cause: error },
        );
      }
      free = concurrentJobCount;
    }
    slots.set(account, Math.max(0, free));
  }
  return slots;
}
