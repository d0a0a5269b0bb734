import { BasicState, Experiment } from '@bosonic/core';
import { stateSpaceSize } from '@bosonic/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESULT_STATES } from '../platforms/capacity.js';
import { createJobBody, homExperiment, meshCircuit } from '../testing/fixtures.js';
import { type RawAnswer, rawCall } from '../testing/raw-http.js';
import { startTestServer, TOKEN_A } from '../testing/test-server.js';

/**
 * Issue 14, items 5 and 8: what can be known when a job is created is checked before it is accepted. A job that
 * could only fail later (no sample to draw, samples that cannot fit in memory, results too large to build) is
 * refused at once with a 4xx naming the field, and the platforms publish limits whose results fit.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
const MEMORY = 2 ** 30;

beforeAll(async () => {
  server = await startTestServer({ memoryLimitBytes: MEMORY });
});

afterAll(async () => {
  await server.stop();
});

const create = (body: unknown): Promise<RawAnswer> =>
  rawCall(server.url, 'POST', '/api/job', { token: TOKEN_A, body: JSON.stringify(body) });

function expectRefused(answer: RawAnswer, status: number, pattern: RegExp, field?: string): void {
  expect(answer.status, answer.text).toBe(status);
  const body = answer.json as { error: string; field?: string };
  expect(body.error).toMatch(pattern);
  if (field !== undefined) expect(body.field).toBe(field);
}

/** `photons` photons in the first modes of a `modes`-mode mesh, on `platform`. */
function photonsInModes(photons: number, modes: number, platform: string): Experiment {
  const input = Array.from({ length: modes }, (_, mode) => (mode < photons ? 1 : 0));
  return new Experiment(meshCircuit(modes, 2), { name: platform }).withInput(new BasicState(input));
}

describe('checks at creation', () => {
  it('max_samples: 0 is refused with a 400 naming the field, in the payload or in a sweep step', async () => {
    const samples = { command: 'samples', max_samples: 0 };
    expectRefused(
      await create(createJobBody(homExperiment(), samples)),
      400,
      /at least 1/,
      'payload.max_samples',
    );
    const sweep = { command: 'samples', max_samples: 10, iterator: [{ max_samples: 5 }, { max_samples: 0 }] };
    expectRefused(
      await create(createJobBody(homExperiment(), sweep)),
      400,
      /payload\.iterator\[1\]\.max_samples: .*(at least 1|positive|≥ 1)/,
      'payload.iterator[1].max_samples',
    );
  });

  it('10⁹ samples that cannot fit in the memory of a job are refused, naming the sizes, as the simulator would refuse them', async () => {
    const rssBefore = process.memoryUsage().rss;
    const slosSamples = createJobBody(homExperiment(), { command: 'samples', max_samples: 1_000_000_000 });
    expectRefused(
      await create(slosSamples),
      422,
      /payload\.max_samples: samples from SLOS with 2 photons on 2 modes .* needs 2\.00 GB of memory, above this server's limit of 1\.07 GB per job/,
    );
    // Clifford & Clifford draws each sample of a count: 10⁹ samples do not fit either.
    const cliffordCounts = createJobBody(homExperiment('sim:clifford2017'), {
      command: 'sample_count',
      max_samples: 1_000_000_000,
    });
    expectRefused(
      await create(cliffordCounts),
      422,
      /sample_count from drawing 1,000,000,000 samples of 2 modes/,
    );
    const cliffordBody = createJobBody(homExperiment('sim:clifford2017'), {
      command: 'samples',
      max_samples: 2 ** 31,
    });
    expectRefused(await create(cliffordBody), 422, /drawing 2,147,483,648 samples/);
    // Nothing was allocated for them: the server (this process) grew by less than 64 MiB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 2 ** 20);
  });

  it('10⁹ samples counted from SLOS’s distribution need no buffer of samples: accepted, and the job completes', async () => {
    const body = createJobBody(homExperiment(), { command: 'sample_count', max_samples: 1_000_000_000 });
    const answer = await create(body);
    expect(answer.status, answer.text).toBe(200);
    const id = (answer.json as { job_id: string }).job_id;
    let status = '';
    while (!['completed', 'error', 'canceled'].includes(status)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const polled = await rawCall(server.url, 'GET', `/api/job/status/${id}`, { token: TOKEN_A });
      status = (polled.json as { status: string }).status;
    }
    expect(status).toBe('completed');
  });

  it('samples whose list would be larger than one result are refused; the same count as sample_count is not', async () => {
    // 5 million samples of 24 modes fit in memory (240 MB) but not in one result (4.2 million samples of 24
    // modes); counted, they are at most 300 distinct states (2 photons in 24 modes).
    const experiment = photonsInModes(2, 24, 'sim:clifford2017');
    const samples = await create(createJobBody(experiment, { command: 'samples', max_samples: 5_000_000 }));
    expectRefused(samples, 422, /more than one result of this server may hold/);
    const counts = await create(
      createJobBody(experiment, { command: 'sample_count', max_samples: 5_000_000 }),
    );
    expect(counts.status, counts.text).toBe(200);
    await rawCall(server.url, 'POST', `/api/job/cancel/${(counts.json as { job_id: string }).job_id}`, {
      token: TOKEN_A,
    });
  });
});

describe('published limits', () => {
  it('sim:slos publishes a photon count whose whole distribution fits in one result, and refuses 10 photons in 24 modes at once', async () => {
    const details = await rawCall(server.url, 'GET', '/api/platforms/sim%3Aslos/processor', {
      token: TOKEN_A,
    });
    const { max_mode_count, max_photon_count } = (
      details.json as { specs: { constraints: { max_mode_count: number; max_photon_count: number } } }
    ).specs.constraints;
    expect(stateSpaceSize(max_photon_count, max_mode_count)).toBeLessThanOrEqual(MAX_RESULT_STATES);
    expect(stateSpaceSize(max_photon_count + 1, max_mode_count)).toBeGreaterThan(MAX_RESULT_STATES);

    // The request of the issue: 10 photons in 24 modes ran 195 s and failed building its results; now a 400.
    const tooLarge = await create(createJobBody(photonsInModes(10, 24, 'sim:slos')));
    // Refused while decoding, at the platform's published photon count.
    expectRefused(tooLarge, 400, /more than 7 photons \(maxPhotons\)/, 'payload.experiment');
  });
});
