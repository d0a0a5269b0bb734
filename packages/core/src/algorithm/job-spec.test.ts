import { describe, expect, it } from 'vitest';
import { checkJobSpec, parseSamplingArguments } from './job-spec.js';
import type { SamplerJobSpec } from './processor-like.js';

const refusal = (field: string) => expect.objectContaining({ name: 'ValidationError', field });

describe('checkJobSpec', () => {
  it('returns a well-formed spec as it is', () => {
    const spec: SamplerJobSpec = {
      command: 'samples',
      iterations: [{ circuitParams: { phi: 1 } }],
      maxShotsPerCall: 100,
      seed: 7,
    };
    expect(checkJobSpec(spec)).toBe(spec);
  });

  it('names the field of each malformed part', () => {
    expect(() => checkJobSpec(null as unknown as SamplerJobSpec)).toThrow(refusal('spec'));
    expect(() => checkJobSpec({ command: 'sample' as never, iterations: [] })).toThrow(refusal('command'));
    expect(() => checkJobSpec({ command: 'probs', iterations: {} as never })).toThrow(refusal('iterations'));
    expect(() => checkJobSpec({ command: 'probs', iterations: [{ maxShots: 0 }] })).toThrow(
      refusal('iteration.maxShots'),
    );
    expect(() => checkJobSpec({ command: 'probs', iterations: [], maxShotsPerCall: 1.5 })).toThrow(
      refusal('maxShotsPerCall'),
    );
    expect(() => checkJobSpec({ command: 'probs', iterations: [], seed: 0.5 })).toThrow(refusal('seed'));
  });
});

describe('parseSamplingArguments', () => {
  it('reads (maxSamples?, maxShots?) for the sampling commands and nothing for probs', () => {
    expect(parseSamplingArguments('samples', [10, 20])).toEqual({ maxSamples: 10, maxShots: 20 });
    expect(parseSamplingArguments('sample_count', [undefined, 5])).toEqual({
      maxSamples: undefined,
      maxShots: 5,
    });
    expect(parseSamplingArguments('probs', [])).toEqual({ maxSamples: undefined, maxShots: undefined });
    expect(() => parseSamplingArguments('probs', [10])).toThrow(refusal('args'));
    expect(() => parseSamplingArguments('samples', [1, 2, 3])).toThrow(refusal('args'));
  });
});
