import { describe, expect, it } from 'vitest';
import { formatFuzzReport, fuzzCodecs } from './codec-fuzz.js';

// A few seconds of the suite; `pnpm --filter @bosonic/protocol fuzz -- --seconds 300` runs longer
// (FUZZ_SECONDS and FUZZ_SEED reach this test from that script).
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 14);

describe('the codecs and parsers under fuzzing', () => {
  it(
    'answer every mutated input with a value or a ValidationError, and read back what they read',
    () => {
      const report = fuzzCodecs({ seed: SEED, seconds: SECONDS });
      console.log(formatFuzzReport(report));
      expect(report.failures).toEqual([]);
      // Every kind of input was reached.
      expect(Object.keys(report.byTarget)).toEqual(
        expect.arrayContaining([
          'BasicState.parse',
          'new PostSelect',
          'deserialize :PCVL:BasicState',
          'deserialize :PCVL:BSSamples',
          'deserialize :PCVL:Experiment',
        ]),
      );
    },
    60_000 + SECONDS * 2000,
  );

  it('tries the same inputs for the same seed', () => {
    const first = fuzzCodecs({ seed: 7, seconds: 60, maxInputs: 100 });
    const second = fuzzCodecs({ seed: 7, seconds: 60, maxInputs: 100 });
    const counts = (report: typeof first) =>
      Object.fromEntries(Object.entries(report.byTarget).map(([target, t]) => [target, [t.tried, t.ok]]));
    expect(counts(second)).toEqual(counts(first));
    expect(first.tried).toBe(100);
  });
});
