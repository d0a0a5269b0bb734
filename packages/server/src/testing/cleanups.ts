import { afterEach } from 'vitest';
import { temporaryDataDir } from './test-server.js';

/**
 * Things a test file undoes after each test, last first (servers closed before their data directories are
 * removed). Call once at the top level of a test file.
 */
export function cleanupAfterEach(): {
  /** Runs `cleanup` after the current test. */
  defer(cleanup: () => Promise<unknown> | unknown): void;
  /** A fresh data directory, removed after the current test. */
  dataDir(): string;
} {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    defer: (cleanup) => {
      cleanups.push(cleanup);
    },
    dataDir: () => {
      const dir = temporaryDataDir();
      cleanups.push(dir.remove);
      return dir.dataDir;
    },
  };
}
