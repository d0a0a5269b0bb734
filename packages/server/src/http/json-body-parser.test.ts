import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OFFLOAD_BODY_BYTES, RequestChecker } from '../execution/request-checker.js';
import { createJobBody, homExperiment } from '../testing/fixtures.js';
import { rawCall } from '../testing/raw-http.js';
import { startTestServer, TOKEN_A, TOKEN_B } from '../testing/test-server.js';

/**
 * JSON request bodies (issue 14, item 3): small ones are parsed on the HTTP thread, large ones (from
 * OFFLOAD_BODY_BYTES on) by the request checker's thread, with the same answers, so that reading a 10 MB body
 * never holds the other clients.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Counts the bodies handed to the request checker's thread. */
function countWorkerParses(): { count: () => number } {
  const spy = vi.spyOn(RequestChecker.prototype, 'openBody');
  return { count: () => spy.mock.calls.length };
}

/** Wraps the end of every body the request checker parses: `end(parsed)` receives the checker's own outcome. */
function wrapWorkerParseEnds(end: (parsed: Promise<unknown>) => Promise<unknown>): void {
  const original = RequestChecker.prototype.openBody;
  vi.spyOn(RequestChecker.prototype, 'openBody').mockImplementation(function (
    this: RequestChecker,
    ...args: Parameters<RequestChecker['openBody']>
  ) {
    const body = original.apply(this, args);
    return {
      write: (chunk, movable) => body.write(chunk, movable),
      abort: () => body.abort(),
      end: () => end(body.end()),
    };
  });
}

/** A valid create-job body of more than OFFLOAD_BODY_BYTES: a sweep of 2,000 HOM runs. */
function largeValidBody(): string {
  const steps = Array.from({ length: 2000 }, () => ({ input_state: ':PCVL:BasicState:|1,1>' }));
  const body = JSON.stringify(createJobBody(homExperiment(), { command: 'probs', iterator: steps }));
  expect(body.length).toBeGreaterThan(OFFLOAD_BODY_BYTES);
  return body;
}

describe('JSON bodies', () => {
  it('answers a large malformed body with the 400 a small one gets', async () => {
    const parses = countWorkerParses();
    const small = await rawCall(server.url, 'POST', '/api/job', { token: TOKEN_A, body: '{"payload": {' });
    expect(parses.count()).toBe(0);
    const large = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: `{"payload": {"command": "probs", "experiment": "${'A'.repeat(200_000)}"`,
    });
    expect(parses.count()).toBe(1);
    expect(small.status, small.text).toBe(400);
    expect(small.json).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
    expect(large.status, large.text).toBe(400);
    expect(large.json).toEqual(small.json);
  });

  it('refuses a large body poisoning a prototype as a small one', async () => {
    const poisoned = (padding: number) =>
      `{"payload": {"command": "probs"}, "job_name": "${' '.repeat(padding)}", "__proto__": {"x": 1}}`;
    const small = await rawCall(server.url, 'POST', '/api/job', { token: TOKEN_A, body: poisoned(10) });
    const large = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: poisoned(OFFLOAD_BODY_BYTES),
    });
    expect(small.status, small.text).toBe(400);
    expect(large.status, large.text).toBe(400);
    expect(large.json).toEqual(small.json);
  });

  it('refuses a large create-job body of the wrong shape with the answer a small one gets', async () => {
    // Checked against the route's schema in the checker's thread: its megabytes never come back to the HTTP thread
    // (the checker's parse is refused, rather than resolved with the body for the route to refuse).
    const parseOutcomes: string[] = [];
    wrapWorkerParseEnds((parsed) =>
      parsed.then(
        (value) => {
          parseOutcomes.push('parsed');
          return value;
        },
        (error: unknown) => {
          parseOutcomes.push('refused');
          throw error;
        },
      ),
    );
    const named = (body: string) => ({ ...JSON.parse(body), job_name: 'n'.repeat(257) });
    const small = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: JSON.stringify(named(JSON.stringify(createJobBody(homExperiment())))),
    });
    expect(parseOutcomes).toEqual([]);
    const large = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: JSON.stringify(named(largeValidBody())),
    });
    expect(parseOutcomes).toEqual(['refused']);
    expect(small.status, small.text).toBe(400);
    expect(small.json).toMatchObject({ field: 'job_name' });
    expect(large.json).toEqual(small.json);
  });

  it('creates a job from a large valid body', async () => {
    const parses = countWorkerParses();
    const created = await rawCall(server.url, 'POST', '/api/job', { token: TOKEN_A, body: largeValidBody() });
    expect(parses.count()).toBe(1);
    expect(created.status, created.text).toBe(200);
    const { job_id: id } = created.json as { job_id: string };
    const status = await rawCall(server.url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A });
    expect(status.status, status.text).toBe(200);
  });

  it('answers other clients while a large body is being parsed', async () => {
    // The parse's answer is held until another client's request has been answered: were the parse on the event
    // loop, or the route waiting on it synchronously, that request could not complete first.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let parsing!: () => void;
    const parseStarted = new Promise<void>((resolve) => {
      parsing = resolve;
    });
    wrapWorkerParseEnds(async (parsed) => {
      parsing();
      await held;
      return parsed;
    });
    const order: string[] = [];
    const experiment = createJobBody(homExperiment());
    (experiment.payload as Record<string, unknown>).experiment = `:PCVL:Experiment:${'A'.repeat(10_000_000)}`;
    const hostile = rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: JSON.stringify(experiment),
    }).then((answer) => {
      order.push('large body');
      return answer;
    });
    await parseStarted;
    const other = await rawCall(server.url, 'GET', '/api/jobs/availability', { token: TOKEN_B });
    order.push('other client');
    release();
    const refused = await hostile;
    expect(other.status, other.text).toBe(200);
    expect(order).toEqual(['other client', 'large body']);
    // Refused by the checker's thread with the route's own message: the 10 MB never came back.
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json).toMatchObject({
      field: 'payload.experiment',
      error: expect.stringMatching(/10000017 characters, more than a :PCVL: value may hold/),
    });
  });
});
