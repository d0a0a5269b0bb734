/**
 * The request checker: a worker thread that decodes and checks large create-job requests (inflating `zip:`
 * values, building the experiment, checking it against the platform), so that the HTTP thread keeps answering
 * meanwhile. Built as its own file (dist/request-checker.js), since a worker thread starts from a path.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { BosonicError, ResourceLimitError, ValidationError } from '@bosonic/core';
import { validateCreateJobRequest } from '@bosonic/protocol';
import { planSamplerJob } from '../jobs/sampler-job-plan.js';
import { simulatorPlatforms } from '../platforms/platforms.js';
import type { CheckerSetup, CheckOrder, CheckVerdict } from './request-checker-messages.js';

const port = parentPort;
if (port === null) throw new Error('request-checker.js runs as a worker thread of @bosonic/server');
const setup = workerData as CheckerSetup;
const platforms = simulatorPlatforms(setup.limits.memoryLimitBytes);

port.on('message', (order: CheckOrder) => {
  port.postMessage(check(order));
});

function check(order: CheckOrder): CheckVerdict {
  try {
    const platform = platforms.get(order.platform);
    if (platform === undefined)
      throw new ValidationError(`platform_name: unknown platform '${order.platform}'`);
    const body = validateCreateJobRequest(JSON.parse(order.request));
    const { quick } = planSamplerJob(body, platform, setup.limits);
    return { id: order.id, ok: true, quick };
  } catch (error) {
    const kind =
      error instanceof ValidationError
        ? 'validation'
        : error instanceof ResourceLimitError
          ? 'resource'
          : 'other';
    return {
      id: order.id,
      ok: false,
      kind,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof ValidationError && error.field !== undefined ? { field: error.field } : {}),
      code: error instanceof BosonicError ? error.code : 'ERR_INTERNAL',
    };
  }
}
