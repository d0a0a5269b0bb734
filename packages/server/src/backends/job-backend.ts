import type { JobQueue } from '../queue/job-queue.js';
import type { JobStore, TokenStore } from '../store/job-store.js';

/** Where a server keeps its jobs and how it runs them: the embedded or the distributed backend. */
export interface JobBackend {
  store: JobStore & TokenStore;
  queue: JobQueue;
  /** Resolves when the store and the queue answer; rejects with ServiceUnavailableError naming the one down. */
  ready(): Promise<void>;
  /** Stops the queue (running jobs are put back), then releases the store and the connections. */
  close(): Promise<void>;
}
