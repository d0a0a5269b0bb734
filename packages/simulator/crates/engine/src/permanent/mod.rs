//! Permanents of complex matrices: the amplitudes of linear optics (`⟨t|Û|s⟩ = Perm(U_{T,S}) / √(Π s! Π t!)`).
//!
//! The fast path is Glynn's formula over a reflected Gray code (docs/simulation.md): `2^{n−1}` sign patterns,
//! each costing one column update of the row sums and `n − 1` complex products. The sign patterns are cut into
//! blocks whose SIMD lanes share the Gray walk (see `plan.rs`), blocks run on scoped threads, and the AVX-512 /
//! AVX2 / portable kernel is picked at run time. Results are bit-for-bit independent of the thread count.
//!
//! [`sub_permanents`] gives all leave-one-row-out permanents of a `k × (k−1)` matrix in one `O(k·2^k)` walk, the
//! inner step of Clifford & Clifford sampling.

// The SIMD dispatch and kernels are the engine's only `unsafe` code (CPU-feature-gated intrinsics).
#[allow(unsafe_code)]
mod glynn;
mod kernel;
mod parallel;
mod plan;
mod portable;
pub mod reference;
mod scale;
mod small;
mod workspace;

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod simd_kernel;
#[cfg(target_arch = "x86_64")]
use simd_kernel::{avx2, avx512};

#[cfg(test)]
pub(crate) use kernel::kernel_under_test;
pub use kernel::Kernel;
pub(crate) use kernel::Verified;

use crate::complex::C64;
use crate::control::{Control, Silent};
use crate::error::{EngineError, Result};
use crate::matrix::Matrix;
use crate::threads;

/// Largest matrix size whose sign patterns fit the 64-bit Gray counters (far beyond any practical run time).
pub const MAX_SIZE: usize = 64;

/// Sizes from which the automatic thread count uses every core (below, one thread is faster than spawning).
const PARALLEL_FROM: usize = 16;

/// The permanent of a square matrix, on as many threads as pay off. Panics if `a` is not square or larger than
/// [`MAX_SIZE`] (use [`permanent_checked`] for matrices that come from users).
pub fn permanent(a: &Matrix) -> C64 {
    permanent_with_threads(a, 0)
}

/// The permanent on `threads` threads (`0`: automatic). Panics like [`permanent`].
pub fn permanent_with_threads(a: &Matrix, threads: usize) -> C64 {
    if let Err(e) = check_square(a) {
        panic!("{e}");
    }
    glynn::permanent(a, auto_threads(a.rows, threads), Verified::best(), &Silent).expect("Silent never cancels")
}

/// The permanent, with a validation error (field `"matrix"`) for a non-square, oversized or non-finite matrix, or
/// one whose permanent lies beyond the range of `f64`.
pub fn permanent_checked(a: &Matrix, threads: usize) -> Result<C64> {
    permanent_with_control(a, threads, &Silent)
}

/// [`permanent_checked`] that polls `ctl.is_canceled()` between blocks (every few milliseconds of work) and then
/// returns [`EngineError::Canceled`]. It reports no progress: a permanent is usually one step of a larger job,
/// whose own progress the caller reports.
///
/// Matrices with entries far from 1 are scaled first (see [`scale`]), so that Glynn's intermediate products stay
/// within `f64` where the permanent itself does: without it a 3×3 matrix of 1e300 gives NaN (∞ − ∞).
pub fn permanent_with_control(a: &Matrix, threads: usize, ctl: &dyn Control) -> Result<C64> {
    check_square(a)?;
    a.check_finite("matrix")?;
    let threads = auto_threads(a.rows, threads);
    match scale::exponent(a) {
        None => glynn::permanent(a, threads, Verified::best(), ctl),
        Some(e) => {
            let p = glynn::permanent(&scale::scaled(a, e), threads, Verified::best(), ctl)?;
            scale::unscaled(p, e, a.rows)
        }
    }
}

/// The permanent on a given kernel (for tests and benchmarks); a validation error (field `"kernel"`) if this CPU
/// lacks it.
pub fn permanent_with_kernel(a: &Matrix, threads: usize, kernel: Kernel) -> Result<C64> {
    check_square(a)?;
    let verified = verify(kernel)?;
    glynn::permanent(a, auto_threads(a.rows, threads), verified, &Silent)
}

/// `p_j = Perm(B without row j)` for every row `j` of a `k × (k−1)` matrix, single-threaded. Panics on another
/// shape (use [`sub_permanents_checked`] for unchecked input).
pub fn sub_permanents(b: &Matrix) -> Vec<C64> {
    if let Err(e) = check_sub_shape(b) {
        panic!("{e}");
    }
    glynn::sub_permanents(b, 1, Verified::best(), &Silent).expect("Silent never cancels")
}

/// [`sub_permanents`] on `threads` threads (`0`: automatic), with a validation error (field `"matrix"`) for a
/// wrong shape or non-finite entries.
pub fn sub_permanents_checked(b: &Matrix, threads: usize) -> Result<Vec<C64>> {
    check_sub_shape(b)?;
    b.check_finite("matrix")?;
    glynn::sub_permanents(b, auto_threads(b.rows, threads), Verified::best(), &Silent)
}

/// [`sub_permanents`] on a given kernel; a validation error (field `"kernel"`) if this CPU lacks it.
pub fn sub_permanents_with_kernel(b: &Matrix, threads: usize, kernel: Kernel) -> Result<Vec<C64>> {
    check_sub_shape(b)?;
    let verified = verify(kernel)?;
    glynn::sub_permanents(b, auto_threads(b.rows, threads), verified, &Silent)
}

/// Sub-permanents for the samplers of this crate: shape already known good, kernel already chosen.
pub(crate) fn sub_permanents_in(b: &Matrix, threads: usize, kernel: Verified, ctl: &dyn Control) -> Result<Vec<C64>> {
    debug_assert!(check_sub_shape(b).is_ok());
    glynn::sub_permanents(b, threads.max(1), kernel, ctl)
}

fn verify(kernel: Kernel) -> Result<Verified> {
    Verified::new(kernel).ok_or_else(|| {
        EngineError::validation("kernel", format!("this CPU cannot run the {} permanent kernel", kernel.name()))
    })
}

fn auto_threads(n: usize, requested: usize) -> usize {
    match requested {
        0 if n < PARALLEL_FROM => 1,
        0 => threads::available(),
        t => t,
    }
}

fn check_consistent(a: &Matrix) -> Result<()> {
    if a.rows.checked_mul(a.cols) != Some(a.data.len()) {
        return Err(EngineError::validation(
            "matrix",
            format!("a {}×{} matrix needs {} entries, it has {}", a.rows, a.cols, a.rows * a.cols, a.data.len()),
        ));
    }
    Ok(())
}

fn check_square(a: &Matrix) -> Result<()> {
    check_consistent(a)?;
    if !a.is_square() {
        return Err(EngineError::validation(
            "matrix",
            format!("the permanent needs a square matrix, got {}×{}", a.rows, a.cols),
        ));
    }
    if a.rows > MAX_SIZE {
        return Err(EngineError::validation(
            "matrix",
            format!("permanents are limited to {MAX_SIZE}×{MAX_SIZE} matrices, got {}×{}", a.rows, a.cols),
        ));
    }
    Ok(())
}

fn check_sub_shape(b: &Matrix) -> Result<()> {
    check_consistent(b)?;
    if b.rows != b.cols + 1 {
        return Err(EngineError::validation(
            "matrix",
            format!("sub-permanents need a k×(k−1) matrix, got {}×{}", b.rows, b.cols),
        ));
    }
    if b.cols > MAX_SIZE {
        return Err(EngineError::validation(
            "matrix",
            format!("sub-permanents are limited to {}×{MAX_SIZE} matrices, got {}×{}", MAX_SIZE + 1, b.rows, b.cols),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
