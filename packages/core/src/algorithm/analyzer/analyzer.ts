import { BosonicError, JobCanceledError, ValidationError } from '../../errors/index.js';
import type { Job } from '../../job/job.js';
import type { Experiment } from '../../model/experiment.js';
import type { SamplerResult, SamplerResults } from '../../model/sampler-results.js';
import type { BasicState } from '../../model/state/basic-state.js';
import type { BSDistribution } from '../../model/state/bs-distribution.js';
import type { ProcessorLike } from '../processor-like.js';
import { Sampler, type SamplerOptions } from '../sampler.js';
import {
  type AnalyzerExpected,
  type AnalyzerOutputSet,
  type AnalyzerStateSet,
  allOutputStates,
  expectedOutput,
  type Labels,
  readStateSet,
} from './analyzer-states.js';
import { formatAnalyzerTable } from './analyzer-table.js';

/**
 * A processor the Analyzer can drive: a {@link ProcessorLike} whose input and photon filter it sets before each
 * job, as Perceval's Analyzer does (`Processor` and `RemoteProcessor` both are).
 */
export interface AnalyzableProcessor extends ProcessorLike {
  /** Sets the input state on the non-herald modes. */
  withInput(input: BasicState): unknown;
  /** Keeps only the outputs with at least `count` photons. */
  minDetectedPhotonsFilter(count: number): unknown;
  /** The experiment, when the processor exposes it: the Analyzer then checks the input sizes up front. */
  readonly experiment?: Experiment;
}

/** Options of an {@link Analyzer}. */
export interface AnalyzerOptions extends SamplerOptions {
  /** Display labels of states (Perceval's `mapping`), added to those of labelled input/output sets. */
  mapping?: ReadonlyMap<BasicState | string, string> | Readonly<Record<string, string>>;
}

/** Options of {@link Analyzer.compute} and {@link Analyzer.computeAsync}. */
export interface AnalyzerComputeOptions {
  /** Divide each row by its sum over the analysed outputs (implied by `expected`). */
  normalize?: boolean;
  /** The ideal output of each input (by state or label): enables `errorRate` and `fidelity`. */
  expected?: AnalyzerExpected;
  /** Called with the progress over the inputs, in [0, 1], and a message such as `'input 2/4'`. */
  progress?: (progress: number, message: string) => void;
}

/** Options of {@link Analyzer.computeAsync}. */
export interface AnalyzerAsyncOptions extends AnalyzerComputeOptions {
  /** Aborting it cancels the running job and rejects with a `JobCanceledError`. */
  signal?: AbortSignal;
}

/** What {@link Analyzer.compute} returns (Perceval's output dict). */
export interface AnalyzerResult {
  /** Rows = inputs, columns = outputs. */
  results: number[][];
  inputStates: BasicState[];
  outputStates: BasicState[];
  /** The worst success probability over the inputs (0 when an input yields no output at all). */
  performance: number;
  /** Mean probability of a wrong output, given `expected`; undefined without it or when an input yields nothing. */
  errorRate?: number | undefined;
  /** `1 − errorRate`. */
  fidelity?: number | undefined;
}

/**
 * Perceval's `Analyzer`: the truth table of a processor over chosen input and output states, with the gate's
 * performance (its worst success probability over the inputs) and, given the expected outputs, its error rate
 * and fidelity. One probability job per input, through the processor's own jobs (a local `Processor`, or a
 * `RemoteProcessor`).
 *
 * @example
 * ```ts
 * const experiment = catalog.get('postprocessed cnot').buildExperiment();
 * const states = Object.fromEntries(
 *   generateAllLogicalStates(2).map((l) => [getBasicStateFromPorts(experiment.inPorts, l).toString(), l.toString()]),
 * );
 * const analyzer = new Analyzer(new Processor('SLOS', experiment), states);
 * analyzer.compute({ expected: { '|00>': '|00>', '|01>': '|01>', '|10>': '|11>', '|11>': '|10>' } });
 * analyzer.performance; // 1/9
 * analyzer.fidelity;    // 1
 * ```
 */
export class Analyzer {
  readonly processor: AnalyzableProcessor;
  readonly #sampler: Sampler;
  readonly #inputs: BasicState[];
  readonly #outputs: BasicState[];
  readonly #labels: Labels = new Map();
  readonly #minPhotons: number;
  #result: AnalyzerResult | undefined;
  #busy = false;

  /**
   * @param inputStates - the inputs: a list of states, or states with labels (`{ '|1,0,1,0>': '00' }` or a Map)
   * @param outputStates - the outputs: undefined (the inputs), a list, labelled states, or `'*'` (every state
   *   with the inputs' photon counts)
   * @throws ValidationError naming the argument for a processor that cannot be analysed, an empty or malformed
   *   set, or input states of the wrong size.
   */
  constructor(
    processor: AnalyzableProcessor,
    inputStates: AnalyzerStateSet,
    outputStates?: AnalyzerOutputSet,
    options: AnalyzerOptions = {},
  ) {
    if (
      processor === null ||
      typeof processor !== 'object' ||
      typeof processor.withInput !== 'function' ||
      typeof processor.minDetectedPhotonsFilter !== 'function'
    ) {
      throw new ValidationError(
        'An Analyzer needs a processor with withInput and minDetectedPhotonsFilter (a Processor or a RemoteProcessor)',
        { field: 'processor' },
      );
    }
    if (options === null || typeof options !== 'object') {
      throw new ValidationError('Analyzer options must be an object', { field: 'options' });
    }
    this.processor = processor;
    const { mapping, ...samplerOptions } = options;
    this.#sampler = new Sampler(processor, samplerOptions);
    if (mapping !== undefined) readStateSet(mapping as AnalyzerStateSet, 'mapping', this.#labels);
    this.#inputs = readStateSet(inputStates, 'inputStates', this.#labels);
    const inputModes = processor.experiment?.inputModes().length;
    this.#inputs.forEach((state, i) => {
      if (inputModes !== undefined && state.m !== inputModes) {
        throw new ValidationError(
          `inputStates[${i}] ${state} has ${state.m} modes but the processor takes ${inputModes} (its non-herald modes)`,
          { field: `inputStates[${i}]` },
        );
      }
    });
    if (outputStates === '*') {
      this.#outputs = allOutputStates(this.#inputs);
      // Every non-empty state, as Perceval asks a QPU for.
      this.#minPhotons = 1;
    } else {
      this.#outputs =
        outputStates === undefined
          ? [...this.#inputs]
          : readStateSet(outputStates, 'outputStates', this.#labels);
      this.#minPhotons = Math.min(...this.#outputs.map((s) => s.n));
    }
  }

  /** The input states, in row order. */
  get inputStates(): BasicState[] {
    return [...this.#inputs];
  }

  /** The output states, in column order. */
  get outputStates(): BasicState[] {
    return [...this.#outputs];
  }

  /** The label of a state (its text when it has none). */
  label(state: BasicState): string {
    return this.#labels.get(state.toString()) ?? state.toString();
  }

  /** The column of `outputState`, or undefined when it is not analysed (Perceval's `col`). */
  col(outputState: BasicState): number | undefined {
    const index = this.#outputs.findIndex((s) => s.equals(outputState));
    return index < 0 ? undefined : index;
  }

  /** The truth table (rows = inputs, columns = outputs); computes it (blocking) when not done yet, as Perceval. */
  get distribution(): number[][] {
    return (this.#result ?? this.compute()).results.map((row) => [...row]);
  }

  /** The worst success probability over the inputs; undefined before a computation. */
  get performance(): number | undefined {
    return this.#result?.performance;
  }

  /** Mean probability of a wrong output; undefined before a computation with `expected`. */
  get errorRate(): number | undefined {
    return this.#result?.errorRate;
  }

  /** `1 − errorRate`; undefined before a computation with `expected`. */
  get fidelity(): number | undefined {
    return this.#result?.fidelity;
  }

  /**
   * Runs one probability job per input, blocking (each job's `executeSync`), and fills the read-outs.
   * @throws ValidationError for bad `expected`; the job's error when a job fails; BosonicError
   *   `ERR_ANALYZER_BUSY` while another computation of this Analyzer runs.
   */
  compute(options: AnalyzerComputeOptions = {}): AnalyzerResult {
    this.#enter();
    try {
      const outcomes: SamplerResult<BSDistribution>[] = [];
      this.#inputs.forEach((input, index) => {
        const job = this.#jobFor(input, index, options);
        outcomes.push(single(job.executeSync()));
        this.#report(options, index + 1);
      });
      return this.#finish(outcomes, options);
    } finally {
      this.#busy = false;
    }
  }

  /**
   * As {@link compute}, without blocking the event loop: each job runs through `executeAsync`. Aborting
   * `options.signal` cancels the running job and rejects with a `JobCanceledError`.
   */
  async computeAsync(options: AnalyzerAsyncOptions = {}): Promise<AnalyzerResult> {
    this.#enter();
    try {
      const { signal } = options;
      const outcomes: SamplerResult<BSDistribution>[] = [];
      for (const [index, input] of this.#inputs.entries()) {
        if (signal?.aborted) throw canceled(index, this.#inputs.length);
        const job = this.#jobFor(input, index, options);
        const onAbort = (): void => {
          void job.cancel();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          await job.executeAsync();
          const results = await job.wait();
          if (signal?.aborted) throw canceled(index, this.#inputs.length);
          outcomes.push(single(results));
        } catch (error) {
          if (signal?.aborted) throw canceled(index, this.#inputs.length, error);
          throw error;
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
        this.#report(options, index + 1);
      }
      return this.#finish(outcomes, options);
    } finally {
      this.#busy = false;
    }
  }

  /** The truth table as text, in Perceval's `pdisplay_analyzer` layout (computed first if needed). */
  toString(): string {
    const values = this.distribution;
    return formatAnalyzerTable(
      this.#inputs.map((s) => this.label(s)),
      this.#outputs.map((s) => this.label(s)),
      values,
    );
  }

  /** The last result with states as text, for JSON output. */
  toJSON(): Record<string, unknown> {
    const result = this.#result;
    return {
      inputStates: this.#inputs.map((s) => this.label(s)),
      outputStates: this.#outputs.map((s) => this.label(s)),
      distribution: result?.results,
      performance: result?.performance,
      errorRate: result?.errorRate,
      fidelity: result?.fidelity,
    };
  }

  #enter(): void {
    if (this.#busy) {
      throw new BosonicError(
        'This Analyzer is already computing: wait for it to finish',
        'ERR_ANALYZER_BUSY',
      );
    }
    this.#busy = true;
  }

  #jobFor(input: BasicState, index: number, options: AnalyzerComputeOptions): Job<SamplerResults> {
    this.processor.minDetectedPhotonsFilter(this.#minPhotons);
    this.processor.withInput(input);
    const job = this.#sampler.probs;
    job.name = `analyzer ${index + 1}/${this.#inputs.length}`;
    if (options.progress !== undefined) {
      const total = this.#inputs.length;
      job.onProgress((p) => options.progress?.((index + Math.min(1, Math.max(0, p))) / total, job.name));
    }
    return job;
  }

  #report(options: AnalyzerComputeOptions, done: number): void {
    options.progress?.(done / this.#inputs.length, `input ${done}/${this.#inputs.length}`);
  }

  #finish(outcomes: SamplerResult<BSDistribution>[], options: AnalyzerComputeOptions): AnalyzerResult {
    const expected = options.expected;
    const normalize = expected !== undefined || options.normalize === true;
    const outputs = this.#outputs;
    let emptyDistribution = false;
    let errorRate = 0;
    const results = outcomes.map((outcome, row) => {
      const probabilities = outcome.results;
      if (probabilities.size === 0) emptyDistribution = true;
      const values = outputs.map((state) => probabilities.get(state));
      const sum = values.reduce((a, b) => a + b, 0);
      if (expected !== undefined) {
        const column = expectedOutput(expected, this.#inputs[row]!, this.#labels, outputs);
        if (sum > 0) errorRate += 1 - values[column]! / sum;
      }
      return normalize && sum !== 0 ? values.map((v) => v / sum) : values;
    });
    const performance = emptyDistribution
      ? 0
      : Math.min(...outcomes.map((o) => o.logicalPerf ?? o.globalPerf));
    const result: AnalyzerResult = {
      results,
      inputStates: [...this.#inputs],
      outputStates: [...outputs],
      performance,
    };
    if (expected !== undefined) {
      result.errorRate = emptyDistribution ? undefined : errorRate / this.#inputs.length;
      result.fidelity = result.errorRate === undefined ? undefined : 1 - result.errorRate;
    }
    this.#result = result;
    return result;
  }
}

function single(results: SamplerResults): SamplerResult<BSDistribution> {
  if (!('results' in results)) {
    throw new BosonicError(
      'The Analyzer expected one result per job, got a list of iterations',
      'ERR_ANALYZER',
    );
  }
  return results as SamplerResult<BSDistribution>;
}

function canceled(index: number, total: number, cause?: unknown): JobCanceledError {
  return new JobCanceledError(`The analysis was aborted at input ${index + 1}/${total}`, { cause });
}
