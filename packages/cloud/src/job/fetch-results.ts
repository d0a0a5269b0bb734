import { HttpError, RunningStatus } from '@bosonic/core';
import type { JobResultResponse } from '@bosonic/protocol';
import { TOLERATED_POLL_STATUSES } from '../rpc/poll-error-budget.js';
import type { CallOptions, RpcClient } from '../rpc/rpc-client.js';

/**
 * `GET /api/job/result/{id}` for a job the server reports completed with `status`. A canceled job may have
 * produced nothing: a plain 4xx (not one of the transient ones) then means "no partial results" (`null`).
 * Every other failure is thrown, for the caller's poll-error budget to judge.
 */
export async function fetchCompletedResults(
  rpc: RpcClient,
  jobId: string,
  status: RunningStatus,
  options: CallOptions = {},
): Promise<JobResultResponse | null> {
  try {
    return await rpc.getJobResult(jobId, options);
  } catch (error) {
    const plainClientError =
      error instanceof HttpError &&
      error.status >= 400 &&
      error.status < 500 &&
      !TOLERATED_POLL_STATUSES.has(error.status);
    if (status === RunningStatus.CANCELED && plainClientError) return null;
    throw error;
  }
}
