//! Gurvits' randomized estimate of a permanent, the engine of the `NaiveApprox` backend (Perceval's
//! `NaiveApproxBackend`, Gurvits 2005).
//!
//! For `x` uniform in `{−1, +1}^n`, `Z = Π_j x_j · Π_i (A x)_i` has mean `Perm(A)`: expanding the product, a term
//! `Π_i a_{i σ(i)} x_{σ(i)}` survives the average over `x` only when every column appears exactly once, i.e. when
//! `σ` is a permutation. The estimate is the mean of `Z` over `iterations` independent draws, in O(n²) each.
//!
//! Error bound: the central limit half-width `z · sqrt((s²_re + s²_im) / N)` with the sample variances of the real
//! and imaginary parts of `Z`. `z` = 2.5758 (the normal 99.5 % quantile) bounds a one-dimensional error at 99 %, and
//! it is conservative for a complex one (an isotropic complex error would only need `sqrt(ln 100)` = 2.146), so
//! the true permanent lies within `error_bound` of the estimate with probability ≥ 99 % up to the normal
//! approximation of the mean. Perceval documents its bound the same way ("an estimation of the 99 % sure error
//! bound").
//!
//! Draws are split into fixed blocks, block `b` drawing from `Rng::stream(seed, b)`, so the estimate depends on the
//! seed only, never on the number of threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::complex::C64;
use crate::control::Control;
use crate::error::{EngineError, Result};
use crate::matrix::Matrix;
use crate::rng::Rng;

/// Perceval's default number of draws.
pub const DEFAULT_ITERATIONS: u64 = 10_000;

/// Most draws one estimate accepts (about a day of work at n = 60 on one core): a guard against typing errors.
pub const MAX_ITERATIONS: u64 = 1 << 40;

/// The two-sided 99 % quantile of the standard normal distribution: Perceval's "99 % sure" bound.
pub const Z_99: f64 = 2.575_829_303_548_901;

/// Draws per block: the unit of parallel work and of random streams.
const BLOCK: u64 = 1024;

/// A permanent estimate and the half-width of its confidence region.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: C64,
    /// `|value − Perm(A)| ≤ error_bound` with the confidence the bound was computed for.
    pub error_bound: f64,
}

/// Sums over draws: of `Z`, and of the squares of its real and imaginary parts.
#[derive(Clone, Copy, Default)]
struct Sums {
    z: C64,
    re2: f64,
    im2: f64,
}

impl Sums {
    fn add(&mut self, other: &Sums) {
        self.z += other.z;
        self.re2 += other.re2;
        self.im2 += other.im2;
    }
}

/// Checks an iteration count.
pub fn check_iterations(iterations: u64, field: &str) -> Result<()> {
    if iterations == 0 || iterations > MAX_ITERATIONS {
        return Err(EngineError::validation(
            field,
            format!("the number of Gurvits iterations must be in [1, {MAX_ITERATIONS}], got {iterations}"),
        ));
    }
    Ok(())
}

/// The draws of block `block` (`count` of them) for the matrix given by its columns.
fn block_sums(columns: &[C64], n: usize, seed: u64, block: u64, count: u64) -> Sums {
    let mut rng = Rng::stream(seed, block);
    let mut y = vec![C64::ZERO; n];
    let mut sums = Sums::default();
    let mut bits = 0u64;
    let mut left = 0u32;
    for _ in 0..count {
        y.iter_mut().for_each(|v| *v = C64::ZERO);
        let mut negative = false;
        for column in columns.chunks_exact(n) {
            if left == 0 {
                bits = rng.next_u64();
                left = 64;
            }
            let minus = bits & 1 == 1;
            bits >>= 1;
            left -= 1;
            negative ^= minus;
            if minus {
                y.iter_mut().zip(column).for_each(|(v, &a)| *v -= a);
            } else {
                y.iter_mut().zip(column).for_each(|(v, &a)| *v += a);
            }
        }
        let mut z = y.iter().fold(C64::ONE, |acc, &v| acc * v);
        if negative {
            z = -z;
        }
        sums.z += z;
        sums.re2 += z.re * z.re;
        sums.im2 += z.im * z.im;
    }
    sums
}

/// Estimates `Perm(a)` from `iterations` draws, with the error bound for the normal quantile `z` (use [`Z_99`] for
/// Perceval's 99 %). Matrices of size 0 and 1 are exact (error bound 0). `threads` 0 uses every core.
pub fn estimate(
    a: &Matrix,
    iterations: u64,
    seed: u64,
    z: f64,
    threads: usize,
    control: &dyn Control,
) -> Result<Estimate> {
    if !a.is_square() {
        return Err(EngineError::validation(
            "matrix",
            format!("a permanent needs a square matrix, got {}×{}", a.rows, a.cols),
        ));
    }
    check_iterations(iterations, "gurvitsIterations")?;
    let n = a.rows;
    match n {
        0 => return Ok(Estimate { value: C64::ONE, error_bound: 0.0 }),
        1 => return Ok(Estimate { value: a.data[0], error_bound: 0.0 }),
        _ => {}
    }
    // Columns stored contiguously: a draw adds or subtracts whole columns.
    let mut columns = Vec::with_capacity(n * n);
    for c in 0..n {
        columns.extend((0..n).map(|r| a.get(r, c)));
    }
    let blocks = iterations.div_ceil(BLOCK);
    let threads = crate::threads::resolve(threads).min(blocks as usize).max(1);
    let next = AtomicUsize::new(0);
    let canceled = AtomicBool::new(false);
    let partial: Mutex<Vec<(u64, Sums)>> = Mutex::new(Vec::with_capacity(blocks as usize));
    let worker = || loop {
        let b = next.fetch_add(1, Ordering::Relaxed) as u64;
        if b >= blocks || canceled.load(Ordering::Relaxed) {
            break;
        }
        if control.is_canceled() {
            canceled.store(true, Ordering::Relaxed);
            break;
        }
        let count = BLOCK.min(iterations - b * BLOCK);
        let sums = block_sums(&columns, n, seed, b, count);
        if let Ok(mut p) = partial.lock() {
            p.push((b, sums));
            control.progress(p.len() as f64 / blocks as f64, "estimate permanents");
        }
    };
    crate::threads::run_workers(threads, worker);
    if canceled.load(Ordering::Relaxed) {
        return Err(EngineError::Canceled);
    }
    let mut partial = partial.into_inner().unwrap_or_default();
    // Blocks summed in their own order: the estimate does not depend on which thread finished first.
    partial.sort_unstable_by_key(|(b, _)| *b);
    let mut total = Sums::default();
    partial.iter().for_each(|(_, s)| total.add(s));
    Ok(from_sums(&total, iterations, z))
}

/// Mean and error bound from the sums of `count` draws.
fn from_sums(sums: &Sums, count: u64, z: f64) -> Estimate {
    let n = count as f64;
    let mean = sums.z / n;
    if count < 2 {
        return Estimate { value: mean, error_bound: f64::INFINITY };
    }
    // Sample variances (Bessel-corrected), clamped at 0 against rounding.
    let var_re = ((sums.re2 - n * mean.re * mean.re) / (n - 1.0)).max(0.0);
    let var_im = ((sums.im2 - n * mean.im * mean.im) / (n - 1.0)).max(0.0);
    Estimate { value: mean, error_bound: z * ((var_re + var_im) / n).sqrt() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::Silent;
    use crate::permanent::permanent;

    /// The normal quantile for a two-sided false-failure rate of 1e-7 per assertion.
    const Z_1E7: f64 = 5.326_723_886_384_83;

    #[test]
    fn estimates_of_unitary_submatrices_lie_within_their_bound_of_the_exact_permanent() {
        // α: each assertion fails with probability ≤ 1e-7 (bound at the 1 − 1e-7 normal quantile); 3 × 5 of them.
        let mut rng = Rng::seed_from_u64(11);
        for (n, m) in [(4usize, 8usize), (8, 16), (12, 24)] {
            for trial in 0..5u64 {
                let u = Matrix::random_haar(m, &mut rng);
                let idx: Vec<usize> = (0..n).collect();
                let a = u.submatrix(&idx, &idx);
                let exact = permanent(&a);
                let e = estimate(&a, 40_000, 100 + trial, Z_1E7, 2, &Silent).unwrap();
                assert!(
                    (e.value - exact).abs() <= e.error_bound,
                    "n={n}: {:?} vs {exact:?} ± {}",
                    e.value,
                    e.error_bound
                );
                assert!(e.error_bound > 0.0 && e.error_bound < 0.1);
            }
        }
    }

    #[test]
    fn the_estimate_depends_on_the_seed_only_not_on_the_thread_count() {
        let mut rng = Rng::seed_from_u64(5);
        let a = Matrix::random_haar(10, &mut rng);
        let one = estimate(&a, 5_000, 9, Z_99, 1, &Silent).unwrap();
        let two = estimate(&a, 5_000, 9, Z_99, 2, &Silent).unwrap();
        assert_eq!(one, two);
        assert_ne!(one, estimate(&a, 5_000, 10, Z_99, 1, &Silent).unwrap());
    }

    #[test]
    fn tiny_matrices_are_exact_and_bad_iteration_counts_are_refused() {
        let a = Matrix::from_fn(1, 1, |_, _| C64::new(0.3, 0.4));
        assert_eq!(
            estimate(&a, 10, 0, Z_99, 1, &Silent).unwrap(),
            Estimate { value: C64::new(0.3, 0.4), error_bound: 0.0 }
        );
        let empty = Matrix::new(0, 0);
        assert_eq!(estimate(&empty, 10, 0, Z_99, 1, &Silent).unwrap().value, C64::ONE);
        for bad in [0, MAX_ITERATIONS + 1] {
            assert!(matches!(
                estimate(&Matrix::identity(3), bad, 0, Z_99, 1, &Silent),
                Err(EngineError::Validation { .. })
            ));
        }
    }

    #[test]
    fn the_identity_has_permanent_one_with_zero_spread() {
        // Every draw of Z is exactly 1 for the identity: Π x_j · Π x_j = 1.
        let e = estimate(&Matrix::identity(6), 1_000, 3, Z_99, 1, &Silent).unwrap();
        assert_eq!(e.value, C64::ONE);
        assert_eq!(e.error_bound, 0.0);
    }
}
