import { ValidationError } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import { parseJobResultsText, validateJobResultResponse, validateJobResultsContent } from './job-result.js';

describe('validateJobResultResponse', () => {
  it('accepts {"results": "<JSON text>"} and a null or missing results', () => {
    const text = JSON.stringify({ results: ':PCVL:BasicState:|>', logical_perf: 1, physical_perf: 0.1 });
    expect(validateJobResultResponse({ results: text }).results).toBe(text);
    expect(validateJobResultResponse({ results: null }).results).toBeNull();
    expect(validateJobResultResponse({}).results).toBeUndefined();
  });

  it("accepts Scaleway's shape", () => {
    const body = { duration: 3, intermediate_results: [], job_id: 'j1', results: '{}', results_type: 'x' };
    expect(validateJobResultResponse(body)).toEqual(body);
  });

  it('refuses results that are not text', () => {
    expect(() => validateJobResultResponse({ results: { results: 1 } })).toThrow(ValidationError);
  });
});

describe('parseJobResultsText', () => {
  it('reads a single result with its perf figures and echoed job context', () => {
    const content = parseJobResultsText(
      JSON.stringify({
        results: ':PCVL:zip:eJyzCnAO87FyCnbOL80rsaquMdQxsLM1sTAxtK4x0DEEMc1NrYGiQKaRUS0ANq4Mig==',
        global_perf: 0.25,
        job_context: { result_mapping: ['perceval.utils', 'probs_to_sample_count'] },
      }),
    );
    expect(content.global_perf).toBe(0.25);
    expect(content.job_context?.result_mapping?.[1]).toBe('probs_to_sample_count');
  });

  it('reads an iterated result list', () => {
    const content = parseJobResultsText(
      JSON.stringify({
        results_list: [
          { results: ':PCVL:BSCount:{}', iteration: { circuit_params: { phi: 0.5 } }, global_perf: 1 },
          { results: ':PCVL:BSCount:{|1,0>=3}', iteration: {}, global_perf: 0.5 },
        ],
      }),
    );
    expect(content.results_list).toHaveLength(2);
  });

  it.each([
    ['{not json', 'results'],
    ['[1, 2]', 'results'],
    ['{"global_perf": "high"}', 'results.global_perf'],
    ['{"results_list": [{"global_perf": 1}, {"iteration": 3}]}', 'results.results_list[1].iteration'],
  ])('refuses %s, naming %s', (text, field) => {
    try {
      parseJobResultsText(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('validates already-parsed content the same way', () => {
    expect(() => validateJobResultsContent({ physical_perf: 'x' })).toThrow('physical_perf');
  });
});
