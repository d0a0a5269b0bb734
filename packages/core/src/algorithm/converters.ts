/**
 * Conversions between the three sampler outputs (Perceval's `perceval.utils.conversion`): probabilities
 * (`BSDistribution`), counts (`BSCount`) and ordered samples (`BSSamples`).
 *
 * They work on the containers' flat forms (typed arrays of photon counts), so a dense distribution of
 * 20 million states is converted without making a `BasicState` per state.
 */
import { ValidationError } from '../errors/index.js';
import { checkNonNegativeInteger } from '../model/integer-checks.js';
import { BSCount } from '../model/state/bs-count.js';
import { BSDistribution } from '../model/state/bs-distribution.js';
import { BSSamples } from '../model/state/bs-samples.js';
import { Rng } from '../random/random.js';

/** How many results a conversion should produce, and where its randomness comes from. */
export interface ConversionOptions {
  /** Exact number of results; wins over the limits below. */
  count?: number;
  /** Sample limit; with `maxShots` too, the smaller of the two is used (as Perceval, not accurate in shots). */
  maxSamples?: number;
  /** Shot limit; see `maxSamples`. */
  maxShots?: number;
  /** A seeded generator, or a seed; a randomly seeded generator when omitted. */
  rng?: Rng | number;
}

function toRng(rng: Rng | number | undefined): Rng {
  if (rng instanceof Rng) return rng;
  if (rng === undefined) return new Rng();
  if (typeof rng === 'number') return new Rng(rng);
  throw new ValidationError('rng must be an Rng or a seed', { field: 'rng' });
}

function checkCountOption(value: unknown, field: string): number | undefined {
  return value === undefined || value === null ? undefined : checkNonNegativeInteger(value, field);
}

/**
 * The number of results asked for (Perceval's `_deduce_count`): `count`, else the smaller of `maxSamples` and
 * `maxShots`, else whichever is given.
 * @throws ValidationError (field `maxSamples`) when none is given.
 */
export function deduceCount(options: ConversionOptions): number {
  const count = checkCountOption(options.count, 'count');
  if (count !== undefined) return count;
  const maxSamples = checkCountOption(options.maxSamples, 'maxSamples');
  const maxShots = checkCountOption(options.maxShots, 'maxShots');
  if (maxSamples !== undefined && maxShots !== undefined) return Math.min(maxSamples, maxShots);
  const single = maxShots ?? maxSamples;
  if (single === undefined) {
    throw new ValidationError('A sample count is needed: give count, maxSamples or maxShots', {
      field: 'maxSamples',
    });
  }
  return single;
}

/** Python's `round`: to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function emptyCount(m: number | undefined): BSCount {
  return m === undefined ? new BSCount() : BSCount.forModes(m);
}

function emptySamples(m: number | undefined): BSSamples {
  return m === undefined || m < 1 ? new BSSamples() : BSSamples.fromFlat(m, new Uint8Array(0));
}

/**
 * Counts of `count = deduceCount(options)` shots from a probability distribution, with sampling noise added as
 * Perceval does (`probs_to_sample_count`):
 *
 * 1. each probability p becomes `max(p + N(0, √(p(1−p)/count)), 0)`, then all are renormalised;
 * 2. each count is `round(p'·count)` (halves to even, as Python);
 * 3. the rounding difference is fixed one unit at a time on random states among those counted (Perceval
 *    picks among every state of the distribution; restricting to counted states keeps a surplus off the
 *    negligible states of a large dense distribution);
 * 4. when every `p'·count < 1` (nothing would survive rounding), it falls back to plain sampling.
 *
 * The total is exactly `count`. Two passes with the same random stream avoid storing the perturbed
 * distribution, so memory stays at the size of the result.
 */
export function probsToSampleCount(probs: BSDistribution, options: ConversionOptions): BSCount {
  const count = deduceCount(options);
  const rng = toRng(options.rng);
  const m = probs.m;
  if (count < 1 || m === undefined) return emptyCount(m);

  const perturb = (p: number, source: Rng): number => {
    const spread = Math.sqrt((p * (1 - p)) / count);
    return Math.max(p + (spread > 0 ? source.normal(0, spread) : 0), 0);
  };

  // Pass 1: total and largest perturbed probability.
  const replay = rng.clone();
  let sum = 0;
  let max = 0;
  probs.forEachOccupation((_, p) => {
    const q = perturb(p, rng);
    sum += q;
    if (q > max) max = q;
  });
  if (sum === 0 || (max / sum) * count < 1) {
    return samplesToSampleCount(probs.sample(count, () => rng.next()));
  }

  // Pass 2: the same perturbations again (same stream), rounded; only non-zero counts are stored.
  const counts = BSCount.forModes(m);
  const factor = count / sum;
  probs.forEachOccupation((occupations, p) => {
    const c = roundHalfEven(perturb(p, replay) * factor);
    if (c > 0) counts.addOccupations(occupations, c);
  });

  const flat = counts.toSparse();
  const values = flat.counts;
  let diff = count - values.reduce((a, b) => a + b, 0);
  // Random states with a positive count take (or give back) the difference, one unit at a time.
  while (diff > 0) {
    values[rng.nextInt(values.length)]! += 1;
    diff--;
  }
  if (diff < 0) {
    const positive: number[] = [];
    for (let i = 0; i < values.length; i++) if (values[i]! > 0) positive.push(i);
    while (diff < 0) {
      const pick = rng.nextInt(positive.length);
      const i = positive[pick]!;
      values[i]! -= 1;
      diff++;
      if (values[i] === 0) {
        positive[pick] = positive[positive.length - 1]!;
        positive.pop();
      }
    }
  }
  return BSCount.fromSparse(m, flat.states, values);
}

/**
 * `count = deduceCount(options)` independent samples of a distribution (Perceval's `probs_to_samples`); as
 * Perceval's `BSDistribution.sample`, the vacuum state is never drawn.
 */
export function probsToSamples(probs: BSDistribution, options: ConversionOptions): BSSamples {
  const count = deduceCount(options);
  const rng = toRng(options.rng);
  if (count < 1 || probs.m === undefined) return emptySamples(probs.m);
  return probs.sample(count, () => rng.next());
}

/** Counts each distinct sample (Perceval's `samples_to_sample_count`), in order of first sight. */
export function samplesToSampleCount(samples: BSSamples): BSCount {
  return BSCount.fromSamples(samples);
}

/** The empirical distribution of the samples (Perceval's `samples_to_probs`). */
export function samplesToProbs(samples: BSSamples): BSDistribution {
  return sampleCountToProbs(samplesToSampleCount(samples));
}

/** The normalised counts (Perceval's `sample_count_to_probs`); an empty count gives an empty distribution. */
export function sampleCountToProbs(counts: BSCount): BSDistribution {
  const { m, states, counts: values } = counts.toSparse();
  if (counts.m === undefined) return new BSDistribution();
  const total = values.reduce((a, b) => a + b, 0);
  if (total > 0) for (let i = 0; i < values.length; i++) values[i]! /= total;
  return BSDistribution.fromSparse(m, states, values);
}

/**
 * Samples drawn from the normalised counts (Perceval's `sample_count_to_samples`): `deduceCount(options)`
 * of them, or as many as the total count when no count or limit is given.
 */
export function sampleCountToSamples(counts: BSCount, options: ConversionOptions = {}): BSSamples {
  const given = options.count ?? options.maxSamples ?? options.maxShots;
  const count = given === undefined || given === null ? counts.total() : deduceCount(options);
  const rng = toRng(options.rng);
  if (count < 1 || counts.m === undefined) return emptySamples(counts.m);
  return sampleCountToProbs(counts).sample(count, () => rng.next());
}
