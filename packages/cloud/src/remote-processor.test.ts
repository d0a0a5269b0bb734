import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthenticationError,
  BasicState,
  BS,
  BSCount,
  Circuit,
  Experiment,
  HttpError,
  NoiseModel,
  Parameter,
  PS,
  Sampler,
  type SamplerIterationResults,
  type SamplerResult,
  ValidationError,
} from '@bosonic/core';
import { refusedField } from '@bosonic/core/testing';
import { deserialize } from '@bosonic/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PCVL_VERSION, RemoteProcessor } from './remote-processor.js';
import { startTestCloud, type TestCloud, testPlatform } from './testing/cloud-test-server.js';
import { resultsFor } from './testing/fixtures.js';

const TOKEN = 't0k3n';

/** BS.H // PS(phi) // BS.H on 2 modes, with a free phase `phi`. */
function interferometer(): Circuit {
  return new Circuit(2)
    .add(0, BS.H())
    .add(0, new PS(new Parameter('phi')))
    .add(0, BS.H());
}

describe('RemoteProcessor', () => {
  let cloud: TestCloud;
  let configDir: string;
  const processors: RemoteProcessor[] = [];

  beforeEach(async () => {
    cloud = await startTestCloud({
      results: resultsFor,
      script: () => ({ startAfterMs: 5, runForMs: 20 }),
      platforms: [
        testPlatform('sim:test'),
        testPlatform('sim:probs-only', { available_commands: ['probs'] }),
        testPlatform('qpu:strict', {
          available_commands: ['sample_count'],
          constraints: {
            max_mode_count: 4,
            min_mode_count: 2,
            max_photon_count: 2,
            min_photon_count: 1,
            support_multi_photon: false,
          },
          detector: 'threshold',
        }),
      ],
    });
    configDir = mkdtempSync(join(tmpdir(), 'bosonic-rp-'));
  });

  afterEach(async () => {
    await Promise.all(processors.splice(0).map((rp) => rp.close()));
    await cloud.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  const connect = async (platform = 'sim:test'): Promise<RemoteProcessor> => {
    const rp = await RemoteProcessor.connect(platform, {
      url: cloud.url,
      token: TOKEN,
      refreshIntervalMs: 10,
    });
    processors.push(rp);
    return rp;
  };

  const ready = async (platform = 'sim:test'): Promise<RemoteProcessor> =>
    (await connect(platform))
      .setCircuit(interferometer())
      .withInput(new BasicState([1, 0]))
      .minDetectedPhotonsFilter(1);

  it('connects by fetching the platform details and specs', async () => {
    const rp = await connect('qpu:strict');
    expect(rp.name).toBe('qpu:strict');
    expect(rp.availableCommands).toEqual(['sample_count']);
    expect(rp.constraints.max_mode_count).toBe(4);
    expect(rp.type).toBe('simulator');
    expect(rp.status).toBe('available');
    expect(rp.specs.architecture).toMatch(/^:PCVL:/);
    expect(rp.url).toBe(cloud.url);
    expect(cloud.requests[0]?.path).toBe('/api/platforms/qpu%3Astrict/processor');
    // A threshold platform thresholds the experiment's output, as Perceval does.
    rp.setCircuit(new Circuit(2));
    expect(rp.experiment.isThresholded).toBe(true);
  });

  it('takes the token and URL from the environment when not given', async () => {
    const env = { BOSONIC_CONFIG_DIR: configDir, BOSONIC_CLOUD_URL: cloud.url, PCVL_CLOUD_TOKEN: TOKEN };
    const rp = await RemoteProcessor.connect('sim:test', { env });
    processors.push(rp);
    expect(rp.url).toBe(cloud.url);
  });

  it('refuses to connect without a token, with a wrong token, or to an unknown platform', async () => {
    const env = { BOSONIC_CONFIG_DIR: configDir };
    await expect(RemoteProcessor.connect('sim:test', { url: cloud.url, env })).rejects.toThrow(
      /No token found/,
    );
    await expect(
      RemoteProcessor.connect('sim:test', { url: cloud.url, token: 'wrong', env }),
    ).rejects.toBeInstanceOf(AuthenticationError);
    const unknown = await RemoteProcessor.connect('sim:nope', { url: cloud.url, token: TOKEN, env }).catch(
      (e) => e,
    );
    expect(unknown).toBeInstanceOf(HttpError);
    expect((unknown as HttpError).status).toBe(404);
    await expect(RemoteProcessor.connect('', { token: TOKEN })).rejects.toMatchObject({ field: 'platform' });
    await expect(
      RemoteProcessor.connect('sim:test', { url: cloud.url, token: TOKEN, refreshIntervalMs: -1 }),
    ).rejects.toMatchObject({ field: 'refreshIntervalMs' });
  });

  it("checks the experiment against the platform's constraints, naming the field", async () => {
    const rp = await connect('qpu:strict');
    expect(() => rp.setCircuit(new Circuit(5))).toThrow(/Circuit too big for qpu:strict \(5 modes > 4\)/);
    expect(() => rp.setCircuit(new Circuit(1))).toThrow(expect.objectContaining({ field: 'circuit' }));
    rp.setCircuit(new Circuit(4));
    expect(() => rp.withInput(new BasicState([1, 1, 1, 0]))).toThrow(/Too many photons/);
    expect(() => rp.withInput(new BasicState([2, 0, 0, 0]))).toThrow(/at most one photon per input mode/);
    expect(() => rp.withInput(new BasicState([0, 0, 0, 0]))).toThrow(
      expect.objectContaining({ field: 'input' }),
    );
    rp.withInput(new BasicState([1, 0, 1, 0]));
    expect(rp.experiment.input?.toString()).toBe('|1,0,1,0>');
  });

  it('takes over a whole experiment (a copy, named after the platform) and sends it as built', async () => {
    const built = new Experiment(new Circuit(4).add(0, BS.H()).add(2, BS.H()), { name: 'my gate' })
      .addHerald(1, 0)
      .addHerald(3, 0)
      .withInput(new BasicState([1, 1]))
      .setPostSelection('[0]==1')
      .minDetectedPhotonsFilter(1);
    const rp = await connect();
    rp.setExperiment(built);
    built.setPostSelection('[2]==1'); // later changes stay with the original
    expect(rp.experiment.name).toBe('sim:test');
    expect(rp.m).toBe(4);
    const sent = deserialize(rp.prepareJobPayload('probs').payload.experiment) as Experiment;
    expect(sent.heralds.map((h) => [h.mode, h.expected])).toEqual([
      [1, 0],
      [3, 0],
    ]);
    expect(String(sent.postSelection)).toBe('[0]==1');
    expect(String(sent.fullInputState())).toBe('|1,0,1,0>');
    // A threshold platform thresholds the output it took over; a circuit too large for it is refused.
    const strict = await connect('qpu:strict');
    expect(strict.setExperiment(built.copy()).experiment.isThresholded).toBe(true);
    const wide = new Experiment(new Circuit(6)).withInput(new BasicState([1, 0, 0, 0, 0, 0]));
    expect(() => strict.setExperiment(wide)).toThrow(ValidationError);
    expect(() => rp.setExperiment({} as Experiment)).toThrow(
      expect.objectContaining({ name: 'ValidationError', field: 'experiment' }),
    );
  });

  it('requires the min-detected-photons filter and a shot limit before making a job', async () => {
    const rp = (await connect()).setCircuit(interferometer()).withInput(new BasicState([1, 0]));
    expect(() => new Sampler(rp, { maxShotsPerCall: 1000 }).probs).toThrow(
      expect.objectContaining({ field: 'minDetectedPhotons' }),
    );
    rp.minDetectedPhotonsFilter(1);
    expect(() => new Sampler(rp).probs).toThrow(expect.objectContaining({ field: 'maxShotsPerCall' }));
  });

  it('sends the body Perceval sends for Sampler.sampleCount(10 000), and gets the counts back', async () => {
    const rp = await ready();
    const job = new Sampler(rp, { maxShotsPerCall: 1_000_000 }).sampleCount;
    await job.executeAsync(10_000);
    const body = JSON.parse(cloud.requests.find((r) => r.method === 'POST')?.body ?? '{}');
    expect(Object.keys(body)).toEqual(['pcvl_version', 'process_id', 'platform_name', 'payload', 'job_name']);
    expect(body.pcvl_version).toBe(PCVL_VERSION);
    expect(body.process_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.platform_name).toBe('sim:test');
    expect(body.job_name).toBe('sample_count');
    expect(Object.keys(body.payload)).toEqual([
      'command',
      'experiment',
      'max_shots',
      'max_samples',
      'job_context',
    ]);
    expect(body.payload).toMatchObject({
      command: 'sample_count',
      max_shots: 1_000_000,
      max_samples: 10_000,
      job_context: null,
    });
    expect(body.payload.experiment).toMatch(/^:PCVL:zip:/);
    const experiment = deserialize(body.payload.experiment) as Experiment;
    expect(experiment).toBeInstanceOf(Experiment);
    expect(experiment.name).toBe('sim:test');
    expect(experiment.m).toBe(2);
    expect(experiment.minDetectedPhotons).toBe(1);
    const { results } = (await job.wait()) as SamplerResult;
    expect((results as BSCount).get('|0,1>')).toBe(4875);
    // One process id per process.
    const second = new Sampler(rp, { maxShotsPerCall: 10 }).probs;
    await second.executeAsync();
    const bodies = cloud.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body));
    expect(bodies[1].process_id).toBe(body.process_id);
  });

  it('runs sampleCount on a probs-only platform through probs, converting the distribution client-side', async () => {
    const rp = await ready('sim:probs-only');
    const job = new Sampler(rp, { maxShotsPerCall: 100_000, seed: 3 }).sampleCount;
    await job.executeAsync(10_000);
    const body = JSON.parse(cloud.requests.find((r) => r.method === 'POST')?.body ?? '{}');
    expect(body.payload.command).toBe('probs');
    expect(body.payload.job_context).toEqual({
      result_mapping: ['perceval.utils', 'probs_to_sample_count'],
      mapping_delta_parameters: { max_samples: 10_000, max_shots: 100_000 },
    });
    const { results } = (await job.wait()) as SamplerResult;
    expect(results).toBeInstanceOf(BSCount);
    expect((results as BSCount).total()).toBe(10_000);

    // The conversion draws from the job's id: every fetch, in any process, gives the same counts (fresh draws of
    // 10 000 shots would differ by about √(10 000 · p(1 − p)) counts per state).
    const fetches = await Promise.all([rp.resumeJob(job.id as string), rp.resumeJob(job.id as string)]);
    for (const resumed of fetches) {
      expect(resumed.seed).toBeUndefined();
      expect(String((await resumed.wait()).results)).toBe(String(results));
    }
  });

  it('sends the Sampler iterations as payload.iterator and returns one result per step', async () => {
    const rp = await ready();
    const sampler = new Sampler(rp, { maxShotsPerCall: 1000 });
    sampler.addIteration({ circuitParams: { phi: 0.5 }, inputState: new BasicState([0, 1]) });
    sampler.addIteration({ circuitParams: { phi: 1 }, noise: new NoiseModel({ g2: 0.01 }), maxSamples: 20 });
    expect(() => sampler.addIteration({ circuitParams: { theta: 1 } })).toThrow(
      expect.objectContaining({ field: 'iteration.circuitParams.theta' }),
    );
    const job = sampler.sampleCount;
    await job.executeAsync(100);
    const body = JSON.parse(cloud.requests.find((r) => r.method === 'POST')?.body ?? '{}');
    expect(body.payload.iterator).toEqual([
      { circuit_params: { phi: 0.5 }, input_state: ':PCVL:BasicState:|0,1>' },
      { circuit_params: { phi: 1 }, max_samples: 20, noise: ':PCVL:NoiseModel:{"g2": 0.01}' },
    ]);
    const { resultsList } = (await job.wait()) as SamplerIterationResults;
    expect(resultsList.map((r) => r.iteration.circuitParams)).toEqual([{ phi: 0.5 }, { phi: 1 }]);
    expect(resultsList[0]!.iteration.inputState?.toString()).toBe('|0,1>');
    expect(resultsList[1]!.iteration.noise).toBeInstanceOf(NoiseModel);
  });

  it('sends platform parameters, and refuses values that are not JSON', async () => {
    const rp = await ready();
    rp.setParameters({ final_mode_number: 2 }).computePhysicalLogicalPerf(true);
    expect(() => rp.setParameter('bad', Number.NaN)).toThrow(
      expect.objectContaining({ field: 'parameters.bad' }),
    );
    expect(() => rp.setParameter('bad', new Date())).toThrow(ValidationError);
    await new Sampler(rp, { maxShotsPerCall: 10 }).probs.executeAsync();
    const body = JSON.parse(cloud.requests.find((r) => r.method === 'POST')?.body ?? '{}');
    expect(Object.keys(body.payload)).toEqual([
      'command',
      'parameters',
      'experiment',
      'max_shots',
      'job_context',
    ]);
    expect(body.payload.parameters).toEqual({ final_mode_number: 2, compute_physical_logical_perf: true });
  });

  it("builds with the local Processor's calls too: an input as text, a filter removed with undefined", async () => {
    // These took only a BasicState and only a number before both processors shared AbstractProcessor.
    const rp = (await connect()).setCircuit(interferometer()).withInput('|0,1>');
    expect(rp.experiment.input).toBeInstanceOf(BasicState);
    expect(rp.experiment.input?.toString()).toBe('|0,1>');
    expect(() => rp.withInput('|0,1')).toThrow(ValidationError);
    rp.minDetectedPhotonsFilter(1);
    expect(() => rp.checkExperiment()).not.toThrow();
    rp.minDetectedPhotonsFilter(undefined);
    expect(rp.experiment.minDetectedPhotons).toBeUndefined();
    // A remote platform never infers the filter: without one it refuses the job.
    expect(() => new Sampler(rp, { maxShotsPerCall: 10 }).probs).toThrow(
      expect.objectContaining({ field: 'minDetectedPhotons' }),
    );
    const strict = await connect('qpu:strict');
    strict.setCircuit(new Circuit(4));
    expect(() => strict.withInput('|1,1,1,0>')).toThrow(expect.objectContaining({ field: 'input' }));
    expect(strict.experiment.input).toBeUndefined();
  });

  it('snapshots the experiment when the job is made', async () => {
    const rp = await ready();
    const job = new Sampler(rp, { maxShotsPerCall: 10 }).probs;
    rp.withInput(new BasicState([0, 1]));
    await job.executeAsync();
    const body = JSON.parse(cloud.requests.find((r) => r.method === 'POST')?.body ?? '{}');
    expect((deserialize(body.payload.experiment) as Experiment).input?.toString()).toBe('|1,0>');
  });

  it('resumes a job by id and reports the quota', async () => {
    const rp = await ready();
    const job = new Sampler(rp, { maxShotsPerCall: 10 }).samples;
    await job.executeAsync(3);
    expect(await rp.getAvailability()).toEqual({ max_jobs_in_queue: 10, num_jobs_in_queue: 1 });
    await job.wait();
    const resumed = await rp.resumeJob(job.id!);
    expect(resumed.isSuccess).toBe(true);
    expect(String((resumed.getResults() as SamplerResult).results)).toBe(
      String((job.getResults() as SamplerResult).results),
    );
  });
  it('lists every command the platform lists in platformCommands, the Sampler ones in availableCommands', async () => {
    expect((await connect('sim:test')).platformCommands).toEqual(['probs', 'sample_count', 'samples']);
    const probsOnly = await connect('sim:probs-only');
    expect(probsOnly.platformCommands).toEqual(['probs']);
    expect(Object.isFrozen(probsOnly.platformCommands)).toBe(true);
  });

  it('checkExperiment asks for a circuit, an input and a min-detected-photons filter, naming each', async () => {
    const rp = await connect();
    expect(refusedField(() => rp.checkExperiment())).toBe('circuit');
    rp.setCircuit(interferometer());
    expect(refusedField(() => rp.checkExperiment())).toBe('input');
    rp.withInput(new BasicState([1, 0]));
    // A remote platform never infers the filter from the input, unlike a local processor.
    expect(refusedField(() => rp.checkExperiment())).toBe('minDetectedPhotons');
    rp.minDetectedPhotonsFilter(1);
    expect(rp.checkExperiment()).toBeUndefined();
  });

  it("prepareJobPayload is Perceval's create-job body: version, process, platform, command and experiment", async () => {
    const rp = await ready();
    const body = rp.prepareJobPayload('sample_count');
    expect(body.pcvl_version).toBe(PCVL_VERSION);
    expect(body.process_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.platform_name).toBe('sim:test');
    expect(body.payload.command).toBe('sample_count');
    expect(body.payload.parameters).toBeUndefined();
    expect(body.payload.experiment).toMatch(/^:PCVL:zip:/);
    const experiment = deserialize(body.payload.experiment) as Experiment;
    expect(experiment).toBeInstanceOf(Experiment);
    expect(experiment.m).toBe(2);
    expect(experiment.minDetectedPhotons).toBe(1);
    expect(String(experiment.input)).toBe('|1,0>');
    // The same process id for every job of this process, as Perceval's.
    expect(rp.prepareJobPayload('probs').process_id).toBe(body.process_id);
  });
});
