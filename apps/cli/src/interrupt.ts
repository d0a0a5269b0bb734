/** What {@link handleInterrupts} returns: whether Ctrl-C was pressed, and how to stop listening. */
export interface InterruptHandle {
  readonly interrupted: boolean;
  dispose(): void;
}

/**
 * Handles Ctrl-C (SIGINT) and SIGTERM while a job runs: the first signal calls `onFirst` (cancel the job, or stop
 * waiting for it) so that the command can still print what it has; a second one quits at once with code 130.
 */
export function handleInterrupts(onFirst: (signal: NodeJS.Signals) => void): InterruptHandle {
  let interrupted = false;
  const listener = (signal: NodeJS.Signals) => {
    if (interrupted) {
      process.stderr.write('\nInterrupted again: quitting now.\n');
      process.exit(130);
    }
    interrupted = true;
    onFirst(signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return {
    get interrupted() {
      return interrupted;
    },
    dispose() {
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    },
  };
}
