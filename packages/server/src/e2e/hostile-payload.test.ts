import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDeflate } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobBody, homExperiment } from '../testing/fixtures.js';
import { rawCall } from '../testing/raw-http.js';
import { startTestServer, TOKEN_A, TOKEN_B } from '../testing/test-server.js';

/**
 * Issue 14, items 1 and 3, replayed through the server: a `:PCVL:zip:` BasicState of about 270 kB that inflates to
 * 100 million modes (`|0,0,…,1>`) in `payload.iterator[0].input_state`. It used to end the process (heap out of
 * memory) after 20–60 s, with every other client waiting. Now it is decoded by the request checker's thread
 * within the platform's limits and refused with a 400, while the event loop keeps serving the other clients.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

/** `:PCVL:zip:` of a BasicState of `modes` modes, one photon in the last, deflated as it is written. */
async function zippedHugeState(modes: number): Promise<string> {
  const deflate = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const block = '0,'.repeat(1 << 19);
  deflate.write(':PCVL:BasicState:|');
  for (let written = 0; written + (1 << 19) < modes; written += 1 << 19) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end('1>');
  await done;
  return `:PCVL:zip:${Buffer.concat(chunks).toString('base64')}`;
}

describe('a zip bomb in a create request', () => {
  it('is refused with a 400 naming the field, while other requests are answered and the event loop stays free', async () => {
    const bomb = await zippedHugeState(100_000_000);
    expect(bomb.length).toBeGreaterThan(200_000);
    expect(bomb.length).toBeLessThan(600_000);
    const body = JSON.stringify(
      createJobBody(homExperiment(), { command: 'probs', iterator: [{ input_state: bomb }] }),
    );

    // The server runs in this process: its event loop is the one measured, first while another client polls
    // alone (what the machine gives this process: on a loaded machine the OS alone delays it), then during the
    // attack.
    const baseline = monitorEventLoopDelay({ resolution: 5 });
    baseline.enable();
    for (const end = Date.now() + 2000; Date.now() < end; ) {
      expect((await rawCall(server.url, 'GET', '/api/jobs/availability', { token: TOKEN_B })).status).toBe(
        200,
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    baseline.disable();

    const rssBefore = process.memoryUsage().rss;
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    let hostileAnswered = false;
    const hostile = rawCall(server.url, 'POST', '/api/job', { token: TOKEN_A, body }).finally(() => {
      hostileAnswered = true;
    });
    // Another client polls meanwhile; every answer it gets before the hostile request's is proof it was served.
    let answeredMeanwhile = 0;
    const others: number[] = [];
    while (!hostileAnswered) {
      const answer = await rawCall(server.url, 'GET', '/api/jobs/availability', { token: TOKEN_B });
      others.push(answer.status);
      if (!hostileAnswered) answeredMeanwhile++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const refused = await hostile;
    delay.disable();

    expect(refused.status, refused.text).toBe(400);
    expect(refused.json).toMatchObject({
      field: expect.stringMatching(/^payload\.iterator\[0\]\.input_state/),
    });
    expect(others.every((status) => status === 200)).toBe(true);
    expect(answeredMeanwhile).toBeGreaterThan(0);
    // The event loop stayed free: other clients were answered while the payload was decoded (before the fix the
    // loop was blocked for the whole decoding, 13 s for 30 million modes). Its delay percentiles are printed, not
    // asserted: on a machine shared with other test files they measure the machine, not the server (the issue's
    // p99 < 20 ms holds on a quiet machine; see the server README's security section).
    const p99Ms = delay.percentile(99) / 1e6;
    const baselineMs = baseline.percentile(99) / 1e6;
    console.info(
      `zip bomb of ${bomb.length} characters: refused; ${answeredMeanwhile} other requests answered meanwhile; ` +
        `event-loop delay p99 ${p99Ms.toFixed(1)} ms (without the attack: ${baselineMs.toFixed(1)} ms), ` +
        `max ${(delay.max / 1e6).toFixed(1)} ms`,
    );
    // RSS bound: decoding stops at the platform's limits (24 modes) long before 100 million modes are held.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 2 ** 20);
    // The server is still up and creates jobs.
    const created = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: createJobBody(homExperiment()),
    });
    expect(created.status).toBe(200);
  });
});

describe('a :PCVL: value longer than the decoder takes (issue 14, item 4)', () => {
  it('is refused with a 400 naming the field before anything reads it', async () => {
    // 10 million base64 characters: the decoder's maxStringLength (4 Mi) refuses them anyway; refused by the
    // request checker's thread right after parsing the body, the value never comes back to the HTTP thread and is
    // never decoded.
    const experiment = createJobBody(homExperiment(), {});
    (experiment.payload as Record<string, unknown>).experiment = `:PCVL:Experiment:${'A'.repeat(10_000_000)}`;
    const answer = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: JSON.stringify(experiment),
    });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.json).toMatchObject({
      field: 'payload.experiment',
      error: expect.stringMatching(
        /10000017 characters, more than a :PCVL: value may hold \(4194304, maxStringLength\)/,
      ),
    });
    const sweep = createJobBody(homExperiment(), {
      iterator: [{ input_state: `:PCVL:BasicState:|${'0,'.repeat(2_200_000)}1>` }],
    });
    const inSweep = await rawCall(server.url, 'POST', '/api/job', {
      token: TOKEN_A,
      body: JSON.stringify(sweep),
    });
    expect(inSweep.status, inSweep.text).toBe(400);
    expect((inSweep.json as { field: string }).field).toBe('payload.iterator[0].input_state');
  });
});
