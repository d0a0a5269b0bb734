import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../testing/raw-http.js';
import { trickleRequest } from '../testing/slow-client.js';
import { startTestServer, TOKEN_A } from '../testing/test-server.js';

/**
 * Issue 14, item 9: a client cannot hold connections open by sending slowly (a trickled body or trickled
 * headers are cut off at the request deadline, an idle keep-alive connection at its own), and one that keeps
 * sending wrong tokens is slowed down with 429 and `Retry-After`. The deadlines are short here (1 s, 0.5 s) so
 * that the attacks end quickly; the tests check that the connection ends and how, never how fast.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;

/** Far beyond every deadline of the test server: a connection still open then was not cut off. */
const GIVE_UP_MS = 20_000;

beforeAll(async () => {
  server = await startTestServer({
    requestTimeoutMs: 1000,
    headersTimeoutMs: 1000,
    keepAliveTimeoutMs: 500,
    maxFailedAuthPerMinute: 5,
  });
});

afterAll(async () => {
  await server.stop();
});

function head(token: string, contentLength: number): string {
  return (
    `POST /api/job HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`
  );
}

describe('slow clients', () => {
  it('a body trickled one byte at a time is cut off at the request deadline with 408', async () => {
    const end = await trickleRequest(server.url, head(TOKEN_A, 1_000_000), {
      trickle: '{"payload":',
      intervalMs: 20,
      giveUpMs: GIVE_UP_MS,
    });
    expect(end.closedByServer).toBe(true);
    expect(end.received).toMatch(/^HTTP\/1\.1 408/);
    expect(end.sentBytes).toBeLessThan(1_000_000);
  });

  it('headers trickled one byte at a time are cut off too', async () => {
    const end = await trickleRequest(server.url, 'GET /api/jobs/availability HTTP/1.1\r\nHost: x\r\n', {
      trickle: 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      intervalMs: 20,
      giveUpMs: GIVE_UP_MS,
    });
    expect(end.closedByServer).toBe(true);
    expect(end.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a request refused before its body arrived (wrong token) closes the connection at once', async () => {
    const end = await trickleRequest(server.url, head('token-mallory-000000', 1_000_000), {
      trickle: '{"payload":',
      intervalMs: 20,
      giveUpMs: GIVE_UP_MS,
    });
    expect(end.closedByServer).toBe(true);
    expect(end.received).toMatch(/^HTTP\/1\.1 (401|429)/);
    expect(end.received).toMatch(/connection: close/i);
  });

  it('an idle keep-alive connection is closed after its deadline', async () => {
    const request =
      `GET /api/jobs/availability HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN_A}\r\n` +
      'Connection: keep-alive\r\n\r\n';
    const end = await trickleRequest(server.url, request, { giveUpMs: GIVE_UP_MS });
    expect(end.closedByServer).toBe(true);
    expect(end.received).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('failed authentication', () => {
  it('is limited per client: past the limit, 429 with Retry-After, while a valid token still works', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof rawCall>> | undefined;
    for (let i = 0; i < 8; i++) {
      const answer = await rawCall(server.url, 'GET', '/api/jobs/availability', {
        token: `wrong-token-${i}-xxxxxxxx`,
      });
      statuses.push(answer.status);
      if (answer.status === 429) limited ??= answer;
    }
    // The connection test above already spent one of the 5 failures allowed this minute, at most.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
    if (limited === undefined) throw new Error('no request was limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const body = limited.json as { error: string; code: string };
    expect(body.error).toMatch(/Too many requests with a missing or invalid token.*retry in/);
    expect(body.code).toBe('ERR_AUTHENTICATION_RATE');
    // No token at all counts as a failure too; a valid token is neither counted nor refused.
    expect((await rawCall(server.url, 'GET', '/api/jobs/availability')).status).toBe(429);
    expect((await rawCall(server.url, 'GET', '/api/jobs/availability', { token: TOKEN_A })).status).toBe(200);
  });
});
