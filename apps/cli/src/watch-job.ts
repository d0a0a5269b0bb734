import type { Job, SamplerResults } from '@bosonic/core';
import { handleInterrupts } from './interrupt.js';
import { formatError } from './output/format-error.js';
import type { Terminal } from './terminal.js';

/** What Ctrl-C does while a job is watched: cancel it (`run`), or only stop waiting for it (`job wait`). */
export type InterruptAction = 'cancel' | 'detach';

/** How watching a job ended. */
export interface WatchOutcome {
  /** The results (partial ones after a cancel), when the job produced some. */
  results?: SamplerResults;
  /** Why there are no results: the launch or the job failed, or the wait was abandoned. */
  error?: unknown;
  /** Whether Ctrl-C (or SIGTERM) was received. */
  interrupted: boolean;
}

/**
 * Launches (optionally) and waits for a job the way a terminal user expects: a progress bar on stderr with the
 * job's progress message, and Ctrl-C handled gracefully — with `'cancel'` the job is canceled and its partial
 * results still come back; with `'detach'` the wait stops and the job keeps running (remote jobs).
 */
export async function watchJob(
  job: Job<SamplerResults>,
  terminal: Terminal,
  options: { action: InterruptAction; launch?: () => Promise<unknown>; timeoutMs?: number | undefined },
): Promise<WatchOutcome> {
  const bar = terminal.progressBar();
  const unsubscribe =
    bar === undefined ? undefined : job.onProgress((progress, message) => bar.update(progress, message));
  const detach = new AbortController();
  const interrupts = handleInterrupts(() => {
    bar?.clear();
    if (options.action === 'cancel') {
      terminal.note('Canceling the job… (press Ctrl-C again to quit at once)');
      job.cancel().catch((error: unknown) => terminal.note(formatError(error)));
    } else {
      detach.abort();
    }
  });
  try {
    if (options.launch !== undefined) await options.launch();
    if (bar !== undefined) {
      const status = job.status;
      bar.update(status.progress, status.progressMessage ?? status.status.toLowerCase());
    }
    const results = await job.wait({
      signal: detach.signal,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return { results, interrupted: interrupts.interrupted };
  } catch (error) {
    return { error, interrupted: interrupts.interrupted };
  } finally {
    interrupts.dispose();
    unsubscribe?.();
    bar?.clear();
  }
}
