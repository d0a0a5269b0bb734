/** Runs `fn` on a later turn of the event loop (after pending I/O), where `setImmediate` exists; else a 0 ms timer. */
export function later(fn: () => void): void {
  if (typeof globalThis.setImmediate === 'function') globalThis.setImmediate(fn);
  else setTimeout(fn, 0);
}
