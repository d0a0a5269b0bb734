/**
 * The job worker: a worker thread that runs the jobs the pool hands it (one of any size, and tiny ones next to
 * it) and reports their progress and outcome. Built as its own file (dist/job-worker.js), since a worker thread starts from a path.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulatorPlatforms } from '../platforms/platforms.js';
import type { JobOutcome } from '../store/job-record.js';
import { type RunningJob, runJob } from './run-job.js';
import { lowerThisThreadPriority } from './thread-priority.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.js';

const port = parentPort;
if (port === null) throw new Error('job-worker.js runs as a worker thread of @bosonic/server');
const setup = workerData as WorkerSetup;

// Jobs compute at a lower CPU priority than the HTTP thread, so that the API stays responsive when jobs fill every
// core.
lowerThisThreadPriority(setup.prioritySteps);
const platforms = simulatorPlatforms(setup.limits.memoryLimitBytes);

/** The jobs this worker runs (one of any size, and quick ones next to it), by id. */
const running = new Map<string, RunningJob>();

function post(message: FromWorker): void {
  port!.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    running.get(message.jobId)?.cancel();
    return;
  }
  const { jobId, attempt } = message;
  const platform = platforms.get(message.platform);
  if (platform === undefined) {
    const outcome: JobOutcome = {
      status: 'error',
      results: null,
      message: `This server no longer offers the platform ${message.platform}`,
    };
    post({ type: 'done', jobId, attempt, outcome });
    return;
  }
  const order = {
    jobId,
    attempt,
    platform,
    request: message.request,
    maxExecutionTime: message.maxExecutionTime,
    ...setup,
  };
  const job = runJob(order, (progress, text) =>
    post({ type: 'progress', jobId, attempt, progress, message: text }),
  );
  running.set(jobId, job);
  void job.outcome.then((outcome) => {
    running.delete(jobId);
    post({ type: 'done', jobId, attempt, outcome });
  });
});
