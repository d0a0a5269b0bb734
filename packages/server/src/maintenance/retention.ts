import type { Logger } from 'pino';
import type { JobStore } from '../store/job-store.js';

/** Jobs removed per store call: small, so that no call holds the store for long. */
export const PURGE_BATCH = 200;

/** Options of {@link startRetention}. */
export interface RetentionOptions {
  store: JobStore;
  /** Finished jobs are kept this long after they stop, in days (fractions allowed). */
  retentionDays: number;
  logger: Logger;
  /** Time between two sweeps, in ms (default: a quarter of the retention, from 1 s to 10 min). */
  intervalMs?: number;
  /** Clock, in seconds since the epoch (tests). */
  now?: () => number;
}

/** A running retention: `close()` stops it after the batch in progress (if any). */
export interface Retention {
  /** Resolves once the sweep in progress, if any, has stopped. */
  close(): Promise<void>;
  /** Runs one sweep now (also on the timer); resolves with the number of jobs removed. */
  sweep(): Promise<number>;
}

/**
 * Purges finished jobs (with their results) once they stopped more than `retentionDays` ago, in the background:
 * a sweep at start and then every `intervalMs`, each removing batches of {@link PURGE_BATCH} jobs with a turn of
 * the event loop between two batches, so that requests are served in between however many jobs are due.
 */
export function startRetention(options: RetentionOptions): Retention {
  const retentionSeconds = options.retentionDays * 86_400;
  const now = options.now ?? (() => Date.now() / 1000);
  const intervalMs =
    options.intervalMs ?? Math.min(600_000, Math.max(1000, Math.floor((retentionSeconds * 1000) / 4)));
  let closed = false;
  let running: Promise<number> | undefined;

  const sweepOnce = async (): Promise<number> => {
    const cutoff = now() - retentionSeconds;
    let removed = 0;
    while (!closed) {
      const count = await options.store.purgeFinished(cutoff, PURGE_BATCH);
      removed += count;
      if (count < PURGE_BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (removed > 0)
      options.logger.info({ removed, retentionDays: options.retentionDays }, 'purged old jobs');
    return removed;
  };

  const sweep = (): Promise<number> => {
    running ??= sweepOnce()
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'retention sweep failed; the next one retries');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  void sweep();
  return {
    sweep,
    async close() {
      closed = true;
      clearInterval(timer);
      await running;
    },
  };
}
