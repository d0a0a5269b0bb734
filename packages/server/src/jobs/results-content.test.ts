import { BSDistribution, BSSamples, NoiseModel } from '@bosonic/core';
import { deserialize, parseJobResultsText } from '@bosonic/protocol';
import { describe, expect, it } from 'vitest';
import { PLAIN_RESULTS_MAX_ENTRIES, resultsContentText } from './results-content.js';

/** Reference #1 (HOM): |2,0> and |0,2> at 0.5. */
function hom(): BSDistribution {
  return new BSDistribution().set('|2,0>', 0.5).set('|0,2>', 0.5);
}

describe('resultsContentText', () => {
  it('writes results as :PCVL: values with their perf figures and the job context', () => {
    const context = { result_mapping: ['perceval.utils', 'probs_to_sample_count'] as [string, string] };
    const text = resultsContentText(
      { results: hom(), globalPerf: 0.5, physicalPerf: 1, logicalPerf: 0.5 },
      { wireIterations: [], jobContext: context },
    );
    const content = parseJobResultsText(text);
    expect(content).toEqual({
      results: ':PCVL:BSDistribution:{|2,0>=0.5;|0,2>=0.5}',
      global_perf: 0.5,
      physical_perf: 1,
      logical_perf: 0.5,
      job_context: context,
    });
  });

  it('compresses large results, leaving small ones readable', () => {
    const samples = new BSSamples(
      Array.from({ length: PLAIN_RESULTS_MAX_ENTRIES + 1 }, (_, i) => (i % 2 ? '|1,0>' : '|0,1>')),
    );
    const content = parseJobResultsText(
      resultsContentText({ results: samples, globalPerf: 1 }, { wireIterations: [], jobContext: null }),
    );
    expect(content.results).toMatch(/^:PCVL:zip:/);
    const back = deserialize(content.results) as BSSamples;
    expect(back.length).toBe(PLAIN_RESULTS_MAX_ENTRIES + 1);
    expect(back.at(1)?.toString()).toBe('|1,0>');
  });

  it('answers a sweep with results_list entries echoing each step as sent', () => {
    const wire = [{ circuit_params: { phi: 0.5 } }, { noise: ':PCVL:NoiseModel:{"brightness": 0.9}' }];
    const text = resultsContentText(
      {
        resultsList: [
          { results: hom(), globalPerf: 1, iteration: { circuitParams: { phi: 0.5 } } },
          { results: hom(), globalPerf: 0.9, iteration: { noise: new NoiseModel({ brightness: 0.9 }) } },
        ],
      },
      { wireIterations: wire, jobContext: undefined },
    );
    const content = parseJobResultsText(text);
    expect(content.results_list?.map((entry) => entry.iteration)).toEqual(wire);
    expect(content.results_list?.map((entry) => entry.global_perf)).toEqual([1, 0.9]);
    expect(content.job_context).toBeNull();
    expect(content.results).toBeUndefined();
  });

  it('leaves out perf figures JSON cannot carry', () => {
    const content = parseJobResultsText(
      resultsContentText(
        { results: hom(), globalPerf: Number.NaN },
        { wireIterations: [], jobContext: null },
      ),
    );
    expect(content).not.toHaveProperty('global_perf');
  });
});
