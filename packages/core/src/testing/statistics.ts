/**
 * Tolerances for statistical tests, derived from a stated false-failure rate α instead of chosen by eye, so a
 * correct implementation fails a test with at most that probability whatever seed it runs with.
 */

/**
 * The standard normal quantile Φ⁻¹(p) for p in (0, 1), to about 1e-9 relative (rational approximations of
 * the central region and the tails, refined by one Halley step on the complementary error function).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs p in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  // One Halley step against Φ(x) = erfc(−x/√2)/2.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** erfc(x) to about 1e-14 relative (continued fraction in the tails, series near zero). */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf by its Taylor series, which converges fast here.
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Lentz's continued fraction for erfc.
  let f = x;
  let cPrev = x;
  let dPrev = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    let dn = x + an * dPrev;
    dn = dn === 0 ? 1e-300 : 1 / dn;
    let cn = x + an / cPrev;
    if (cn === 0) cn = 1e-300;
    const delta = cn * dn;
    f *= delta;
    cPrev = cn;
    dPrev = dn;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
}

/**
 * Largest deviation |mean − μ| of `n` independent values in an interval of width `range` that occurs with
 * probability at most `alpha` (Hoeffding: P ≤ 2·exp(−2n t² / range²)). For a proportion, `range` is 1.
 */
export function boundedMeanTolerance(range: number, n: number, alpha: number): number {
  return range * Math.sqrt(Math.log(2 / alpha) / (2 * n));
}

/**
 * Largest deviation |mean − μ| of `n` independent Gaussian (or σ-sub-Gaussian) values of standard deviation
 * `sigma` that occurs with probability at most `alpha` (two-sided normal quantile).
 */
export function gaussianMeanTolerance(sigma: number, n: number, alpha: number): number {
  return (normalQuantile(1 - alpha / 2) * sigma) / Math.sqrt(n);
}

/**
 * The value a chi-square variable with `df` degrees of freedom exceeds with probability `alpha`
 * (Wilson–Hilferty cube-root approximation, within a fraction of a percent for df ≥ 3).
 */
export function chiSquareCritical(df: number, alpha: number): number {
  const z = normalQuantile(1 - alpha);
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

/** The outcome of {@link chiSquareTest}. */
export interface ChiSquareOutcome {
  /** Pearson's statistic Σ (observed − expected)² / expected over the bins. */
  statistic: number;
  /** The statistic's critical value at the test's α. */
  critical: number;
  /** Degrees of freedom: bins − 1. */
  df: number;
  /** Number of draws. */
  total: number;
  /** Expected probability per bin (the pooled bin last), for power calculations. */
  binProbabilities: number[];
  /** Bin of each key of the expected distribution. */
  binOf: Map<string, number>;
}

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected probabilities, keyed by
 * any string (a state's text). Bins expected to hold fewer than 5 draws are pooled into one, and draws
 * outside the expected support fall into that pooled bin, so they count against the sampler.
 */
export function chiSquareTest(
  observed: ReadonlyMap<string, number>,
  expected: Iterable<readonly [string, number]>,
  alpha: number,
): ChiSquareOutcome {
  let total = 0;
  for (const count of observed.values()) total += count;
  const binProbabilities: number[] = [];
  const binOf = new Map<string, number>();
  let statistic = 0;
  let pooledP = 0;
  let pooledObserved = 0;
  let seen = 0;
  const pooledKeys: string[] = [];
  for (const [key, p] of expected) {
    const o = observed.get(key) ?? 0;
    seen += o;
    if (p * total < 5) {
      pooledP += p;
      pooledObserved += o;
      pooledKeys.push(key);
      continue;
    }
    const e = p * total;
    statistic += (o - e) ** 2 / e;
    binOf.set(key, binProbabilities.length);
    binProbabilities.push(p);
  }
  pooledObserved += total - seen;
  if (pooledP > 0 || pooledObserved > 0) {
    const e = pooledP * total;
    statistic += (pooledObserved - e) ** 2 / Math.max(e, 1e-9);
    for (const key of pooledKeys) binOf.set(key, binProbabilities.length);
    binProbabilities.push(pooledP);
  }
  const df = binProbabilities.length - 1;
  return { statistic, critical: chiSquareCritical(df, alpha), df, total, binProbabilities, binOf };
}

/**
 * Power of a chi-square test (probability that it rejects) when the draws really follow `actual` instead
 * of the bins' expected probabilities: the statistic is then approximately non-central chi-square with
 * non-centrality λ = N·Σ (q − p)² / p, taken here through its normal approximation (mean df + λ, variance
 * 2(df + 2λ)).
 */
export function chiSquarePower(test: ChiSquareOutcome, actual: Iterable<readonly [string, number]>): number {
  const q = new Array<number>(test.binProbabilities.length).fill(0);
  let mass = 0;
  for (const [key, p] of actual) {
    mass += p;
    const bin = test.binOf.get(key);
    // Outcomes the expected distribution does not have land in the pooled (last) bin.
    q[bin ?? q.length - 1]! += p;
  }
  if (mass < 1) q[q.length - 1]! += 1 - mass;
  let lambda = 0;
  test.binProbabilities.forEach((p, i) => {
    lambda += (test.total * (q[i]! - p) ** 2) / Math.max(p, 1e-12);
  });
  const mean = test.df + lambda;
  const sd = Math.sqrt(2 * (test.df + 2 * lambda));
  return 1 - 0.5 * erfc(-((test.critical - mean) / sd) / Math.SQRT2);
}
