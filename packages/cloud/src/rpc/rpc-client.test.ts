import { createServer as createHttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import { AuthenticationError, BosonicError, HttpError, NetworkError, ValidationError } from '@bosonic/core';
import type { CreateJobRequest } from '@bosonic/protocol';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, testPlatform } from '../testing/cloud-test-server.js';
import { RpcClient } from './rpc-client.js';

const TOKEN = 't0k3n';
const FAST_RETRY = { maxRetries: 3, minDelayMs: 5, maxDelayMs: 20 };

const request: CreateJobRequest = {
  pcvl_version: '1.1.1',
  process_id: '6f0c7a10-0000-4000-8000-000000000000',
  platform_name: 'sim:slos',
  payload: { command: 'probs', experiment: ':PCVL:Experiment:UP///38=', job_context: null },
  job_name: 'probs',
};

describe('RpcClient against a cloud on 127.0.0.1', () => {
  let cloud: TestCloud;
  let client: RpcClient;

  beforeEach(async () => {
    cloud = await startTestCloud({ platforms: [testPlatform('sim:slos')] });
    client = new RpcClient({ url: cloud.url, token: TOKEN, retry: FAST_RETRY });
  });

  afterEach(async () => {
    await client.close();
    await cloud.close();
  });

  it('runs many calls at once without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.name);
    };
    process.on('warning', onWarning);
    try {
      const answers = await Promise.all(
        Array.from({ length: 25 }, () => client.getPlatformDetails('sim:slos')),
      );
      expect(answers.map((details) => details.name)).toEqual(Array(25).fill('sim:slos'));
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('fetches platform details from /api/platforms/{quote_plus(name)}/processor with the Bearer token', async () => {
    const details = await client.getPlatformDetails('sim:slos');
    expect(details.name).toBe('sim:slos');
    expect(details.specs.available_commands).toEqual(['probs', 'sample_count', 'samples']);
    const [first] = cloud.requests;
    expect(first?.path).toBe('/api/platforms/sim%3Aslos/processor');
    expect(first?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('names a platform in its errors as written (sim:nope), not URL-encoded as sent', async () => {
    const error = await client.getPlatformDetails('sim:nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toMatch(
      /^GET \/api\/platforms?\/sim:nope(\/processor)? answered 404/,
    );
    expect((error as HttpError).message).not.toContain('%3A');
  });

  it('falls back to the legacy /api/platform/{name} path when the current one fails', async () => {
    await cloud.close();
    cloud = await startTestCloud({ platforms: [testPlatform('sim:slos')], legacyPlatformPathOnly: true });
    const legacy = new RpcClient({ url: cloud.url, token: TOKEN, retry: FAST_RETRY });
    try {
      const details = await legacy.getPlatformDetails('sim:slos');
      expect(details.name).toBe('sim:slos');
      expect(cloud.requests.map((r) => r.path)).toEqual([
        '/api/platforms/sim%3Aslos/processor',
        '/api/platform/sim%3Aslos',
      ]);
    } finally {
      await legacy.close();
    }
  });

  it('falls back when the current path answers without an architecture, and keeps it if the legacy path fails', async () => {
    await cloud.close();
    cloud = await startTestCloud({ platforms: [testPlatform('sim:slos', { architecture: undefined })] });
    await client.close();
    client = new RpcClient({ url: cloud.url, token: TOKEN, retry: FAST_RETRY });
    cloud.fault({ path: /^\/api\/platform\//, status: 404, times: 1 });
    const details = await client.getPlatformDetails('sim:slos');
    expect(details.name).toBe('sim:slos');
    expect(details.specs.architecture).toBeUndefined();
    expect(cloud.count('GET', /^\/api\/platform\//)).toBe(1);
  });

  it('raises AuthenticationError (status 401) for a wrong token, without trying the legacy path', async () => {
    const wrong = new RpcClient({ url: cloud.url, token: 'wrong', retry: FAST_RETRY });
    try {
      const error = await wrong.getPlatformDetails('sim:slos').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).status).toBe(401);
      expect((error as Error).message).toMatch(/401: Invalid or missing token/);
      expect(cloud.requests).toHaveLength(1);
    } finally {
      await wrong.close();
    }
  });

  it('creates a job with an Idempotency-Key, and returns its id', async () => {
    const id = await client.createJob(request);
    expect(cloud.jobs.get(id)?.request.payload.command).toBe('probs');
    const post = cloud.requests.find((r) => r.method === 'POST');
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(post?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post?.body ?? '')).toEqual(request);
  });

  it('retries a job creation on 503 with the same Idempotency-Key', async () => {
    cloud.fault({ method: 'POST', path: /^\/api\/job$/, status: 503, times: 2 });
    const id = await client.createJob(request, { idempotencyKey: 'key-1' });
    const posts = cloud.requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.headers['idempotency-key'])).toEqual(['key-1', 'key-1', 'key-1']);
    expect([...cloud.jobs.keys()]).toEqual([id]);
  });

  it('retries a job creation whose connection dropped, and the server dedupes on the key', async () => {
    cloud.fault({ method: 'POST', path: /^\/api\/job$/, drop: true, times: 1 });
    const id = await client.createJob(request);
    expect(cloud.count('POST', /^\/api\/job$/)).toBe(2);
    expect(cloud.jobs.size).toBe(1);
    // The same key again (a retry after a lost answer) gives the same job, not a second one.
    const key = cloud.requests.at(-1)?.headers['idempotency-key'] as string;
    expect(await client.createJob(request, { idempotencyKey: key })).toBe(id);
    expect(cloud.jobs.size).toBe(1);
  });

  it('does not retry a refused job (400) and reports the server message and body', async () => {
    const bad = { ...request, payload: { ...request.payload, max_shots: -1 } };
    const error = await client.createJob(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).message).toMatch(/POST \/api\/job answered 400: .*max_shots/);
    expect(JSON.parse((error as HttpError).body).error).toMatch(/max_shots/);
    expect(cloud.count('POST', /^\/api\/job$/)).toBe(1);
  });

  it('retries a GET on 5xx with backoff, honouring Retry-After', async () => {
    const id = await client.createJob(request);
    cloud.fault({ path: /^\/api\/job\/status\//, status: 502, times: 1 });
    cloud.fault({ path: /^\/api\/job\/status\//, status: 503, headers: { 'retry-after': '0' }, times: 1 });
    const status = await client.getJobStatus(id);
    // The third answer is the job's real status (however far the job got meanwhile), not an error.
    expect(['waiting', 'running', 'completed']).toContain(status.status);
    expect(status.status_message ?? null).toBeNull();
    expect(cloud.count('GET', /^\/api\/job\/status\//)).toBe(3);
  });

  it('gives up after the retry limit with the last HttpError', async () => {
    const id = await client.createJob(request);
    cloud.fault({ path: /^\/api\/job\/status\//, status: 500, body: '{"error":"boom"}', times: 10 });
    const error = await client.getJobStatus(id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(500);
    expect((error as HttpError).body).toBe('{"error":"boom"}');
    expect(cloud.count('GET', /^\/api\/job\/status\//)).toBe(1 + FAST_RETRY.maxRetries);
  });

  it('raises other 4xx at once (404 for an unknown job)', async () => {
    const error = await client.getJobStatus('no-such-job').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(404);
    expect(cloud.count('GET', /^\/api\/job\/status\//)).toBe(1);
  });

  it('never retries cancel or rerun', async () => {
    // A job that runs until canceled: once running, an accepted cancel leaves it cancel_requested.
    await cloud.close();
    cloud = await startTestCloud({
      platforms: [testPlatform('sim:slos')],
      script: () => ({ startAfterMs: 0, runForMs: 3_600_000 }),
    });
    const rpc = new RpcClient({ url: cloud.url, token: TOKEN });
    try {
      const id = await rpc.createJob(request);
      await waitUntil(async () => (await rpc.getJobStatus(id)).status === 'running');
      cloud.fault({ method: 'POST', path: /^\/api\/job\/cancel\//, status: 503, times: 1 });
      await expect(rpc.cancelJob(id)).rejects.toMatchObject({ status: 503 });
      expect(cloud.count('POST', /^\/api\/job\/cancel\//)).toBe(1);
      await rpc.cancelJob(id);
      expect(cloud.jobs.get(id)?.status).toBe('cancel_requested');
    } finally {
      await rpc.close();
    }
  });

  it('serves status, result, rerun and availability of a job through to completion', async () => {
    await cloud.close();
    cloud = await startTestCloud({
      platforms: [testPlatform('sim:slos')],
      script: () => ({
        startAfterMs: 5,
        runForMs: 10,
        outcome: { status: 'error', message: 'out of photons' },
      }),
    });
    const rpc = new RpcClient({ url: cloud.url, token: TOKEN });
    try {
      const id = await rpc.createJob(request);
      await waitUntil(async () => (await rpc.getJobStatus(id)).status === 'error');
      const status = await rpc.getJobStatus(id);
      expect(status.status_message).toBe('out of photons');
      expect(status.creation_datetime).toBeGreaterThan(1.7e9);
      const copy = await rpc.rerunJob(id);
      expect(copy).not.toBe(id);
      expect(cloud.jobs.get(copy)?.request).toEqual(cloud.jobs.get(id)?.request);
      await expect(rpc.getJobResult(id)).rejects.toMatchObject({ status: 404 });
    } finally {
      await rpc.close();
    }
  });

  it('counts the jobs waiting in the queue in the availability it reports', async () => {
    await cloud.close();
    // Jobs that never start: the count cannot race with a job leaving the queue.
    cloud = await startTestCloud({
      platforms: [testPlatform('sim:slos')],
      script: () => ({ startAfterMs: 3_600_000 }),
    });
    const rpc = new RpcClient({ url: cloud.url, token: TOKEN });
    try {
      expect(await rpc.getAvailability()).toEqual({ max_jobs_in_queue: 10, num_jobs_in_queue: 0 });
      await rpc.createJob(request);
      await rpc.createJob(request);
      expect(await rpc.getAvailability()).toEqual({ max_jobs_in_queue: 10, num_jobs_in_queue: 2 });
    } finally {
      await rpc.close();
    }
  });

  it('times out a slow answer with a NetworkError (failure "timeout")', async () => {
    // undici checks headers timeouts on a coarse clock (about every 0.5 s): the answer comes far later.
    const impatient = new RpcClient({
      url: cloud.url,
      token: TOKEN,
      timeoutMs: 100,
      retry: { maxRetries: 0 },
    });
    cloud.fault({ path: /^\/api\/jobs\/availability$/, delayMs: 2500, status: 200, times: 1 });
    try {
      const error = await impatient.getAvailability().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).failure).toBe('timeout');
      expect((error as NetworkError).code).toBe('ERR_NETWORK_TIMEOUT');
    } finally {
      await impatient.close();
    }
  });

  it('rejects with the signal reason when the caller aborts', async () => {
    cloud.fault({ path: /^\/api\/jobs\/availability$/, delayMs: 300, status: 200, times: 1 });
    const controller = new AbortController();
    const call = client.getAvailability({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses calls once closed, and aborts those in flight', async () => {
    cloud.fault({ path: /^\/api\/jobs\/availability$/, delayMs: 300, status: 200, times: 1 });
    const inFlight = client.getAvailability().catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.close();
    expect(await inFlight).toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
    await expect(client.getAvailability()).rejects.toBeInstanceOf(BosonicError);
    expect(client.closed).toBe(true);
  });
});

describe('RpcClient without a server', () => {
  it('reports a refused connection as a NetworkError (failure "connection")', async () => {
    const port = await freePort();
    const client = new RpcClient({ url: `http://127.0.0.1:${port}`, token: TOKEN });
    try {
      const error = await client.getAvailability().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).failure).toBe('connection');
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
    } finally {
      await client.close();
    }
  });

  it('refuses a missing token with AuthenticationError and bad settings with ValidationError', () => {
    expect(() => new RpcClient({ token: '' })).toThrow(AuthenticationError);
    expect(() => new RpcClient({ url: 'ftp://x', token: TOKEN })).toThrow(
      expect.objectContaining({ field: 'url' }),
    );
    expect(() => new RpcClient({ token: 'two words' })).toThrow(expect.objectContaining({ field: 'token' }));
    expect(() => new RpcClient({ token: TOKEN, timeoutMs: 0 })).toThrow(
      expect.objectContaining({ field: 'timeoutMs' }),
    );
    expect(() => new RpcClient({ token: TOKEN, retry: { maxRetries: -1 } })).toThrow(
      expect.objectContaining({ field: 'retry.maxRetries' }),
    );
  });
});

describe('RpcClient through an injected dispatcher (undici MockAgent)', () => {
  const origin = 'http://cloud.test';
  let agent: MockAgent;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });

  afterEach(async () => {
    await agent.close();
  });

  it('sends every endpoint to its path and hands back the validated answers', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/api/jobs/availability', method: 'GET' }).reply(200, {
      max_jobs_in_queue: 3,
      num_jobs_in_queue: 1,
    });
    pool.intercept({ path: '/api/job/rerun/abc', method: 'POST' }).reply(200, { job_id: 'def' });
    pool
      .intercept({ path: '/api/job/result/abc', method: 'GET' })
      .reply(200, { results: '{"results":null}' });
    pool.intercept({ path: '/api/job/cancel/abc', method: 'POST' }).reply(200, '');
    const client = new RpcClient({ url: `${origin}/`, token: TOKEN, dispatcher: agent });
    expect(await client.getAvailability()).toEqual({ max_jobs_in_queue: 3, num_jobs_in_queue: 1 });
    expect(await client.rerunJob('abc')).toBe('def');
    expect(await client.getJobResult('abc')).toEqual({ results: '{"results":null}' });
    await client.cancelJob('abc');
    agent.assertNoPendingInterceptors();
    // A client on a given dispatcher cannot hand its connection to a worker thread.
    expect(client.connectionSettings()).toBeUndefined();
    await client.close();
    // The client does not close a dispatcher it was given: another client still sends through it.
    agent.get(origin).intercept({ path: '/api/job/rerun/abc', method: 'POST' }).reply(200, { job_id: 'ghi' });
    expect(await new RpcClient({ url: origin, token: TOKEN, dispatcher: agent }).rerunJob('abc')).toBe('ghi');
  });

  it('reports a non-JSON body and a malformed answer as ValidationErrors naming the field', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/api/jobs/availability', method: 'GET' }).reply(200, '<html>');
    pool
      .intercept({ path: '/api/job/status/abc', method: 'GET' })
      .reply(200, { status: 'running', progress: 'x' });
    pool.intercept({ path: '/api/job', method: 'POST' }).reply(200, { id: 'no job_id here' });
    const client = new RpcClient({ url: origin, token: TOKEN, dispatcher: agent });
    await expect(client.getAvailability()).rejects.toMatchObject({ name: 'ValidationError', field: 'body' });
    await expect(client.getJobStatus('abc')).rejects.toMatchObject({ field: 'progress' });
    const error = await client.createJob(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('job_id');
  });

  it('maps 403 to AuthenticationError and refuses job ids that would escape their path segment', async () => {
    agent
      .get(origin)
      .intercept({ path: '/api/job/status/abc', method: 'GET' })
      .reply(403, { error: 'forbidden' });
    const client = new RpcClient({ url: origin, token: TOKEN, dispatcher: agent });
    await expect(client.getJobStatus('abc')).rejects.toMatchObject({
      name: 'AuthenticationError',
      status: 403,
    });
    await expect(client.getJobStatus('../platforms')).rejects.toMatchObject({ field: 'jobId' });
  });

  it('keeps a base URL path prefix and drops its trailing slashes', async () => {
    agent.get(origin).intercept({ path: '/prefix/api/jobs/availability', method: 'GET' }).reply(200, {
      max_jobs_in_queue: 1,
      num_jobs_in_queue: 0,
    });
    const client = new RpcClient({ url: `${origin}/prefix//`, token: TOKEN, dispatcher: agent });
    expect(client.url).toBe(`${origin}/prefix`);
    await expect(client.getAvailability()).resolves.toMatchObject({ max_jobs_in_queue: 1 });
  });

  it('retries a GET whose answer is 503 three times, then succeeds (MockAgent replies in order)', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/api/jobs/availability', method: 'GET' }).reply(503, 'busy').times(2);
    pool.intercept({ path: '/api/jobs/availability', method: 'GET' }).reply(200, {
      max_jobs_in_queue: 2,
      num_jobs_in_queue: 0,
    });
    const client = new RpcClient({ url: origin, token: TOKEN, dispatcher: agent, retry: FAST_RETRY });
    await expect(client.getAvailability()).resolves.toMatchObject({ max_jobs_in_queue: 2 });
    agent.assertNoPendingInterceptors();
  });
});

/** Polls `condition` until it holds; the test's timeout bounds the wait (a loaded machine may take long). */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('RpcClient through a proxy (undici ProxyAgent)', () => {
  it('tunnels its requests through the proxy, with the credentials of the proxy URL', async () => {
    const cloud = await startTestCloud();
    const seen: { target: string; auth: string | undefined }[] = [];
    const proxy = createHttpServer();
    proxy.on('connect', (req, clientSocket, head) => {
      seen.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(clientSocket);
        clientSocket.pipe(upstream);
      });
      upstream.on('error', () => clientSocket.destroy());
      clientSocket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as { port: number };
    const client = new RpcClient({ url: cloud.url, token: TOKEN, proxy: `http://ada:pw@127.0.0.1:${port}` });
    try {
      expect(client.proxy).toBe(`http://ada:pw@127.0.0.1:${port}`);
      await expect(client.getAvailability()).resolves.toMatchObject({ max_jobs_in_queue: 10 });
      expect(seen).toEqual([
        { target: new URL(cloud.url).host, auth: `Basic ${Buffer.from('ada:pw').toString('base64')}` },
      ]);
      expect(client.connectionSettings()?.proxy).toBe(client.proxy);
    } finally {
      await client.close();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await cloud.close();
    }
  });
});

describe('RpcClient.account', () => {
  it('is shared by clients of one cloud and token, differs by token or cloud, and never holds the token', async () => {
    const clients = [
      new RpcClient({ url: 'http://127.0.0.1:9/', token: 'token-alice' }),
      new RpcClient({ url: 'http://127.0.0.1:9', token: 'token-alice' }),
      new RpcClient({ url: 'http://127.0.0.1:9', token: 'token-bob' }),
      new RpcClient({ url: 'http://127.0.0.1:10', token: 'token-alice' }),
    ];
    const [a, sameAsA, otherToken, otherCloud] = clients.map((client) => client.account);
    expect(sameAsA).toBe(a);
    expect(otherToken).not.toBe(a);
    expect(otherCloud).not.toBe(a);
    for (const account of [a, otherToken, otherCloud]) expect(account).not.toContain('token-');
    await Promise.all(clients.map((client) => client.close()));
  });
});
