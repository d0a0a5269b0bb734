import {
  BasicState,
  BSDistribution,
  type BSSamples,
  Circuit,
  Experiment,
  HWP,
  NoiseModel,
  PBS,
} from '@bosonic/core';
import { deserialize, serialize } from '@bosonic/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homExperiment, longSamplingExperiment, mziCircuit } from '../testing/fixtures.js';
import { type RawAnswer, rawCall } from '../testing/raw-http.js';
import { startTestServer, TOKEN_A } from '../testing/test-server.js';

/**
 * The server seen through the requests of Perceval's client (docs/wire-protocol.md): `requests` with a Bearer
 * header, `json.dumps` bodies (", " and ": " separators), POSTs without a body for cancel and rerun, platform names
 * through `quote_plus`, and the answers read the way `RemoteJob` reads them.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;

/** What `requests` adds to every call. */
const REQUESTS_HEADERS = {
  'user-agent': 'python-requests/2.32.3',
  'accept-encoding': 'gzip, deflate',
  accept: '*/*',
  connection: 'keep-alive',
};

/** Python's `json.dumps` (default separators). */
function pythonDumps(value: unknown): string {
  return JSON.stringify(value)
    .replace(/([^\\])":/g, '$1": ')
    .replace(/,"/g, ', "');
}

function get(path: string): Promise<RawAnswer> {
  return rawCall(server.url, 'GET', path, { token: TOKEN_A, headers: REQUESTS_HEADERS });
}

/** `requests.post(url, headers=…, json=payload)`, or without `json` (no body, no content type). */
function post(path: string, payload?: unknown): Promise<RawAnswer> {
  return rawCall(server.url, 'POST', path, {
    token: TOKEN_A,
    headers: payload === undefined ? { ...REQUESTS_HEADERS, 'content-length': '0' } : { ...REQUESTS_HEADERS },
    ...(payload === undefined ? {} : { body: pythonDumps(payload) }),
  });
}

/** `RemoteJob.status` polling until the job is completed, error or canceled. */
async function pollUntilDone(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const answer = await get(`/api/job/status/${id}`);
    expect(answer.status).toBe(200);
    const body = answer.json as Record<string, unknown>;
    if (['completed', 'error', 'canceled'].includes(body.status as string)) return body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

/** The create-job body of `Sampler(rp, max_shots_per_call=…).sample_count(n)` on a probs-only platform (docs/wire-protocol.md, Job payload). */
function sampleCountOnProbsPlatform(experiment: Experiment, maxSamples: number, maxShots: number) {
  return {
    pcvl_version: '1.1.1',
    process_id: '0d3c7c8e-6a3b-4b8e-9f60-0f3c1b2a4d5e',
    platform_name: 'sim:slos',
    payload: {
      command: 'probs',
      experiment: serialize(experiment),
      max_shots: maxShots,
      job_context: {
        result_mapping: ['perceval.utils', 'probs_to_sample_count'],
        mapping_delta_parameters: { max_samples: maxSamples, max_shots: maxShots },
      },
    },
    job_name: 'sample_count',
  };
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe("Perceval's client against the server", () => {
  it('finds the platform at the current path, with an architecture it can deserialize', async () => {
    const answer = await get('/api/platforms/sim%3Aslos/processor');
    expect(answer.status).toBe(200);
    const details = answer.json as { name: string; type: string; specs: Record<string, unknown> };
    expect(details).toMatchObject({ name: 'sim:slos', type: 'simulator', status: 'available' });
    expect(Object.keys(details.specs)).toEqual(
      expect.arrayContaining(['available_commands', 'constraints', 'parameters', 'architecture', 'detector']),
    );
    const specs = deserialize(details.specs, { strict: false }) as { architecture: unknown };
    expect(specs.architecture).toBeInstanceOf(Experiment);
    // The older path answers the same details.
    const legacy = await get('/api/platform/sim%3Aslos');
    expect(legacy.json).toEqual(answer.json);
  });

  it('runs sample_count on a probs-only platform: status fields as RemoteJob reads them, results with job_context', async () => {
    const body = sampleCountOnProbsPlatform(homExperiment(), 10_000, 1_000_000);
    const created = await post('/api/job', body);
    expect(created.status).toBe(200);
    const id = (created.json as { job_id: string }).job_id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const status = await pollUntilDone(id);
    expect(status.status).toBe('completed');
    // RemoteJob casts: float(progress), str(progress_message), float(creation_datetime), float(start_time),
    // int(duration): all present with those types.
    expect(typeof status.progress).toBe('number');
    expect(status.progress).toBe(1);
    expect(typeof status.progress_message).toBe('string');
    expect(typeof status.creation_datetime).toBe('number');
    expect(typeof status.start_time).toBe('number');
    expect(typeof status.duration).toBe('number');
    expect(Math.abs((status.creation_datetime as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(status.start_time as number).toBeGreaterThanOrEqual(status.creation_datetime as number);

    const result = await get(`/api/job/result/${id}`);
    expect(result.status).toBe(200);
    // json.loads(resp['results']) then deserialize(…, strict=False).
    const content = JSON.parse((result.json as { results: string }).results) as Record<string, unknown>;
    expect(content.job_context).toEqual(body.payload.job_context);
    const decoded = deserialize(content, { strict: false }) as {
      results: BSDistribution;
      global_perf: number;
    };
    expect(decoded.results).toBeInstanceOf(BSDistribution);
    expect(decoded.results.get('|2,0>')).toBeCloseTo(0.5, 9);
    expect(decoded.results.get('|0,2>')).toBeCloseTo(0.5, 9);
    expect(decoded.global_perf).toBeCloseTo(1, 12);
  });

  /** An older client's `probs` job: a circuit and an input state instead of an experiment; its distribution. */
  async function legacyProbs(circuit: string, inputState: string): Promise<BSDistribution> {
    const created = await post('/api/job', {
      pcvl_version: '0.13.0',
      process_id: 'legacy',
      platform_name: 'sim:slos',
      payload: { command: 'probs', circuit, input_state: `:PCVL:BasicState:${inputState}` },
      job_name: 'probs',
    });
    expect(created.status).toBe(200);
    const id = (created.json as { job_id: string }).job_id;
    expect((await pollUntilDone(id)).status).toBe('completed');
    const content = JSON.parse(((await get(`/api/job/result/${id}`)).json as { results: string }).results);
    return deserialize(content.results) as BSDistribution;
  }

  it('accepts an older client sending a circuit and an input state instead of an experiment', async () => {
    // BS()//PS(pi/4)//BS() from Perceval's tests (docs/wire-protocol.md, Serialization), input |1,0>.
    const circuit =
      ':PCVL:zip:eJyzCnAO87FydM4sSi7NLLFydfTM9K9wdI7MSg52DsyO9AkNCtWu9DANqMj3cg50hAPP9GwvBM+xEKgWwXPxRFNrEegYlu/jDNTj7mzoGhZQnGEWYkF1ewCY7jxM';
    const results = await legacyProbs(circuit, '|1,0>');
    // Rx beam splitters around a π/4 phase: P(|1,0>) = sin²(π/8), written with Perceval's 6 decimals.
    expect(results.get('|1,0>')).toBeCloseTo(Math.sin(Math.PI / 8) ** 2, 6);
    expect(results.get('|0,1>')).toBeCloseTo(Math.cos(Math.PI / 8) ** 2, 6);
  });

  it('runs a circuit of polarization optics: a half-wave plate then a polarizing beam splitter', async () => {
    // HWP(π/12) turns H into cos(π/6)·H + sin(π/6)·V (up to a phase); the PBS sends H to the other mode and keeps V.
    const circuit = serialize(new Circuit(2).add(0, new HWP(Math.PI / 12)).add(0, new PBS()));
    const results = await legacyProbs(circuit as string, '|{P:H},0>');
    expect(results.get('|1,0>')).toBeCloseTo(Math.sin(Math.PI / 6) ** 2, 6);
    expect(results.get('|0,1>')).toBeCloseTo(Math.cos(Math.PI / 6) ** 2, 6);
  });

  it('answers an iterator payload with results_list, each entry echoing its iteration', async () => {
    const experiment = new Experiment(mziCircuit(), { name: 'sim:slos' })
      .withInput(new BasicState([1, 0]))
      .minDetectedPhotonsFilter(1);
    const iterator = [
      { circuit_params: { phi: 0 }, input_state: ':PCVL:BasicState:|1,0>' },
      { circuit_params: { phi: Math.PI / 2 }, noise: ':PCVL:NoiseModel:{"brightness": 0.5}' },
    ];
    const created = await post('/api/job', {
      pcvl_version: '1.1.1',
      process_id: 'p',
      platform_name: 'sim:slos',
      payload: {
        command: 'probs',
        experiment: serialize(experiment),
        iterator,
        max_shots: 100_000,
        job_context: null,
      },
      job_name: 'probs',
    });
    const id = (created.json as { job_id: string }).job_id;
    expect((await pollUntilDone(id)).status).toBe('completed');
    const content = JSON.parse(((await get(`/api/job/result/${id}`)).json as { results: string }).results);
    expect(content.results_list).toHaveLength(2);
    expect(content.results_list.map((entry: { iteration: unknown }) => entry.iteration)).toEqual(iterator);
    const decoded = deserialize(content, { strict: false }) as {
      results_list: { results: BSDistribution; iteration: { noise?: NoiseModel }; physical_perf: number }[];
    };
    expect(decoded.results_list[0]!.results.get('|1,0>')).toBeCloseTo(1, 9);
    expect(decoded.results_list[1]!.iteration.noise).toBeInstanceOf(NoiseModel);
    // Brightness 0.5: a photon is emitted half the time, and the filter keeps only shots with one.
    expect(decoded.results_list[1]!.physical_perf).toBeCloseTo(0.5, 9);
  });

  it('cancels and reruns with body-less POSTs, and serves partial samples of the canceled job', async () => {
    const created = await post('/api/job', {
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
      job_name: 'samples',
    });
    const id = (created.json as { job_id: string }).job_id;
    let observed = 0;
    for (;;) {
      const status = (await get(`/api/job/status/${id}`)).json as { status: string; progress: number };
      observed = status.progress;
      if (status.status === 'running' && status.progress > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const canceled = await post(`/api/job/cancel/${id}`);
    expect(canceled.status).toBe(200);
    const status = await pollUntilDone(id);
    expect(status).toMatchObject({ status: 'canceled', status_message: expect.stringContaining('partial') });
    // The progress reached survives the cancel (not 0, and not the 1 of a finished job).
    expect(status.progress).toBeGreaterThanOrEqual(observed);
    expect(status.progress).toBeLessThan(1);
    const content = JSON.parse(((await get(`/api/job/result/${id}`)).json as { results: string }).results);
    const samples = deserialize(content.results) as BSSamples;
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThan(200_000);

    const rerun = await post(`/api/job/rerun/${id}`);
    expect(rerun.status).toBe(200);
    const again = (rerun.json as { job_id: string }).job_id;
    expect(again).not.toBe(id);
    expect((await post(`/api/job/cancel/${again}`)).status).toBe(200);
    expect((await pollUntilDone(again)).status).toBe('canceled');
  });
});
