/**
 * Dispatch of stored jobs to executors. The routes only announce events to it (a job was stored, a cancel was
 * requested); what runs the jobs — the in-process worker pool, or executors elsewhere behind a distributed
 * queue — is the implementation's business, so another backend plugs in without touching the routes.
 */
export interface JobQueue {
  /** Starts dispatching the jobs waiting in the store. */
  start(): void;
  /**
   * Resolves when jobs can be dispatched now; rejects with ServiceUnavailableError otherwise (creation then answers
   * 503 rather than accepting a job it could not announce).
   */
  checkAvailable(): Promise<void>;
  /** A job was stored `waiting`: run it when an executor is free. */
  notifyEnqueued(jobId: string): void;
  /** A running job was marked `cancel_requested`: stop it (it then stores its partial results). */
  notifyCancelRequested(jobId: string): void;
  /** Jobs currently running here. */
  readonly runningCount: number;
  /**
   * Stops dispatching. Running jobs are stopped and put back in the queue (a later start runs them again),
   * except those that complete meanwhile.
   */
  close(): Promise<void>;
}
