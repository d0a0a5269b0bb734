import {
  BasicState,
  BSCount,
  BSDistribution,
  BSSamples,
  probsToSampleCount,
  probsToSamples,
  Rng,
  sampleCountToSamples,
} from '@bosonic/core';
import { validationErrorOf } from '@bosonic/core/testing';
import { describe, expect, it } from 'vitest';
import { twoPhotonSplit } from '../testing/fixtures.js';
import { applyResultMapping } from './result-mapping.js';

const samples = () => new BSSamples(['|1,0>', '|0,1>', '|1,0>', '|1,0>']);

describe('applyResultMapping', () => {
  it('converts samples and counts with the exact converters Perceval names', () => {
    const rng = new Rng(1);
    expect(applyResultMapping('samples_to_sample_count', samples(), {}, rng).toJSON()).toEqual({
      '|1,0>': 3,
      '|0,1>': 1,
    });
    expect(applyResultMapping('samples_to_probs', samples(), {}, rng).toJSON()).toEqual({
      '|1,0>': 0.75,
      '|0,1>': 0.25,
    });
    expect(
      applyResultMapping('sample_count_to_probs', new BSCount({ '|2,0>': 1, '|0,2>': 3 }), {}, rng).toJSON(),
    ).toEqual({ '|2,0>': 0.25, '|0,2>': 0.75 });
  });

  it('samples probabilities with the count of mapping_delta_parameters, from the generator it is given', () => {
    const counts = applyResultMapping(
      'probs_to_sample_count',
      twoPhotonSplit(),
      { max_shots: 1_000 },
      new Rng(5),
    );
    expect(counts).toBeInstanceOf(BSCount);
    expect((counts as BSCount).total()).toBe(1_000);
    expect(counts.toJSON()).toEqual(
      probsToSampleCount(twoPhotonSplit(), { maxShots: 1_000, rng: new Rng(5) }).toJSON(),
    );

    const drawn = applyResultMapping(
      'probs_to_samples',
      twoPhotonSplit(),
      { count: 40, max_samples: 7 },
      new Rng(5),
    );
    expect(drawn).toBeInstanceOf(BSSamples);
    expect((drawn as BSSamples).length).toBe(40);
    expect(drawn.toJSON()).toEqual(probsToSamples(twoPhotonSplit(), { count: 40, rng: new Rng(5) }).toJSON());
  });

  it('takes the smaller of max_samples and max_shots, as Perceval', () => {
    const drawn = applyResultMapping(
      'probs_to_samples',
      twoPhotonSplit(),
      { max_samples: 30, max_shots: 12 },
      new Rng(2),
    );
    expect((drawn as BSSamples).length).toBe(12);
  });

  it('keeps a certain outcome exact', () => {
    const certain = new BSDistribution([['|1,1>', 1]]);
    expect(applyResultMapping('probs_to_sample_count', certain, { count: 250 }, new Rng(3)).toJSON()).toEqual(
      {
        '|1,1>': 250,
      },
    );
    const drawn = applyResultMapping('probs_to_samples', certain, { count: 3 }, new Rng(3)) as BSSamples;
    expect([...drawn].map(String)).toEqual(['|1,1>', '|1,1>', '|1,1>']);
  });

  it('resamples counts: as many as counted without a count, else the count given', () => {
    const counts = new BSCount({ '|2,0>': 2, '|0,2>': 3 });
    expect((applyResultMapping('sample_count_to_samples', counts, {}, new Rng(4)) as BSSamples).length).toBe(
      5,
    );
    const many = applyResultMapping('sample_count_to_samples', counts, { max_samples: 9 }, new Rng(4));
    expect(many.toJSON()).toEqual(sampleCountToSamples(counts, { maxSamples: 9, rng: new Rng(4) }).toJSON());
  });

  it('rejects a converter it does not know, naming job_context.result_mapping', () => {
    const error = validationErrorOf(() =>
      applyResultMapping('probs_to_state_vector', twoPhotonSplit(), {}, new Rng(1)),
    );
    expect(error.field).toBe('job_context.result_mapping');
    expect(error.message).toContain("'probs_to_state_vector'");
  });

  it('rejects a result of the wrong type, naming what it expected and got', () => {
    const error = validationErrorOf(() =>
      applyResultMapping('samples_to_sample_count', new BSCount({ '|1,0>': 1 }), {}, new Rng(1)),
    );
    expect(error.field).toBe('job_context.result_mapping');
    expect(error.message).toBe('The result mapping samples_to_sample_count expects a BSSamples, got BSCount');
    expect(
      validationErrorOf(() => applyResultMapping('sample_count_to_probs', null, {}, new Rng(1))).message,
    ).toContain('got null');
    expect(
      validationErrorOf(() =>
        applyResultMapping('probs_to_samples', new BasicState('|1,0>'), { count: 1 }, new Rng(1)),
      ).message,
    ).toContain('expects a BSDistribution');
  });

  it('needs a count to sample probabilities, and a non-negative integer one', () => {
    const missing = validationErrorOf(() =>
      applyResultMapping('probs_to_sample_count', twoPhotonSplit(), {}, new Rng(1)),
    );
    expect(missing.field).toBe('job_context.mapping_delta_parameters');
    const negative = validationErrorOf(() =>
      applyResultMapping('probs_to_samples', twoPhotonSplit(), { max_shots: -3 }, new Rng(1)),
    );
    expect(negative.field).toBe('job_context.mapping_delta_parameters');
    expect(negative.message).toBe(
      'mapping_delta_parameters.max_shots must be a non-negative integer, got -3',
    );
    expect(
      validationErrorOf(() =>
        applyResultMapping(
          'probs_to_samples',
          twoPhotonSplit(),
          { count: '10' as unknown as number },
          new Rng(1),
        ),
      ).message,
    ).toContain('count must be a non-negative integer');
  });
});
