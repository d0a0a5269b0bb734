/**
 * Worker-thread entry of a remote `executeSync` (built to `dist/sync-worker.js`). The caller's thread is
 * blocked in `Atomics.wait`; this worker creates the job, polls its status, fetches its results, and reports
 * each step as a message followed by a bump of the shared counter, which wakes the caller up to read it with
 * `receiveMessageOnPort`. It never decodes results: the caller does, with the model classes of its own thread.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { RunningStatus } from '@bosonic/core';
import { runningStatusFromWire } from '@bosonic/core/internal';
import { fetchCompletedResults } from '../job/fetch-results.js';
import { PollErrorBudget } from '../rpc/poll-error-budget.js';
import { sleep } from '../rpc/retry-policy.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { EXITED, SEQ, type SyncJobOrder, type SyncReport, serializeError } from './sync-messages.js';

interface WorkerInput {
  order: SyncJobOrder;
  port: MessagePort;
  shared: Int32Array;
}

const { order, port, shared } = workerData as WorkerInput;

function report(message: SyncReport): void {
  port.postMessage(message);
  Atomics.add(shared, SEQ, 1);
  Atomics.notify(shared, SEQ);
}

// However the worker ends (even on a crash), the caller must stop waiting.
process.on('exit', () => {
  Atomics.store(shared, EXITED, 1);
  Atomics.add(shared, SEQ, 1);
  Atomics.notify(shared, SEQ);
});

async function run(): Promise<void> {
  const rpc = new RpcClient(order.settings);
  try {
    const id = await rpc.createJob(order.body, { idempotencyKey: order.idempotencyKey });
    report({ type: 'created', id });
    const budget = new PollErrorBudget();
    for (;;) {
      await sleep(order.refreshIntervalMs);
      try {
        const response = await rpc.getJobStatus(id);
        report({ type: 'status', response });
        const status = runningStatusFromWire(response.status);
        if (status === RunningStatus.ERROR) break;
        if (status === RunningStatus.SUCCESS || status === RunningStatus.CANCELED) {
          report({ type: 'results', response: await fetchCompletedResults(rpc, id, status) });
          break;
        }
        budget.succeeded();
      } catch (error) {
        budget.absorb(error); // rethrows the fatal ones
      }
    }
  } finally {
    await rpc.close();
  }
}

run().then(
  () => report({ type: 'done' }),
  (error: unknown) => {
    report({ type: 'error', error: serializeError(error) });
    report({ type: 'done' });
  },
);
