import {
  BasicState,
  BSCount,
  BSSamples,
  type SamplerIterationResult,
  type SamplerResult,
} from '@bosonic/core';
import { validationErrorOf } from '@bosonic/core/testing';
import { type JobContext, serialize } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { twoPhotonSplit } from '../testing/fixtures.js';
import { decodeJobResults } from './decode-results.js';

/** The `results` text of `GET /api/job/result/{id}` holding `content`. */
const text = (content: Record<string, unknown>) => JSON.stringify(content);

describe('decodeJobResults', () => {
  it('deserializes one result, plain or compressed, with its perf figures', () => {
    const counts = new BSCount({ '|1,0>': 7, '|0,1>': 3 });
    for (const compress of [false, true]) {
      const decoded = decodeJobResults(
        text({ results: serialize(counts, { compress }), global_perf: 0.8, physical_perf: 0.9 }),
      ) as SamplerResult;
      expect(decoded.results).toBeInstanceOf(BSCount);
      expect(decoded.results.toJSON()).toEqual({ '|1,0>': 7, '|0,1>': 3 });
      expect(decoded).toMatchObject({ globalPerf: 0.8, physicalPerf: 0.9 });
    }
  });

  it('computes a missing global_perf as physical × logical, else NaN', () => {
    const results = serialize(twoPhotonSplit());
    const both = decodeJobResults(text({ results, physical_perf: 0.5, logical_perf: 0.25 })) as SamplerResult;
    expect(both.globalPerf).toBe(0.125);
    expect(both).toMatchObject({ physicalPerf: 0.5, logicalPerf: 0.25 });
    expect((decodeJobResults(text({ results })) as SamplerResult).globalPerf).toBeNaN();
  });

  it("applies the job context's result mapping with its parameters (the echoed context, else the one sent)", () => {
    const samples = serialize(new BSSamples(['|1,1>', '|2,0>', '|1,1>']));
    const job_context: JobContext = { result_mapping: ['perceval.utils', 'samples_to_sample_count'] };
    const echoed = decodeJobResults(text({ results: samples, job_context })) as SamplerResult;
    expect(echoed.results.toJSON()).toEqual({ '|1,1>': 2, '|2,0>': 1 });
    const sent = decodeJobResults(text({ results: samples }), {
      fallbackContext: job_context,
    }) as SamplerResult;
    expect(sent.results.toJSON()).toEqual({ '|1,1>': 2, '|2,0>': 1 });

    const sampled = decodeJobResults(
      text({
        results: serialize(twoPhotonSplit()),
        job_context: {
          result_mapping: ['perceval.utils', 'probs_to_sample_count'],
          mapping_delta_parameters: { max_shots: 500 },
        },
      }),
      { seed: 11 },
    ) as SamplerResult<BSCount>;
    expect(sampled.results.total()).toBe(500);
  });

  it('repeats a sampling conversion for the same seed', () => {
    const body = text({
      results: serialize(twoPhotonSplit()),
      job_context: {
        result_mapping: ['perceval.utils', 'probs_to_samples'],
        mapping_delta_parameters: { count: 20 },
      },
    });
    const first = (decodeJobResults(body, { seed: 3 }) as SamplerResult).results.toJSON();
    expect((decodeJobResults(body, { seed: 3 }) as SamplerResult).results.toJSON()).toEqual(first);
  });

  it('decodes a parameter sweep, each step with its iteration, whose max_shots wins over the context', () => {
    const decoded = decodeJobResults(
      text({
        results_list: [
          {
            results: serialize(twoPhotonSplit()),
            iteration: { circuit_params: { phi: 0.5 }, max_shots: 40 },
            global_perf: 1,
          },
          {
            results: serialize(twoPhotonSplit()),
            iteration: { input_state: serialize(new BasicState('|1,1>')) },
            global_perf: 0.5,
          },
        ],
        job_context: {
          result_mapping: ['perceval.utils', 'probs_to_sample_count'],
          mapping_delta_parameters: { max_shots: 100 },
        },
      }),
      { seed: 1 },
    );
    if (!('resultsList' in decoded)) throw new Error('expected the results of a sweep');
    expect(decoded.resultsList).toHaveLength(2);
    const [first, second] = decoded.resultsList as [SamplerIterationResult, SamplerIterationResult];
    expect((first.results as BSCount).total()).toBe(40);
    expect(first.iteration).toEqual({ circuitParams: { phi: 0.5 }, maxShots: 40 });
    expect(first.globalPerf).toBe(1);
    expect((second.results as BSCount).total()).toBe(100);
    expect(second.iteration.inputState?.toString()).toBe('|1,1>');
    expect(second.globalPerf).toBe(0.5);
  });

  it('rejects an answer without results, naming results', () => {
    expect(validationErrorOf(() => decodeJobResults(text({ results: null }))).field).toBe('results');
  });

  it('rejects a result that is not a BSCount, BSDistribution or BSSamples, naming where it is', () => {
    const error = validationErrorOf(() =>
      decodeJobResults(
        text({ results_list: [{ results: serialize(twoPhotonSplit()) }, { results: 'done' }] }),
      ),
    );
    expect(error.field).toBe('results_list[1].results');
    expect(error.message).toContain('got the text done');
  });

  it('rejects text that is not JSON and a converter it does not know', () => {
    validationErrorOf(() => decodeJobResults('{"results": '));
    const unknown = validationErrorOf(() =>
      decodeJobResults(
        text({
          results: serialize(twoPhotonSplit()),
          job_context: { result_mapping: ['perceval.utils', 'shuffle'] },
        }),
      ),
    );
    expect(unknown.field).toBe('job_context.result_mapping');
  });
});
