/**
 * The job worker: a worker thread that runs the jobs the pool hands it, one at a time, and reports their
 * progress and outcome. Built as its own file (dist/job-worker.js), since a worker thread starts from a path.
 */
import { parentPort } from 'node:worker_threads';
import { type RunningJob, runJob } from './run-job.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

const port = parentPort;
if (port === null) throw new Error('job-worker.js runs as a worker thread of @bosonic/server');

let current: { jobId: string; running: RunningJob } | undefined;

function post(message: FromWorker): void {
  port!.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    if (current?.jobId === message.jobId) current.running.cancel();
    return;
  }
  const { order } = message;
  const running = runJob(order, (progress, text) =>
    post({ type: 'progress', jobId: order.jobId, attempt: order.attempt, progress, message: text }),
  );
  current = { jobId: order.jobId, running };
  void running.outcome.then((outcome) => {
    if (current?.running === running) current = undefined;
    post({ type: 'done', jobId: order.jobId, attempt: order.attempt, outcome });
  });
});
