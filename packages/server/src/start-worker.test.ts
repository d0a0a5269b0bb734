import type { BSDistribution } from '@bosonic/core';
import { ValidationError } from '@bosonic/core';
import { deserialize } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from './errors/service-unavailable-error.js';
import { startServer } from './start-server.js';
import { startWorker, type WorkerOptions } from './start-worker.js';
import { distributedParts, eventually } from './testing/distributed-parts.js';
import { createJobBody, homExperiment } from './testing/fixtures.js';
import { rawCall } from './testing/raw-http.js';
import { servicesOrSkip } from './testing/services/service-availability.js';
import { TOKEN_A } from './testing/test-server.js';

/** `startWorker`, the worker of the distributed mode (`bosonic worker`): what it refuses, and what it runs. */

async function refusal(options: unknown): Promise<unknown> {
  return startWorker(options as WorkerOptions).then(
    async (worker) => {
      await worker.close();
      return undefined;
    },
    (error: unknown) => error,
  );
}

describe('startWorker refuses', () => {
  const urls = { databaseUrl: 'postgresql://127.0.0.1:1/x', redisUrl: 'redis://127.0.0.1:1' };

  it.each([
    ['no options object', null, 'options', /needs an options object/],
    ['no URLs', {}, 'databaseUrl', /databaseUrl and redisUrl are required/],
    ['a database URL alone', { databaseUrl: urls.databaseUrl }, 'redisUrl', /redisUrl is missing/],
    [
      'a database URL that is not PostgreSQL, without showing its password',
      { ...urls, databaseUrl: 'mysql://root:hunter2@db/x' },
      'databaseUrl',
      /^databaseUrl must be a postgresql:\/\/ URL \(got mysql:\/\/…@db\/x\)$/,
    ],
    [
      'a Redis URL that is not Redis',
      { ...urls, redisUrl: 'http://queue' },
      'redisUrl',
      /redis:\/\/ or rediss:\/\//,
    ],
    ['a concurrency of 0', { ...urls, concurrency: 0 }, 'concurrency', /concurrency/],
    ['a fractional threadsPerJob', { ...urls, threadsPerJob: 1.5 }, 'threadsPerJob', /threadsPerJob/],
    [
      'a lease under a second',
      { ...urls, leaseSeconds: 0.5 },
      'leaseSeconds',
      /leaseSeconds must be a number from 1/,
    ],
  ])('%s, naming the option', async (_, options, field, message) => {
    const error = await refusal(options);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'ERR_VALIDATION', field });
    expect((error as Error).message).toMatch(message);
  });

  it('to start when PostgreSQL cannot be reached (ServiceUnavailableError), rather than waiting', async () => {
    const error = await refusal({ ...urls, logger: false });
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', service: 'database' });
  });
});

const available = servicesOrSkip('startWorker tests');

describe.skipIf(!available)('startWorker with PostgreSQL and Redis', { timeout: 120_000 }, () => {
  const fixture = distributedParts();

  it('runs the jobs an API-only node accepts until close(), which resolves once, for every caller', async () => {
    const { databaseUrl, redisUrl, defer } = await fixture.parts();
    const api = await startServer({
      databaseUrl,
      redisUrl,
      workers: 0,
      port: 0,
      host: '127.0.0.1',
      tokens: [TOKEN_A],
      logger: false,
    });
    defer(() => api.close());
    const worker = await startWorker({
      databaseUrl,
      redisUrl,
      concurrency: 2,
      threadsPerJob: 1,
      logger: false,
    });
    defer(() => worker.close());
    expect(worker.runningCount).toBe(0);
    const created = await rawCall(api.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: createJobBody(homExperiment()),
    });
    expect(created.status, created.text).toBe(200);
    const id = (created.json as { job_id: string }).job_id;
    await eventually(
      'the job to complete',
      async () => (await rawCall(api.url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A })).json,
      (status) => (status as { status: string }).status === 'completed',
    );
    const answer = await rawCall(api.url, 'GET', `/api/job/result/${id}`, { token: TOKEN_A });
    const results = deserialize(
      JSON.parse((answer.json as { results: string }).results).results,
    ) as BSDistribution;
    expect(results.get('|2,0>')).toBeCloseTo(0.5, 12);
    expect(results.get('|0,2>')).toBeCloseTo(0.5, 12);
    const [first, second] = [worker.close(), worker.close()];
    expect(first).toBe(second);
    await first;
    expect(worker.runningCount).toBe(0);
  });
});
