import { BasicState, type BSCount, BSDistribution, BSSamples, Experiment } from '@bosonic/core';
import { deserialize, type JobResultsContent, parseJobResultsText } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { outOfTimeMessage } from '../jobs/execution-time-limit.js';
import { simulatorPlatforms } from '../platforms/platforms.js';
import {
  createJobBody,
  homExperiment,
  longSamplingExperiment,
  meshCircuit,
  mziCircuit,
} from '../testing/fixtures.js';
import { CANCELED_WITHOUT_RESULTS, runJob } from './run-job.js';
import type { RunOrder } from './worker-messages.js';

const LIMITS = { memoryLimitBytes: 2 ** 30, threads: 1 };
const PLATFORMS = simulatorPlatforms(LIMITS.memoryLimitBytes);

function order(body: Record<string, unknown>, platform = 'sim:slos'): RunOrder {
  return {
    jobId: 'job-1',
    attempt: 1,
    platform: PLATFORMS.get(platform)!,
    request: JSON.stringify(body),
    limits: LIMITS,
    progressIntervalMs: 20,
  };
}

function content(text: string | null): JobResultsContent {
  expect(text).not.toBeNull();
  return parseJobResultsText(text!);
}

describe('runJob', () => {
  it('completes a job with :PCVL: results, its perf figures and the echoed job context (reference #1)', async () => {
    const context = {
      result_mapping: ['perceval.utils', 'probs_to_sample_count'],
      mapping_delta_parameters: { max_samples: 100, max_shots: 1000 },
    };
    const progress: number[] = [];
    const { outcome } = runJob(order(createJobBody(homExperiment(), { job_context: context })), (p) =>
      progress.push(p),
    );
    const done = await outcome;
    expect(done).toMatchObject({ status: 'completed', message: null });
    const parsed = content(done.results);
    expect(parsed.results).toMatch(/^:PCVL:BSDistribution:\{/);
    const results = deserialize(parsed.results) as BSDistribution;
    expect(results).toBeInstanceOf(BSDistribution);
    expect(results.get('|2,0>')).toBeCloseTo(0.5, 12);
    expect(results.get('|0,2>')).toBeCloseTo(0.5, 12);
    expect(parsed.global_perf).toBeCloseTo(1, 12);
    expect(parsed.job_context).toEqual(context);
    // Progress, if the job lasted long enough to report any, stays in [0, 1] and never goes back.
    for (const [i, p] of progress.entries()) {
      expect(p).toBeGreaterThanOrEqual(i === 0 ? 0 : progress[i - 1]!);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('answers a sweep with one results_list entry per step, echoing the step as sent', async () => {
    const experiment = new Experiment(mziCircuit(), { name: 'sim:slos' })
      .withInput(new BasicState([1, 0]))
      .minDetectedPhotonsFilter(1);
    const iterator = [{ circuit_params: { phi: 0 } }, { circuit_params: { phi: Math.PI / 3 } }];
    const done = await runJob(order(createJobBody(experiment, { iterator })), () => {}).outcome;
    expect(done.status).toBe('completed');
    const list = content(done.results).results_list!;
    expect(list.map((entry) => entry.iteration)).toEqual(iterator);
    // H·PS(φ)·H on |1,0>: P(|1,0>) = cos²(φ/2), so 1 at φ = 0 and 0.75 at φ = π/3.
    const first = deserialize(list[0]!.results) as BSDistribution;
    const second = deserialize(list[1]!.results) as BSDistribution;
    expect(first.get('|1,0>')).toBeCloseTo(1, 12);
    expect(second.get('|1,0>')).toBeCloseTo(0.75, 12);
    expect(second.get('|0,1>')).toBeCloseTo(0.25, 12);
  });

  // The phase has no value of its own; every step gives it one (0: all |1,0>, π: all |0,1>).
  it.each(['sim:slos', 'sim:naive', 'sim:clifford2017'])(
    'samples a sweep over a parameter without an initial value on %s',
    async (platform) => {
      const experiment = new Experiment(mziCircuit(), { name: platform })
        .withInput(new BasicState([1, 0]))
        .minDetectedPhotonsFilter(1);
      const iterator = [{ circuit_params: { phi: 0 } }, { circuit_params: { phi: Math.PI } }];
      const body = createJobBody(experiment, { iterator, command: 'sample_count', max_samples: 50 });
      const done = await runJob(order(body, platform), () => {}).outcome;
      expect(done).toMatchObject({ status: 'completed', message: null });
      const list = content(done.results).results_list!;
      const counts = list.map((entry) => deserialize(entry.results) as BSCount);
      expect(counts.map((c, i) => c.get(i === 0 ? '|1,0>' : '|0,1>'))).toEqual([50, 50]);
    },
  );

  it('stops a running sampling job within a second and keeps the samples drawn so far', async () => {
    const progress: number[] = [];
    const running = runJob(
      order(
        createJobBody(longSamplingExperiment(), { command: 'samples', max_samples: 200_000 }),
        'sim:clifford2017',
      ),
      (p) => progress.push(p),
    );
    while (progress.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const observed = progress.at(-1)!;
    running.cancel();
    const done = await running.outcome;
    expect(done.status).toBe('canceled');
    // The last progress reported is where the job stopped: at least what was seen before the cancel, never 1.
    expect(observed).toBeGreaterThan(0);
    expect(progress.at(-1)).toBeGreaterThanOrEqual(observed);
    expect(progress.at(-1)).toBeLessThan(1);
    const samples = deserialize(content(done.results).results) as BSSamples;
    expect(samples).toBeInstanceOf(BSSamples);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThan(200_000);
    for (let i = 0; i < samples.length; i += 997) expect(samples.at(i)!.n).toBeGreaterThanOrEqual(1);
  });

  it('stops a job past its max_execution_time like a cancel, keeping its samples, saying it ran out of time', async () => {
    const running = runJob(
      {
        ...order(
          createJobBody(longSamplingExperiment(), { command: 'samples', max_samples: 1_000_000 }),
          'sim:clifford2017',
        ),
        maxExecutionTime: 1,
      },
      () => {},
    );
    const done = await running.outcome;
    expect(done.status).toBe('canceled');
    expect(done.message).toBe(outOfTimeMessage(1, true));
    expect(done.message).toMatch(
      /^Ran out of time: stopped after its max_execution_time of 1 s; partial results kept$/,
    );
    const samples = deserialize(content(done.results).results) as BSSamples;
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThan(1_000_000);
    expect(done.samples).toBe(samples.length);
  });

  it('applies max_execution_time to a sharded job as a whole: shards far shorter than the limit do not escape it', async () => {
    // 640 shards of 500 samples (a fraction of the limit each, far more than it in all, even on idle cores).
    const total = 640 * 500;
    const running = runJob(
      {
        ...order(
          createJobBody(longSamplingExperiment(), { command: 'samples', max_samples: total }),
          'sim:clifford2017',
        ),
        limits: { ...LIMITS, shardSamples: 500 },
        maxExecutionTime: 1,
      },
      () => {},
    );
    const done = await running.outcome;
    expect(done.status).toBe('canceled');
    expect(done.message).toBe(outOfTimeMessage(1, true));
    const samples = deserialize(content(done.results).results) as BSSamples;
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.length).toBeLessThan(total);
  });

  it('reports a job canceled before it produced anything as canceled without results', async () => {
    // A probs job over 2 million states (7 photons in 24 modes, within sim:slos's limits for 1 GiB), canceled as
    // soon as it is started: a distribution has no partial form, so nothing is returned.
    const input = Array.from({ length: 24 }, (_, mode) => (mode < 7 ? 1 : 0));
    const experiment = new Experiment(meshCircuit(24, 8), { name: 'sim:slos' })
      .withInput(new BasicState(input))
      .minDetectedPhotonsFilter(1);
    const running = runJob(order(createJobBody(experiment)), () => {});
    running.cancel();
    const done = await running.outcome;
    expect(done).toMatchObject({ status: 'canceled', results: null, message: CANCELED_WITHOUT_RESULTS });
  });

  it('records why a job failed', async () => {
    // The MZI's phase has no value and no sweep gives it one: the simulator refuses the circuit.
    const experiment = new Experiment(mziCircuit(), { name: 'sim:slos' })
      .withInput(new BasicState([1, 0]))
      .minDetectedPhotonsFilter(1);
    const done = await runJob(order(createJobBody(experiment)), () => {}).outcome;
    expect(done.status).toBe('error');
    expect(done.results).toBeNull();
    expect(done.message).toMatch(/^\w+Error: .*phi/);
  });

  it('fails a stored request that no longer reads', async () => {
    const done = await runJob({ ...order(createJobBody(homExperiment())), request: '{"payload":' }, () => {})
      .outcome;
    expect(done).toMatchObject({ status: 'error', results: null });
    expect(done.message).toMatch(/^SyntaxError: /);
  });
});
