//! Scaling for matrices whose entries are far from 1. The permanent is homogeneous of degree n,
//! `perm(c·A) = cⁿ·perm(A)`, so a matrix is scaled by a power of two `2^−e` (exact in binary floating point) to
//! bring its largest entry near 1, its permanent computed, and the result scaled back by `2^(n·e)` — or refused
//! when that falls outside the range of `f64`, instead of coming back as NaN or ∞.

use crate::complex::C64;
use crate::error::{EngineError, Result};
use crate::matrix::Matrix;

/// Entries up to this magnitude (and down to its inverse) need no scaling: Glynn's row sums of a 64×64 matrix stay
/// below `64 · 2^8`, and their products below `2^(14·64) = 2^896`, within `f64`; products of 64 entries of at least
/// `2^−8` stay above `2^−512`, far from underflow.
const SAFE_MAGNITUDE: f64 = 256.0;

/// The power of two `e` to divide `a` by (largest entry brought into `[1, 2)`), or `None` when `a` needs no scaling
/// (its largest entry within `[1/256, 256]`, or a zero matrix).
pub(super) fn exponent(a: &Matrix) -> Option<i32> {
    let largest = a.data.iter().map(|z| z.re.abs().max(z.im.abs())).fold(0.0, f64::max);
    if largest == 0.0 || (1.0 / SAFE_MAGNITUDE..=SAFE_MAGNITUDE).contains(&largest) {
        return None;
    }
    Some(binary_exponent(largest))
}

/// `⌊log₂ x⌋` of a positive finite `x` (subnormals included).
fn binary_exponent(x: f64) -> i32 {
    let bits = x.to_bits();
    let raw = ((bits >> 52) & 0x7ff) as i32;
    if raw == 0 {
        // Subnormal: the value is mantissa · 2^−1074.
        let mantissa = bits & ((1 << 52) - 1);
        return 63 - mantissa.leading_zeros() as i32 - 1074;
    }
    raw - 1023
}

/// `x · 2^e`, exact unless the result over- or underflows, without overflowing on the way.
fn times_power_of_two(mut x: f64, mut e: i64) -> f64 {
    // 2^±1000 are normal numbers; steps of at most 1000 keep every intermediate product in range.
    while e != 0 && x != 0.0 && x.is_finite() {
        let step = e.clamp(-1000, 1000);
        x *= f64::powi(2.0, step as i32);
        e -= step;
    }
    x
}

/// `a · 2^−e`.
pub(super) fn scaled(a: &Matrix, e: i32) -> Matrix {
    let mut scaled = a.clone();
    for z in &mut scaled.data {
        *z = C64::new(times_power_of_two(z.re, -i64::from(e)), times_power_of_two(z.im, -i64::from(e)));
    }
    scaled
}

/// The permanent of the unscaled `n × n` matrix from `p`, that of the matrix scaled by `2^−e`: `p · 2^(n·e)`, or a
/// validation error (field `"matrix"`) when its magnitude is beyond `f64` (about 1.8e308).
pub(super) fn unscaled(p: C64, e: i32, n: usize) -> Result<C64> {
    let total = i64::from(e) * n as i64;
    let largest = p.re.abs().max(p.im.abs());
    if largest > 0.0 && i64::from(binary_exponent(largest)) + total > i64::from(f64::MAX_EXP - 1) {
        let decimal = (largest.log2() + total as f64) * std::f64::consts::LOG10_2;
        return Err(EngineError::validation(
            "matrix",
            format!(
                "the permanent of this {n}×{n} matrix is about 1e{}, beyond the largest f64 (1.8e308): scale the \
                 matrix down (perm(c·A) = c^{n}·perm(A))",
                decimal.floor()
            ),
        ));
    }
    let (re, im) = (times_power_of_two(p.re, total), times_power_of_two(p.im, total));
    if !re.is_finite() || !im.is_finite() {
        return Err(EngineError::validation(
            "matrix",
            format!("the permanent of this {n}×{n} matrix is beyond the largest f64 (1.8e308)"),
        ));
    }
    Ok(C64::new(re, im))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permanent::permanent_checked;

    fn filled(n: usize, value: f64) -> Matrix {
        Matrix::from_fn(n, n, |_, _| C64::new(value, 0.0))
    }

    fn validation_message(result: Result<C64>) -> String {
        match result {
            Err(EngineError::Validation { field, message }) => {
                assert_eq!(field, "matrix");
                message
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn binary_exponents_of_normal_and_subnormal_numbers() {
        assert_eq!(binary_exponent(1.0), 0);
        assert_eq!(binary_exponent(3.0), 1);
        assert_eq!(binary_exponent(0.75), -1);
        assert_eq!(binary_exponent(f64::MIN_POSITIVE), -1022);
        assert_eq!(binary_exponent(f64::MIN_POSITIVE / 4.0), -1024);
        assert_eq!(binary_exponent(5e-324), -1074);
    }

    #[test]
    fn a_permanent_beyond_f64_is_an_error_naming_its_size() {
        // perm of the 3×3 all-1e300 matrix is 3!·1e900: not representable, where Glynn's sums alone gave NaN.
        let message = validation_message(permanent_checked(&filled(3, 1e300), 1));
        assert!(message.contains("about 1e900"), "{message}");
        assert!(message.contains("beyond the largest f64"), "{message}");
    }

    #[test]
    fn large_entries_whose_permanent_fits_are_computed_by_scaling() {
        // perm of the n×n all-c matrix is n!·cⁿ. For n = 3 and c = 2e102 that is 4.8e307, within f64, while
        // Glynn's largest product of row sums, (3c)³ = 2.16e308, is not: unscaled, the result would be ∞ or NaN.
        let p = permanent_checked(&filled(3, 2e102), 1).unwrap();
        assert!((p.re / 4.8e307 - 1.0).abs() < 1e-14, "{p:?}");
        assert_eq!(p.im, 0.0);
        // Tiny entries come back the same way: 4!·(1e-70)⁴ = 2.4e-279.
        let p = permanent_checked(&filled(4, 1e-70), 1).unwrap();
        assert!((p.re / 2.4e-279 - 1.0).abs() < 1e-13, "{p:?}");
        // A zero matrix needs no scaling.
        assert_eq!(permanent_checked(&filled(3, 0.0), 1).unwrap(), C64::ZERO);
    }

    #[test]
    fn power_of_two_scaling_is_exact() {
        // A Haar unitary needs no scaling; the same matrix times 2^150 has exactly 2^(150·6) times its permanent.
        let a = Matrix::random_haar(6, &mut crate::rng::Rng::seed_from_u64(7));
        assert_eq!(exponent(&a), None);
        let base = permanent_checked(&a, 1).unwrap();
        let big = scaled(&a, -150);
        let p = permanent_checked(&big, 1).unwrap();
        assert_eq!(p.re, times_power_of_two(base.re, 900));
        assert_eq!(p.im, times_power_of_two(base.im, 900));
    }
}
