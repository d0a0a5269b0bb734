import { serialize } from '@bosonic/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobBody, homExperiment, longSamplingExperiment } from '../testing/fixtures.js';
import { type RawAnswer, rawCall } from '../testing/raw-http.js';
import { startTestServer, TOKEN_A, TOKEN_B } from '../testing/test-server.js';

/**
 * Job management over HTTP: names, tags, times in the status; the listing with its filters and cursor; tags
 * replaced; deletion; usage; the run-time limit as the server caps it. Every answer only concerns the caller's
 * own jobs.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;

interface StatusBody {
  status: string;
  name: string | null;
  tags: string[];
  platform: string;
  creation_datetime: number;
  start_time: number | null;
  stop_time: number | null;
  duration: number | null;
  max_execution_time: number | null;
}

interface ListBody {
  jobs: (StatusBody & { id: string })[];
  next_cursor: string | null;
}

const get = (path: string, token = TOKEN_A) => rawCall(server.url, 'GET', path, { token });

async function create(body: Record<string, unknown>, token = TOKEN_A): Promise<string> {
  const answer = await rawCall(server.url, 'POST', '/api/job', { token, body });
  expect(answer.status, answer.text).toBe(200);
  return (answer.json as { job_id: string }).job_id;
}

/** A probs job of the HOM experiment, with a name and tags. */
function hom(name: string, tags: string[] = [], platform = 'sim:slos'): Record<string, unknown> {
  return { ...createJobBody(homExperiment(platform)), job_name: name, tags };
}

/** A sampling job that runs for tens of seconds unless canceled. */
function longJob(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pcvl_version: '1.1.1',
    process_id: 'p',
    platform_name: 'sim:clifford2017',
    payload: {
      command: 'samples',
      experiment: serialize(longSamplingExperiment()),
      max_shots: 10_000_000,
      max_samples: 200_000,
      job_context: null,
    },
    job_name: 'long',
    ...extra,
  };
}

async function untilFinished(id: string, token = TOKEN_A): Promise<StatusBody> {
  for (;;) {
    const status = (await get(`/api/job/status/${id}`, token)).json as StatusBody;
    if (['completed', 'error', 'canceled'].includes(status.status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectProblem(answer: RawAnswer, status: number, pattern: RegExp, field?: string): void {
  expect(answer.status, answer.text).toBe(status);
  const body = answer.json as { error: string; field?: string };
  expect(body.error).toMatch(pattern);
  if (field !== undefined) expect(body.field).toBe(field);
}

beforeAll(async () => {
  server = await startTestServer({ maxJobSeconds: 600 });
});

afterAll(async () => {
  await server.stop();
});

describe('job status', () => {
  it('carries the name and tags as created, the platform, and the creation, start and stop times', async () => {
    const before = Date.now() / 1000;
    const id = await create(hom('<img src=x onerror=alert(1)>', ['calibration', 'hom']));
    const status = await untilFinished(id);
    expect(status).toMatchObject({
      status: 'completed',
      name: '<img src=x onerror=alert(1)>',
      tags: ['calibration', 'hom'],
      platform: 'sim:slos',
    });
    expect(status.creation_datetime).toBeGreaterThanOrEqual(before - 1);
    expect(status.start_time).toBeGreaterThanOrEqual(status.creation_datetime);
    expect(status.stop_time).toBeGreaterThanOrEqual(status.start_time!);
    expect(status.duration).toBeCloseTo(status.stop_time! - status.start_time!, 6);
  });

  it('caps the run-time limit a job asks for at the server’s, and gives jobs that ask none the server’s', async () => {
    const asked = await create({ ...hom('limited'), max_execution_time: 30 });
    const over = await create({ ...hom('over'), max_execution_time: 10_000 });
    const none = await create(hom('none'));
    expect(((await get(`/api/job/status/${asked}`)).json as StatusBody).max_execution_time).toBe(30);
    expect(((await get(`/api/job/status/${over}`)).json as StatusBody).max_execution_time).toBe(600);
    expect(((await get(`/api/job/status/${none}`)).json as StatusBody).max_execution_time).toBe(600);
    for (const id of [asked, over, none]) await untilFinished(id);
  });

  it('refuses bad tags and run-time limits at creation with a 400 naming the field', async () => {
    const post = (extra: Record<string, unknown>) =>
      rawCall(server.url, 'POST', '/api/job', { token: TOKEN_A, body: { ...hom('bad'), ...extra } });
    expectProblem(
      await post({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }),
      400,
      /at most 20 tags/,
      'tags',
    );
    expectProblem(await post({ tags: ['x'.repeat(65)] }), 400, /at most 64 characters/, 'tags[0]');
    expectProblem(await post({ tags: ['ok', 7] }), 400, /tag/, 'tags[1]');
    expectProblem(await post({ tags: [''] }), 400, /non-empty/, 'tags[0]');
    expectProblem(await post({ tags: 'solo' }), 400, /array/, 'tags');
    expectProblem(await post({ max_execution_time: 0 }), 400, /≥ 1/, 'max_execution_time');
    expectProblem(await post({ max_execution_time: 'soon' }), 400, /number/, 'max_execution_time');
  });
});

describe('GET /api/jobs', () => {
  let ids: Record<string, string>;

  beforeAll(async () => {
    ids = {};
    ids.alpha = await create(hom('alpha run', ['team-a', 'calib']));
    ids.beta = await create(hom('beta run', ['team-b'], 'sim:naive'));
    ids.gamma = await create(hom('Gamma', ['team-a']));
    ids.bob = await create(hom('bob secret', ['team-a']), TOKEN_B);
    for (const id of Object.values(ids)) await untilFinished(id, id === ids.bob ? TOKEN_B : TOKEN_A);
  });

  const list = async (query: string, token = TOKEN_A): Promise<ListBody> => {
    const answer = await get(`/api/jobs${query}`, token);
    expect(answer.status, answer.text).toBe(200);
    return answer.json as ListBody;
  };
  const names = (body: ListBody) => body.jobs.map((job) => job.name);

  it('lists only the caller’s jobs, newest first, with their status fields', async () => {
    const body = await list('?limit=3');
    expect(names(body)).toEqual(['Gamma', 'beta run', 'alpha run']);
    expect(body.jobs[0]).toMatchObject({
      id: ids.gamma,
      status: 'completed',
      platform: 'sim:slos',
      tags: ['team-a'],
    });
    expect(names(await list('', TOKEN_B))).toEqual(['bob secret']);
  });

  it('filters by status, platform, name, tag and creation time', async () => {
    expect(names(await list('?platform=sim:naive'))).toEqual(['beta run']);
    expect(names(await list('?name=RUN&limit=10'))).toEqual(['beta run', 'alpha run']);
    expect(names(await list('?tag=team-a&limit=10'))).toEqual(['Gamma', 'alpha run']);
    expect(names(await list('?tag=team-a&tag=calib'))).toEqual(['alpha run']);
    expect(names(await list('?status=waiting,running'))).toEqual([]);
    const all = await list('?status=completed&status=error&limit=1000');
    expect(names(all).slice(0, 3)).toEqual(['Gamma', 'beta run', 'alpha run']);
    const gamma = all.jobs[0]!;
    expect(names(await list(`?created_after=${gamma.creation_datetime}`))).toEqual(['Gamma']);
    const before = new Date(gamma.creation_datetime * 1000).toISOString();
    expect(names(await list(`?created_before=${encodeURIComponent(before)}&limit=2`))).toEqual([
      'beta run',
      'alpha run',
    ]);
    expect(names(await list('?created_after=2100-01-01'))).toEqual([]);
  });

  it('pages with a cursor that stays stable while jobs are created', async () => {
    const first = await list('?name=run&limit=1');
    expect(names(first)).toEqual(['beta run']);
    expect(first.next_cursor).toEqual(expect.any(String));
    const newer = await create(hom('delta run'));
    const second = await list(`?name=run&limit=1&cursor=${first.next_cursor}`);
    expect(second).toMatchObject({ jobs: [{ name: 'alpha run' }], next_cursor: null });
    expect(names(await list('?name=run&limit=10'))).toEqual(['delta run', 'beta run', 'alpha run']);
    await untilFinished(newer);
  });

  it('answers a malformed filter with a 400 naming it, worded like a refused body', async () => {
    const refusals: [query: string, field: string, message: RegExp][] = [
      ['stauts=completed', 'query.stauts', /unknown key \(expected one of: status, platform, name, tag, /],
      ['status=done', 'query.status[0]', /comma-separated list of job statuses .* got the string 'done'/],
      ['status=running&status=waiting,', 'query.status[1]', /got the string 'waiting,'/],
      ['limit=0', 'query.limit', /expected an integer from 1 to 1000, got number 0$/],
      ['limit=-5', 'query.limit', /expected an integer from 1 to 1000, got number -5$/],
      ['limit=2.5', 'query.limit', /expected an integer from 1 to 1000, got number 2.5$/],
      ['limit=ten', 'query.limit', /expected an integer from 1 to 1000, got the string 'ten'$/],
      ['limit=1&limit=2', 'query.limit', /give this parameter once \(it was given 2 times\)/],
      ['created_after=yesterday', 'query.created_after', /ISO 8601/],
      ['created_after=2026-13-01', 'query.created_after', /no such date/],
      ['cursor=abc', 'query.cursor', /not a cursor of this server/],
      ['cursor=a%20b', 'query.cursor', /expected a cursor/],
      ['platform=a&platform=b', 'query.platform', /once/],
      [`tag=${'x'.repeat(65)}`, 'query.tag[0]', /64 characters/],
      ['name=', 'query.name', /non-empty string/],
      ['__proto__=x', 'query.__proto__', /unknown key/],
    ];
    for (const [query, field, message] of refusals) {
      const answer = await get(`/api/jobs?${query}`);
      expectProblem(answer, 400, message, field);
      expect((answer.json as { error: string }).error.startsWith(`${field}: `), query).toBe(true);
      expect((answer.json as { code: string }).code, query).toBe('ERR_VALIDATION');
    }
    expect((await rawCall(server.url, 'GET', '/api/jobs')).status).toBe(401);
  });
});

describe('tags, deletion and usage', () => {
  it('replaces a job’s tags with PUT /api/job/{id}/tags, checked like at creation', async () => {
    const id = await create(hom('retag', ['old']));
    const put = (body: unknown, token = TOKEN_A) =>
      rawCall(server.url, 'PUT', `/api/job/${id}/tags`, { token, body: body as object });
    const answer = await put({ tags: ['new', 'new', 'second'] });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual({ job_id: id, tags: ['new', 'second'] });
    expect(((await get(`/api/job/status/${id}`)).json as StatusBody).tags).toEqual(['new', 'second']);
    expectProblem(await put({ tags: ['x'.repeat(65)] }), 400, /64 characters/, 'tags[0]');
    expectProblem(await put({}), 400, /tags/, 'tags');
    expectProblem(await put({ tags: ['mine'] }, TOKEN_B), 404, /No job/);
    await untilFinished(id);
  });

  it('deletes a finished job and its results; an unfinished one is a 409, another token’s a 404', async () => {
    const running = await create(longJob());
    const del = (id: string, token = TOKEN_A) => rawCall(server.url, 'DELETE', `/api/job/${id}`, { token });
    expectProblem(await del(running), 409, /cancel it/);
    expect((await rawCall(server.url, 'POST', `/api/job/cancel/${running}`, { token: TOKEN_A })).status).toBe(
      200,
    );
    await untilFinished(running);
    expectProblem(await del(running, TOKEN_B), 404, /No job/);
    const deleted = await del(running);
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json).toEqual({ job_id: running, deleted: true });
    expect((await get(`/api/job/status/${running}`)).status).toBe(404);
    expect((await get(`/api/job/result/${running}`)).status).toBe(404);
    expect((await get('/api/jobs?name=long')).json).toEqual({ jobs: [], next_cursor: null });
    expectProblem(await del(running), 404, /No job/);
  });

  it('sums the caller’s usage per platform: jobs, run seconds, samples', async () => {
    const since = Date.now() / 1000;
    const sampled = await create({
      ...hom('counted'),
      payload: {
        ...(hom('counted').payload as object),
        command: 'sample_count',
        max_shots: 500,
        max_samples: 500,
      },
    });
    await untilFinished(sampled);
    const answer = await get(`/api/usage?since=${since}`);
    expect(answer.status, answer.text).toBe(200);
    const body = answer.json as { since: number; until: null; platforms: Record<string, number | string>[] };
    expect(body.since).toBeCloseTo(since, 3);
    expect(body.until).toBeNull();
    expect(body.platforms).toEqual([
      { platform: 'sim:slos', jobs: 1, run_seconds: expect.any(Number), samples: 500 },
    ]);
    const all = (await get('/api/usage')).json as typeof body;
    expect(all.platforms.map((usage) => usage.platform)).toEqual(['sim:naive', 'sim:slos']);
    expect(((await get('/api/usage', TOKEN_B)).json as typeof body).platforms).toEqual([
      { platform: 'sim:slos', jobs: 1, run_seconds: expect.any(Number), samples: 0 },
    ]);
    expectProblem(
      await get('/api/usage?since=2026-02-01&until=2026-01-01'),
      400,
      /later than since/,
      'query.until',
    );
    expectProblem(await get('/api/usage?from=1'), 400, /^query\.from: unknown key/, 'query.from');
    expectProblem(await get('/api/usage?since=-1'), 400, /^query\.since: expected a time/, 'query.since');
    expectProblem(await get('/api/usage?until=1&until=2'), 400, /given 2 times/, 'query.until');
  });

  it('keeps the name and tags of a job when it is run again', async () => {
    const id = await create(longJob({ job_name: 'rerun me', tags: ['again'] }));
    await rawCall(server.url, 'POST', `/api/job/cancel/${id}`, { token: TOKEN_A });
    await untilFinished(id);
    const rerun = await rawCall(server.url, 'POST', `/api/job/rerun/${id}`, { token: TOKEN_A });
    const copy = (rerun.json as { job_id: string }).job_id;
    expect((await get(`/api/job/status/${copy}`)).json).toMatchObject({ name: 'rerun me', tags: ['again'] });
    await rawCall(server.url, 'POST', `/api/job/cancel/${copy}`, { token: TOKEN_A });
    await untilFinished(copy);
  });
});

describe('what the dashboard shows of a job', () => {
  it('draws its circuit as SVG, its name escaped in the title', async () => {
    const id = await create(hom('<b>bold</b> & co'));
    const answer = await get(`/api/job/${id}/circuit.svg`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(answer.text).toContain('<title>&lt;b&gt;bold&lt;/b&gt; &amp; co</title>');
    expect(answer.text).toContain('>BS.H<');
    expect((await get(`/api/job/${id}/circuit.svg`, TOKEN_B)).status).toBe(404);
    await untilFinished(id);
  });

  it('charts the largest states of its results; 409 before it ends, 400 for a bad parameter', async () => {
    const running = await create(longJob());
    expectProblem(await get(`/api/job/${running}/histogram`), 409, /no results to chart/);
    await rawCall(server.url, 'POST', `/api/job/cancel/${running}`, { token: TOKEN_A });
    await untilFinished(running);
    const id = await create(hom('charted'));
    await untilFinished(id);
    const answer = await get(`/api/job/${id}/histogram?top=1`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toEqual({
      kind: 'probability',
      states: [{ state: expect.stringMatching(/^\|(2,0|0,2)>$/), value: expect.closeTo(0.5, 9) }],
      distinct: 2,
      total: expect.closeTo(1, 9),
      iteration: 0,
      iterations: 1,
    });
    expectProblem(await get(`/api/job/${id}/histogram?top=0`), 400, /from 1 to 100/, 'query.top');
    expectProblem(await get(`/api/job/${id}/histogram?top=1.5`), 400, /got number 1.5/, 'query.top');
    expectProblem(
      await get(`/api/job/${id}/histogram?iteration=3`),
      400,
      /^query\.iteration: .*1 iteration/,
      'query.iteration',
    );
    expectProblem(
      await get(`/api/job/${id}/histogram?bins=3`),
      400,
      /^query\.bins: unknown key/,
      'query.bins',
    );
  });
});

describe('run-time limit and retention', () => {
  let limited: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    // Jobs may run 1 s; finished jobs are kept 2 s.
    limited = await startTestServer({ maxJobSeconds: 1, retentionDays: 2 / 86_400 });
  });

  afterAll(async () => {
    await limited.stop();
  });

  it('stops a job past its max_execution_time like a cancel, keeps its partial results, then purges it', async () => {
    const created = await rawCall(limited.url, 'POST', '/api/job', { token: TOKEN_A, body: longJob() });
    const id = (created.json as { job_id: string }).job_id;
    let status: StatusBody & { status_message: string | null };
    for (;;) {
      status = (await rawCall(limited.url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A }))
        .json as typeof status;
      if (['completed', 'error', 'canceled'].includes(status.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toMatchObject({
      status: 'canceled',
      max_execution_time: 1,
      status_message: 'Ran out of time: stopped after its max_execution_time of 1 s; partial results kept',
    });
    const results = await rawCall(limited.url, 'GET', `/api/job/result/${id}`, { token: TOKEN_A });
    expect(results.status).toBe(200);
    expect(JSON.parse((results.json as { results: string }).results).results).toMatch(/^:PCVL:/);

    // Retention removes it in the background once it has been finished for 2 s.
    for (;;) {
      const answer = await rawCall(limited.url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A });
      if (answer.status === 404) break;
      expect(answer.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await rawCall(limited.url, 'GET', '/api/jobs', { token: TOKEN_A })).json).toEqual({
      jobs: [],
      next_cursor: null,
    });
  });
});
