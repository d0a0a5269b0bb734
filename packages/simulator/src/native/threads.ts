import { checkIntegerInRange } from '@bosonic/core/internal';

/** Most worker threads one native computation may use. */
export const MAX_THREADS = 1024;

/**
 * The thread count to hand the engine: 0 (every core) when `threads` is not given, else `threads` checked.
 * @throws ValidationError (field `threads`) unless an integer from 1 to {@link MAX_THREADS}.
 */
export function engineThreads(threads: unknown): number {
  return threads === undefined ? 0 : checkIntegerInRange(threads, 'threads', 1, MAX_THREADS);
}
