import { BSCount, BSDistribution, BSSamples } from '@bosonic/core';
import { describe, expect, it } from 'vitest';
import {
  formatProbability,
  formatResultText,
  resultSize,
  resultsToJson,
  topStates,
} from './format-results.js';
import { barCells, formatDuration } from './progress-bar.js';

describe('topStates', () => {
  it('keeps the largest entries, largest first, without sorting the whole collection', () => {
    const counts = new BSCount([
      ['|1,0>', 5],
      ['|0,1>', 50],
      ['|2,0>', 20],
      ['|0,2>', 1],
    ]);
    expect(topStates(counts, 2)).toEqual([
      { state: '|0,1>', value: 50 },
      { state: '|2,0>', value: 20 },
    ]);
    expect(topStates(counts, 10).map((row) => row.value)).toEqual([50, 20, 5, 1]);
  });

  it('reads dense distributions (the full SLOS output layout)', () => {
    // n = 1 photon in m = 3 modes, FSArray ranks: |1,0,0>, |0,1,0>, |0,0,1>.
    const dense = BSDistribution.fromDense(3, 1, new Float64Array([0.2, 0.5, 0.3]));
    expect(topStates(dense, 1)).toEqual([{ state: '|0,1,0>', value: 0.5 }]);
  });
});

describe('formatResultText', () => {
  it('prints the perf figures, a table of states with values and histogram bars, and what was left out', () => {
    const text = formatResultText(
      {
        results: new BSDistribution([
          ['|2,0>', 0.5],
          ['|0,2>', 0.25],
          ['|1,1>', 0.25],
        ]),
        globalPerf: 1,
        physicalPerf: 1,
        logicalPerf: 1,
      },
      { top: 2, barWidth: 8 },
    );
    expect(text.split('\n')).toEqual([
      'global perf 1 · physical perf 1 · logical perf 1',
      '',
      'state  probability',
      '|2,0>          0.5  ████████',
      '|0,2>         0.25  ████',
      '… 1 more of 3 output states',
    ]);
  });

  it('prints counts with their share, and samples as counts plus the first samples', () => {
    const counts = formatResultText({ results: new BSCount({ '|1,0>': 3, '|0,1>': 1 }), globalPerf: 0.5 });
    expect(counts).toContain('|1,0>  3 (75.0%)');
    expect(counts).toContain('2 states, 4 counts in all');
    const samples = formatResultText({ results: new BSSamples(['|1,0>', '|0,1>', '|1,0>']), globalPerf: 1 });
    expect(samples).toContain('|1,0>  2 (66.7%)');
    expect(samples).toContain('first samples: |1,0> |0,1> |1,0>');
    const one = formatResultText({ results: new BSCount({ '|1,1>': 7 }), globalPerf: 1 });
    expect(one).toContain('1 state, 7 counts in all');
  });

  it('prints one block per iteration of a sweep', () => {
    const text = formatResultText({
      resultsList: [
        { iteration: { circuitParams: { phi: 0.5 } }, results: new BSCount({ '|1>': 2 }), globalPerf: 1 },
        { iteration: { circuitParams: { phi: 1 } }, results: new BSCount({ '|1>': 3 }), globalPerf: 1 },
      ],
    });
    expect(text).toContain('iteration 1 (phi=0.5)');
    expect(text).toContain('iteration 2 (phi=1)');
  });

  it('says n/a for a perf figure the cloud did not give', () => {
    expect(formatResultText({ results: new BSCount(), globalPerf: Number.NaN })).toContain('global perf n/a');
  });
});

describe('resultsToJson', () => {
  it('maps states to values, lists samples, and turns a missing perf into null', () => {
    expect(resultsToJson({ results: new BSCount({ '|1,0>': 3 }), globalPerf: Number.NaN })).toEqual({
      results: { '|1,0>': 3 },
      globalPerf: null,
    });
    expect(
      resultsToJson({ results: new BSSamples(['|1,0>', '|0,1>']), globalPerf: 1, logicalPerf: 1 }),
    ).toEqual({
      results: ['|1,0>', '|0,1>'],
      globalPerf: 1,
      logicalPerf: 1,
    });
  });

  it('counts what a result holds', () => {
    expect(resultSize({ results: new BSSamples(['|1>', '|1>']), globalPerf: 1 })).toBe(2);
    expect(resultSize({ results: new BSCount({ '|1>': 7 }), globalPerf: 1 })).toBe(7);
  });
});

describe('number and bar formatting', () => {
  it('prints probabilities with 6 significant digits', () => {
    expect(formatProbability(1 / 9)).toBe('0.111111');
    expect(formatProbability(0)).toBe('0');
    expect(formatProbability(1)).toBe('1');
  });

  it('draws bars with eighth-cell resolution, clamped to [0, 1]', () => {
    expect(barCells(1, 4)).toBe('████');
    expect(barCells(0.5, 4)).toBe('██');
    expect(barCells(1 / 16, 4)).toBe('▎'); // 2 eighths of a cell
    expect(barCells(2, 2)).toBe('██');
    expect(barCells(-1, 2)).toBe('');
  });

  it('prints durations', () => {
    expect(formatDuration(4.21)).toBe('4.2s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3720)).toBe('1h02m');
  });
});
