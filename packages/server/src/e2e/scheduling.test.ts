import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobBody, homExperiment, longSamplingExperiment } from '../testing/fixtures.js';
import { rawCall } from '../testing/raw-http.js';
import { startTestServer, TOKEN_A } from '../testing/test-server.js';

/**
 * How the worker pool shares its workers: one job of any size per worker, oldest first, and tiny jobs next to it
 * (which may pass larger jobs waiting for a worker).
 */

let server: Awaited<ReturnType<typeof startTestServer>>;

async function create(body: Record<string, unknown>): Promise<string> {
  const answer = await rawCall(server.url, 'POST', '/api/job', { token: TOKEN_A, body });
  expect(answer.status).toBe(200);
  return (answer.json as { job_id: string }).job_id;
}

async function status(id: string): Promise<string> {
  return (
    (await rawCall(server.url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A })).json as { status: string }
  ).status;
}

async function until(id: string, wanted: string): Promise<void> {
  const deadline = Date.now() + 150_000; // under the test timeout, for a clearer message
  while ((await status(id)) !== wanted) {
    expect(Date.now()).toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
});

afterAll(async () => {
  await server.stop();
});

describe('scheduling on one worker', () => {
  it('runs large jobs one at a time, oldest first, and tiny jobs next to them', async () => {
    const long = createJobBody(longSamplingExperiment(), { command: 'samples', max_samples: 200_000 });
    const first = await create(long);
    const second = await create(long);
    await until(first, 'running');
    expect(await status(second)).toBe('waiting');

    // A tiny job does not wait for the large ones.
    const tiny = await create(createJobBody(homExperiment()));
    await until(tiny, 'completed');
    expect(await status(first)).toBe('running');
    expect(await status(second)).toBe('waiting');

    // When the running job ends, the next one starts.
    await rawCall(server.url, 'POST', `/api/job/cancel/${first}`, { token: TOKEN_A });
    await until(first, 'canceled');
    await until(second, 'running');
    await rawCall(server.url, 'POST', `/api/job/cancel/${second}`, { token: TOKEN_A });
    await until(second, 'canceled');
  });
});
