/**
 * The run-time limit of a job, in seconds: what its creation asked for (`max_execution_time`), capped by the
 * server's `maxJobSeconds`; the cap alone when it asked for none; null when neither sets one.
 */
export function executionTimeLimit(requested: number | null | undefined, cap: number | null): number | null {
  if (requested === undefined || requested === null) return cap;
  return cap === null ? requested : Math.min(requested, cap);
}
