export {
  type AnalyzableProcessor,
  Analyzer,
  type AnalyzerAsyncOptions,
  type AnalyzerComputeOptions,
  type AnalyzerOptions,
  type AnalyzerResult,
} from './analyzer.js';
export type {
  AnalyzerExpected,
  AnalyzerOutputSet,
  AnalyzerState,
  AnalyzerStateSet,
} from './analyzer-states.js';
