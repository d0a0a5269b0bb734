/**
 * Hosts the test cloud on a worker thread, for tests that block the main thread (`executeSync`): a server on
 * the blocked thread could not answer. Started through {@link startTestCloudThread}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type JobScript, startTestCloud } from './cloud-test-server.js';
import { resultsFor } from './fixtures.js';

/** What the thread is told: tokens, and a script per job name. */
export interface TestCloudThreadOptions {
  tokens?: string[];
  /** Script of the jobs named so (`job_name`); others run with the defaults. */
  scripts?: Record<string, JobScript>;
}

const options = (workerData ?? {}) as TestCloudThreadOptions;
const cloud = await startTestCloud({
  ...(options.tokens === undefined ? {} : { tokens: options.tokens }),
  results: resultsFor,
  script: (request) => options.scripts?.[request.job_name ?? ''] ?? {},
});
parentPort?.on('message', (message: unknown) => {
  if (message === 'jobs') {
    parentPort?.postMessage({
      jobs: [...cloud.jobs.values()].map((job) => ({ id: job.id, status: job.status })),
    });
  }
  if (message === 'close') {
    void cloud.close().then(() => parentPort?.close());
  }
});
parentPort?.postMessage({ url: cloud.url });
