/**
 * The run-time limit of a job, in seconds: what its creation asked for (`max_execution_time`), capped by the
 * server's `maxJobSeconds`; the cap alone when it asked for none; null when neither sets one.
 */
export function executionTimeLimit(requested: number | null | undefined, cap: number | null): number | null {
  if (requested === undefined || requested === null) return cap;
  return cap === null ? requested : Math.min(requested, cap);
}

/** Stop message of a job stopped by its run-time limit. */
export function outOfTimeMessage(seconds: number, partial: boolean): string {
  return (
    `Ran out of time: stopped after its max_execution_time of ${seconds} s; ` +
    (partial ? 'partial results kept' : 'no results were produced before it stopped')
  );
}

/** Longest delay one `setTimeout` takes (a longer one would fire at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `expire` once `seconds` have passed (any length, in steps a timer can take), unless cleared first; does
 * nothing when `seconds` is null (no limit). A run's clock starts with the run: a run after a restart has its full
 * time again.
 */
export function startDeadline(seconds: number | null, expire: () => void): { clear(): void } {
  if (seconds === null) return { clear: () => {} };
  const end = performance.now() + seconds * 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const left = end - performance.now();
    if (left <= 0) expire();
    else timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}
