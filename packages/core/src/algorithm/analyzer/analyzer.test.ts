// The Analyzer's bookkeeping (labels, outputs, normalisation, expected outputs, performance, progress,
// cancellation) on a processor whose distributions are given as tables. Perceval's reference numbers, through
// the native simulator, are in @bosonic/simulator (src/gates/analyzer.test.ts).
import { describe, expect, it } from 'vitest';
import { JobCanceledError, ValidationError } from '../../errors/index.js';
import { LocalJob } from '../../job/local-job.js';
import { BasicState } from '../../model/state/basic-state.js';
import { BSDistribution } from '../../model/state/bs-distribution.js';
import type { SamplerJobSpec } from '../processor-like.js';
import { createSamplerTask } from '../sampler-task.js';
import { type AnalyzableProcessor, Analyzer } from './analyzer.js';

/** A processor that answers each input with a fixed distribution and logical performance. */
class TableProcessor implements AnalyzableProcessor {
  readonly availableCommands = ['probs'] as const;
  input: BasicState | undefined;
  minPhotons: number | undefined;
  readonly #table: Map<string, { probs: Record<string, number>; perf: number }>;
  /** Resolves the pending async job when called (to test cancellation mid-job). */
  hold = false;

  constructor(table: Record<string, { probs: Record<string, number>; perf?: number }>) {
    this.#table = new Map(Object.entries(table).map(([k, v]) => [k, { probs: v.probs, perf: v.perf ?? 1 }]));
  }

  withInput(input: BasicState): this {
    this.input = input;
    return this;
  }

  minDetectedPhotonsFilter(count: number): this {
    this.minPhotons = count;
    return this;
  }

  createJob(spec: SamplerJobSpec): LocalJob {
    const row = this.#table.get(String(this.input))!;
    return new LocalJob(
      createSamplerTask(spec, {
        nativeCommands: ['probs'],
        probs: (_request, ctx) => {
          const result = {
            results: new BSDistribution(Object.entries(row.probs)),
            globalPerf: row.perf,
            logicalPerf: row.perf,
          };
          if (!this.hold || ctx.mode === 'sync') return result;
          return new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve(result)));
        },
        samples: () => {
          throw new Error('not used');
        },
      }),
    );
  }
}

/** A 50:50 beam splitter's table (Perceval test_analyzer_bs_2). */
const beamSplitter = () =>
  new TableProcessor({
    '|0,1>': { probs: { '|0,1>': 0.5, '|1,0>': 0.5 } },
    '|1,0>': { probs: { '|0,1>': 0.5, '|1,0>': 0.5 } },
    '|2,0>': { probs: { '|1,1>': 0.5, '|2,0>': 0.25, '|0,2>': 0.25 } },
  });

describe('Analyzer', () => {
  it("outputs default to the inputs; rows are inputs, columns outputs; toString is Perceval's table", () => {
    const analyzer = new Analyzer(beamSplitter(), ['|0,1>', new BasicState([1, 0])]);
    analyzer.compute();
    expect(analyzer.distribution).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    expect(analyzer.toString()).toBe(
      [
        '+-------+-------+-------+',
        '|       | |0,1> | |1,0> |',
        '+-------+-------+-------+',
        '| |0,1> |  0.5  |  0.5  |',
        '| |1,0> |  0.5  |  0.5  |',
        '+-------+-------+-------+',
      ].join('\n'),
    );
    expect(analyzer.performance).toBe(1);
    expect(analyzer.fidelity).toBeUndefined();
  });

  it('sets the photon filter to the fewest photons of an output (1 for "*"), and "*" lists every state', () => {
    const processor = beamSplitter();
    const analyzer = new Analyzer(processor, ['|2,0>'], ['|1,1>', '|2,0>', '|0,2>']);
    expect(analyzer.distribution).toEqual([[0.5, 0.25, 0.25]]); // computed on first read, as Perceval
    expect(processor.minPhotons).toBe(2);
    const all = new Analyzer(processor, ['|2,0>'], '*');
    expect(all.outputStates.map(String)).toEqual(['|2,0>', '|1,1>', '|0,2>']);
    all.compute();
    expect(processor.minPhotons).toBe(1);
    expect(all.col(BasicState.parse('|0,2>'))).toBe(2);
  });

  it('labels states from the sets and the mapping, and resolves expected outputs by state or label', () => {
    const processor = new TableProcessor({
      '|1,0>': { probs: { '|1,0>': 0.9, '|0,1>': 0.1 }, perf: 0.3 },
      '|0,1>': { probs: { '|0,1>': 0.2, '|1,0>': 0.6 }, perf: 0.2 },
    });
    const analyzer = new Analyzer(processor, { '|1,0>': '0', '|0,1>': '1' });
    const result = analyzer.compute({ expected: { '0': '1', '|0,1>': '|1,0>' } });
    // expected implies normalisation: row 2 is (|1,0>: 0.6, |0,1>: 0.2) / 0.8
    expect(result.results[1]![0]).toBeCloseTo(0.75, 12);
    expect(result.results[1]![1]).toBeCloseTo(0.25, 12);
    expect(analyzer.errorRate).toBeCloseTo((0.9 + 0.25) / 2, 12);
    expect(analyzer.fidelity).toBeCloseTo(1 - (0.9 + 0.25) / 2, 12);
    expect(analyzer.performance).toBe(0.2); // the worst input
    expect(analyzer.toString().split('\n')[1]).toBe('|   |  0   |  1   |');
  });

  it('an input without any output gives performance 0 and no fidelity', () => {
    const processor = new TableProcessor({ '|1,0>': { probs: {} }, '|0,1>': { probs: { '|0,1>': 1 } } });
    const analyzer = new Analyzer(processor, ['|1,0>', '|0,1>']);
    const result = analyzer.compute({ expected: { '|1,0>': '|1,0>', '|0,1>': '|0,1>' } });
    expect(result.performance).toBe(0);
    expect(result.fidelity).toBeUndefined();
  });

  it('reports progress over the inputs and runs the same numbers asynchronously', async () => {
    const seen: string[] = [];
    const analyzer = new Analyzer(beamSplitter(), ['|0,1>', '|1,0>']);
    const result = await analyzer.computeAsync({ progress: (p, message) => seen.push(`${p}:${message}`) });
    expect(result.results).toEqual([
      [0.5, 0.5],
      [0.5, 0.5],
    ]);
    expect(seen).toContain('0.5:input 1/2');
    expect(seen.at(-1)).toBe('1:input 2/2');
  });

  it('an abort cancels the running job and rejects with JobCanceledError', async () => {
    const processor = beamSplitter();
    processor.hold = true;
    const analyzer = new Analyzer(processor, ['|0,1>', '|1,0>']);
    const controller = new AbortController();
    const running = analyzer.computeAsync({ signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(running).rejects.toBeInstanceOf(JobCanceledError);
    expect(analyzer.performance).toBeUndefined();
  });

  it('refuses bad arguments with typed errors naming them', () => {
    const processor = beamSplitter();
    expect(() => new Analyzer({} as never, ['|1,0>'])).toThrow(/withInput/);
    expect(() => new Analyzer(processor, [])).toThrow(/inputStates is empty/);
    expect(() => new Analyzer(processor, ['not a state'])).toThrow(ValidationError);
    expect(() => new Analyzer(processor, 42 as never)).toThrow(/list of states/);
    const analyzer = new Analyzer(processor, ['|0,1>', '|1,0>']);
    expect(() => analyzer.compute({ expected: { '|0,1>': '|0,1>' } })).toThrow(
      /no output for the input state \|1,0>/,
    );
    expect(() => analyzer.compute({ expected: { '|0,1>': '|2,0>', '|1,0>': '|1,0>' } })).toThrow(
      /not one of the analysed output states/,
    );
  });
});
