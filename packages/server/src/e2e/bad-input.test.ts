import { serialize } from '@bosonic/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobBody, homExperiment } from '../testing/fixtures.js';
import { type RawAnswer, rawCall } from '../testing/raw-http.js';
import { startTestServer, TOKEN_A } from '../testing/test-server.js';

/**
 * Bad input on every route answers 4xx with a JSON `{ error }` naming the problem — never a 500, never a crash:
 * the server keeps serving afterwards.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let completedJob: string;

const GOOD = createJobBody(homExperiment());
const payload = GOOD.payload as Record<string, unknown>;

function expectProblem(answer: RawAnswer, status: number, pattern: RegExp, field?: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = answer.json as { error: string; field?: string };
  expect(typeof body.error).toBe('string');
  expect(body.error).toMatch(pattern);
  if (field !== undefined) expect(body.field).toBe(field);
}

function createJob(body: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return rawCall(server.url, 'POST', '/api/job', {
    token: TOKEN_A,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers,
  });
}

beforeAll(async () => {
  server = await startTestServer({ bodyLimitBytes: 64 * 1024 });
  const created = await createJob(GOOD);
  completedJob = (created.json as { job_id: string }).job_id;
  for (;;) {
    const status = await rawCall(server.url, 'GET', `/api/job/status/${completedJob}`, { token: TOKEN_A });
    if ((status.json as { status: string }).status === 'completed') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});

afterAll(async () => {
  await server.stop();
});

describe('bad input', () => {
  it.each([
    ['GET', '/api/jobs/availability'],
    ['GET', '/api/platforms/sim%3Aslos/processor'],
    ['GET', '/api/platform/sim%3Aslos'],
    ['POST', '/api/job'],
    ['GET', '/api/job/status/x'],
    ['GET', '/api/job/result/x'],
    ['POST', '/api/job/cancel/x'],
    ['POST', '/api/job/rerun/x'],
    ['GET', '/api/nothing-here'],
  ] as const)('%s %s without a valid token answers 401', async (method, path) => {
    expectProblem(await rawCall(server.url, method, path), 401, /Missing token/);
    expectProblem(
      await rawCall(server.url, method, path, { token: 'wrong-token-123' }),
      401,
      /Invalid token/,
    );
    const basic = await rawCall(server.url, method, path, {
      headers: { authorization: 'Basic dXNlcjpwdw==' },
    });
    expectProblem(basic, 401, /Missing token/);
    expect(basic.headers['www-authenticate']).toBe('Bearer');
  });

  it.each([
    ['malformed JSON', '{"payload": {', 400, /not valid JSON/, undefined],
    ['an empty body', '', 400, /body/, 'body'],
    ['a JSON array', '[]', 400, /^body: expected an object, got an array$/, 'body'],
    ['no payload', { ...GOOD, payload: undefined }, 400, /payload/, 'payload'],
    [
      'no command',
      { ...GOOD, payload: { ...payload, command: undefined } },
      400,
      /command/,
      'payload.command',
    ],
    [
      'no experiment',
      { ...GOOD, payload: { ...payload, experiment: undefined } },
      400,
      /experiment/,
      'payload.experiment',
    ],
    [
      'an experiment that is not :PCVL:',
      { ...GOOD, payload: { ...payload, experiment: 'BS()//PS(0.5)' } },
      400,
      /:PCVL:/,
      'payload.experiment',
    ],
    [
      'a :PCVL:zip: experiment that does not inflate',
      { ...GOOD, payload: { ...payload, experiment: ':PCVL:zip:AAAAbm90IHpsaWI=' } },
      400,
      /payload\.experiment/,
      'payload.experiment',
    ],
    [
      'a :PCVL: tag nobody knows',
      { ...GOOD, payload: { ...payload, experiment: ':PCVL:Teleporter:abc' } },
      400,
      /Teleporter/,
      'payload.experiment',
    ],
    [
      'a :PCVL: experiment with a broken protobuf body',
      { ...GOOD, payload: { ...payload, experiment: ':PCVL:Experiment:////' } },
      400,
      /payload\.experiment/,
      'payload.experiment',
    ],
    [
      'a state where the experiment should be',
      { ...GOOD, payload: { ...payload, experiment: serialize(homExperiment().input!) } },
      400,
      /expected a :PCVL:Experiment/,
      'payload.experiment',
    ],
    [
      'a string max_shots',
      { ...GOOD, payload: { ...payload, max_shots: '1000' } },
      400,
      /integer/,
      'payload.max_shots',
    ],
    ['no platform', { ...GOOD, platform_name: undefined }, 400, /platform_name/, 'platform_name'],
    [
      'an unknown platform',
      { ...GOOD, platform_name: 'qpu:belenos' },
      400,
      /unknown platform/,
      'platform_name',
    ],
    [
      'an unknown command',
      { ...GOOD, payload: { ...payload, command: 'teleport' } },
      400,
      /unknown command 'teleport'/,
      'payload.command',
    ],
    [
      'a malformed iteration',
      { ...GOOD, payload: { ...payload, iterator: [{ input_state: ':PCVL:BasicState:|1,1' }] } },
      400,
      /iterator\[0\]\.input_state/,
      'payload.iterator[0].input_state',
    ],
  ])('POST /api/job with %s answers %i naming it', async (_, body, status, pattern, field) => {
    expectProblem(await createJob(body), status, pattern, field);
  });

  it('POST /api/job refuses other content types, oversized bodies and bad idempotency keys', async () => {
    expectProblem(
      await createJob(JSON.stringify(GOOD), { 'content-type': 'text/plain' }),
      415,
      /Unsupported Media Type/i,
    );
    const huge = { ...GOOD, payload: { ...payload, padding: 'x'.repeat(100 * 1024) } };
    expectProblem(await createJob(huge), 413, /too large/i);
    expectProblem(
      await createJob(GOOD, { 'idempotency-key': 'x'.repeat(300) }),
      400,
      /idempotency-key/,
      'headers["idempotency-key"]',
    );
  });

  it.each([
    ['GET', '/api/job/status/'],
    ['GET', '/api/job/result/'],
    ['POST', '/api/job/cancel/'],
    ['POST', '/api/job/rerun/'],
  ] as const)(
    '%s %s{id} refuses an id that cannot be one and answers 404 for an unknown one',
    async (method, path) => {
      expectProblem(
        await rawCall(server.url, method, `${path}not%20an%20id!`, { token: TOKEN_A }),
        400,
        /id/,
        'params.id',
      );
      expectProblem(
        await rawCall(server.url, method, `${path}00000000-0000-4000-8000-000000000000`, { token: TOKEN_A }),
        404,
        /No job 00000000-0000-4000-8000-000000000000/,
      );
      expectProblem(
        await rawCall(server.url, method, `${path}${'a'.repeat(300)}`, { token: TOKEN_A }),
        414,
        /exceeding the max param length/,
      );
    },
  );

  it('POST /api/job/cancel|rerun/{id} refuse a malformed JSON body; rerun refuses a job that did not fail', async () => {
    for (const action of ['cancel', 'rerun']) {
      expectProblem(
        await rawCall(server.url, 'POST', `/api/job/${action}/${completedJob}`, {
          token: TOKEN_A,
          body: '{oops',
        }),
        400,
        /not valid JSON/,
      );
    }
    expectProblem(
      await rawCall(server.url, 'POST', `/api/job/rerun/${completedJob}`, { token: TOKEN_A }),
      409,
      /completed: only a job in error or canceled can be run again/,
    );
    // Canceling a finished job is a no-op.
    const cancel = await rawCall(server.url, 'POST', `/api/job/cancel/${completedJob}`, { token: TOKEN_A });
    expect(cancel.status).toBe(200);
    expect(cancel.json).toEqual({ job_id: completedJob, status: 'completed' });
  });

  it('GET platform details of an unknown platform answer 404 on both paths', async () => {
    for (const path of ['/api/platforms/sim%3Aquantum/processor', '/api/platform/sim%3Aquantum']) {
      expectProblem(
        await rawCall(server.url, 'GET', path, { token: TOKEN_A }),
        404,
        /Unknown platform 'sim:quantum'/,
      );
    }
  });

  it('unknown endpoints and methods answer 404 as JSON', async () => {
    expectProblem(
      await rawCall(server.url, 'DELETE', '/api/job', { token: TOKEN_A }),
      404,
      /DELETE \/api\/job/,
    );
    expectProblem(await rawCall(server.url, 'GET', '/api/jobz', { token: TOKEN_A }), 404, /No such endpoint/);
    expectProblem(
      await rawCall(server.url, 'PATCH', '/api/jobs', { token: TOKEN_A }),
      404,
      /PATCH \/api\/jobs/,
    );
  });

  it('keeps serving after all of it', async () => {
    const created = await createJob(GOOD);
    expect(created.status).toBe(200);
    expect((created.json as { job_id: string }).job_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('idempotent creation', () => {
  it('answers the same job for the same token and Idempotency-Key, and 422 for another body under it', async () => {
    const key = { 'idempotency-key': '5b9e0e6c-6a7e-4f59-9c39-9b1e63b4a0d1' };
    const answers = await Promise.all([createJob(GOOD, key), createJob(GOOD, key), createJob(GOOD, key)]);
    const ids = answers.map((answer) => (answer.json as { job_id: string }).job_id);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(ids).size).toBe(1);
    const later = await createJob(GOOD, key);
    expect((later.json as { job_id: string }).job_id).toBe(ids[0]);
    const other = { ...GOOD, payload: { ...payload, max_shots: 5 } };
    expectProblem(await createJob(other, key), 422, /already used for another request/, 'idempotency-key');
    // Without a key, every creation is a new job.
    const fresh = await Promise.all([createJob(GOOD), createJob(GOOD)]);
    expect((fresh[0]!.json as { job_id: string }).job_id).not.toBe(
      (fresh[1]!.json as { job_id: string }).job_id,
    );
  });
});
