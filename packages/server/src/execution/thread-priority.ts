import { getPriority, setPriority } from 'node:os';

/**
 * How much lower the threads whose work may wait (the job workers, the request checker) run than the event loop's
 * (nice steps, Linux only): answering the other clients may not wait. At 10 steps the scheduler gives the event
 * loop about nine times such a thread's share of a core they contend for.
 */
export const BACKGROUND_PRIORITY_STEPS = 10;

/** The largest nice value (the lowest priority). */
const LOWEST_PRIORITY = 19;

/**
 * The nice value a background thread takes when its creator's is `current`: `steps` higher, at most the lowest
 * priority (19).
 */
export function backgroundNiceValue(current: number, steps: number = BACKGROUND_PRIORITY_STEPS): number {
  return Math.min(LOWEST_PRIORITY, current + steps);
}

/**
 * Lowers the priority of the calling thread only, raising its nice value by `steps` (up to 19), where the system
 * allows it per thread: on Linux, `setpriority(PRIO_PROCESS, 0, …)` (what `os.setPriority(n)` calls) sets the
 * nice value of the calling thread, not of the process. Elsewhere it would renice the whole server, event loop
 * included, so nothing is changed there.
 * Run first by the worker threads whose work may wait (job workers, request checker): on a busy machine the
 * scheduler then gives the CPU to the event loop's thread first, so that a long job or a request that is slow to
 * decode slows itself rather than every other client's answers. The simulator's native threads inherit the value
 * from the thread that starts them.
 * @returns whether the priority was lowered.
 */
export function lowerThisThreadPriority(steps: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // A thread starts with its creator's nice value (the server may run niced already): relative to it.
    const current = getPriority();
    if (current >= LOWEST_PRIORITY) return false;
    setPriority(backgroundNiceValue(current, steps));
    return true;
  } catch {
    // Refused by a sandbox (seccomp): the thread keeps the process's priority.
    return false;
  }
}
