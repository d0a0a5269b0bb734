/**
 * The request checker: a worker thread that parses large request bodies and decodes and checks large create-job
 * requests (inflating `zip:` values, building the experiment, checking it against the platform), so that the HTTP
 * thread keeps answering meanwhile. Built as its own file (dist/request-checker.js), since a worker thread starts
 * from a path.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { BosonicError, ResourceLimitError, ValidationError } from '@bosonic/core';
import { validateCreateJobRequest } from '@bosonic/protocol';
import secureJsonParse from 'secure-json-parse';
import { createJobBody, requestValidator } from '../http/schemas.js';
import { checkPcvlValueLengths } from '../jobs/pcvl-value-lengths.js';
import { planSamplerJob } from '../jobs/sampler-job-plan.js';
import { simulatorPlatforms } from '../platforms/platforms.js';
import type {
  CheckerSetup,
  CheckOrder,
  CheckVerdict,
  ParseOrder,
  RefusalVerdict,
} from './request-checker-messages.js';
import { lowerThisThreadPriority } from './thread-priority.js';

const port = parentPort;
if (port === null) throw new Error('request-checker.js runs as a worker thread of @bosonic/server');
const setup = workerData as CheckerSetup;
lowerThisThreadPriority(setup.prioritySteps);
const platforms = simulatorPlatforms(setup.limits.memoryLimitBytes);
const checkCreateJobBody = requestValidator(createJobBody, 'body');

/** The bodies being received, by order id. */
const bodies = new Map<number, { chunks: Uint8Array[]; createJob: boolean }>();

port.on('message', (order: CheckOrder | ParseOrder) => {
  switch (order.kind) {
    case 'check':
      port.postMessage(check(order));
      return;
    case 'parse-start':
      bodies.set(order.id, { chunks: [], createJob: order.createJob });
      return;
    case 'parse-chunk': {
      const body = bodies.get(order.id);
      if (body !== undefined) for (const chunk of order.chunks) body.chunks.push(chunk);
      return;
    }
    case 'parse-abort':
      bodies.delete(order.id);
      return;
    case 'parse-end': {
      const body = bodies.get(order.id);
      bodies.delete(order.id);
      // A body started in a checker that died since is unknown here: its request was already refused.
      if (body !== undefined) port.postMessage(parse(order.id, Buffer.concat(body.chunks), body.createJob));
      return;
    }
  }
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
    return refusal(order.id, error);
  }
}

/**
 * Parses a body as the HTTP thread does small ones (Fastify's parser: secure-json-parse refusing `__proto__` and
 * `constructor.prototype`; blank is no body). A create-job body with an over-long `:PCVL:` value is refused here,
 * so that the HTTP thread never receives its megabytes.
 */
function parse(id: number, bytes: Buffer, createJob: boolean): CheckVerdict {
  // Decoded as Fastify decodes small bodies (a byte-order mark is left to the JSON parser).
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { id, ok: true, value: undefined };
  let value: unknown;
  try {
    value = secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    return { id, ok: false, kind: 'json', message: String(error), code: 'ERR_JSON' };
  }
  try {
    if (createJob) {
      checkPcvlValueLengths(value);
      // The route's own schema check, run here too: a body it would refuse (a 15 MB job_name) is refused without
      // its megabytes being cloned back to the HTTP thread.
      const checked = checkCreateJobBody(value);
      if (checked !== true && 'error' in checked) throw checked.error;
    }
  } catch (error) {
    return refusal(id, error);
  }
  return { id, ok: true, value };
}

function refusal(id: number, error: unknown): RefusalVerdict {
  const kind =
    error instanceof ValidationError
      ? 'validation'
      : error instanceof ResourceLimitError
        ? 'resource'
        : 'other';
  return {
    id,
    ok: false,
    kind,
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof ValidationError && error.field !== undefined ? { field: error.field } : {}),
    code: error instanceof BosonicError ? error.code : 'ERR_INTERNAL',
  };
}
