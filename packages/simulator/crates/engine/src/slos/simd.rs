//! The complex AXPYs of the SLOS layer step, vectorized: [`slos_simd!`] expands one kernel, [`product`] (`y += a·x`
//! or `y = a·x`, chosen by a const parameter), for one instruction set from its target feature, vector type and
//! intrinsics, and the invocations below instantiate it for AVX2 + FMA and for AVX-512F, as the permanent's kernels
//! are (`permanent/simd_kernel.rs`). The kernel is chosen at run time as a [`Verified`] one, so the vector code is
//! only reached on a CPU that reported its features; elsewhere, and for slices shorter than a vector, the portable
//! loop runs.
//!
//! A coefficient is `[re, im]`, so a slice of `n` coefficients is `2n` contiguous doubles and a vector holds
//! `WIDTH / 2` of them. `y += a·x` is two fused multiply-adds per vector: `y += re(a)·x`, then
//! `y += (−im(a), im(a))·swap(x)`, where `swap` exchanges the real and imaginary part of each coefficient; `y = a·x`
//! starts from `re(a)·x` instead. The rounding differs from the portable loop's (fused, other order) by about one
//! unit in the last place.

use super::kernel::Coef;
use crate::complex::C64;
use crate::permanent::{Kernel, Verified};

/// Slices shorter than this stay on the portable loop: the call and the tail would cost more than they save.
const SHORTEST_VECTORIZED: usize = 4;

/// [`product`]'s `ADD`: `y += a·x`.
const ADD: bool = true;
/// [`product`]'s `ADD`: `y = a·x`.
const OVERWRITE: bool = false;

/// `y += a·x` (`ADD`) or `y = a·x` on plain Rust.
#[inline]
pub(crate) fn portable<const ADD: bool>(y: &mut [Coef], a: C64, x: &[Coef]) {
    debug_assert_eq!(y.len(), x.len());
    for (yi, xi) in y.iter_mut().zip(x) {
        let ax = [a.re * xi[0] - a.im * xi[1], a.re * xi[1] + a.im * xi[0]];
        if ADD {
            yi[0] += ax[0];
            yi[1] += ax[1];
        } else {
            *yi = ax;
        }
    }
}

/// `y += a·x` (`ADD`) or `y = a·x` on `kernel`: both products of the layer step go through this one kernel, whose
/// `ADD` branch is resolved at compile time.
#[inline]
pub(crate) fn product<const ADD: bool>(kernel: Verified, y: &mut [Coef], a: C64, x: &[Coef]) {
    assert_eq!(y.len(), x.len(), "a complex product on slices of different lengths");
    if y.len() < SHORTEST_VECTORIZED {
        return portable::<ADD>(y, a, x);
    }
    match kernel.kernel() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Verified` kernel exists only if `is_x86_feature_detected!("avx512f")` held.
        Kernel::Avx512 => unsafe { avx512::product::<ADD>(y, a, x) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Verified` kernel exists only if AVX2 and FMA were detected.
        Kernel::Avx2 => unsafe { avx2::product::<ADD>(y, a, x) },
        _ => portable::<ADD>(y, a, x),
    }
}

/// `y += a·x` on `kernel`.
#[inline]
pub(crate) fn axpy(kernel: Verified, y: &mut [Coef], a: C64, x: &[Coef]) {
    product::<ADD>(kernel, y, a, x);
}

/// `y = a·x` on `kernel`.
#[inline]
pub(crate) fn scale_into(kernel: Verified, y: &mut [Coef], a: C64, x: &[Coef]) {
    product::<OVERWRITE>(kernel, y, a, x);
}

/// Generates a module with the kernel `product` for one instruction set (see the module comment).
#[cfg(target_arch = "x86_64")]
macro_rules! slos_simd {
    (
        $(#[$doc:meta])*
        mod $name:ident {
            target_feature: $feature:literal,
            width: $width:literal,
            vector: $vector:ty,
            loadu: $loadu:ident,
            storeu: $storeu:ident,
            set1: $set1:ident,
            mul: $mul:ident,
            fmadd: $fmadd:ident,
            swap: $swap:ident::<$swap_mask:literal> $(,)?
        }
    ) => {
        $(#[$doc])*
        pub(crate) mod $name {
            use core::arch::x86_64::*;

            use super::super::kernel::Coef;
            use crate::complex::C64;

            /// Doubles per vector.
            const WIDTH: usize = $width;
            /// Coefficients per vector.
            const PER_VECTOR: usize = WIDTH / 2;
            /// The sign of `im(a)` in front of each lane of `swap(x)`: minus on real lanes, plus on imaginary ones.
            const SIGNS: [f64; WIDTH] = {
                let mut signs = [1.0; WIDTH];
                let mut i = 0;
                while i < WIDTH {
                    signs[i] = -1.0;
                    i += 2;
                }
                signs
            };

            /// `y += a·x` (`ADD`) or `y = a·x`.
            ///
            /// # Safety
            #[doc = concat!("The CPU supports `", $feature, "`.")]
            #[target_feature(enable = $feature)]
            pub(crate) unsafe fn product<const ADD: bool>(y: &mut [Coef], a: C64, x: &[Coef]) {
                assert_eq!(y.len(), x.len());
                let whole = y.len() - y.len() % PER_VECTOR;
                // SAFETY: `y` and `x` are slices of `len` coefficients, i.e. `2·len` contiguous doubles each, and
                // every access below reads or writes `WIDTH` doubles starting at `2·i` with `i + PER_VECTOR ≤
                // whole ≤ len`. The CPU has the module's target features by contract.
                unsafe {
                    let re = $set1(a.re);
                    let im: $vector = $mul($set1(a.im), $loadu(SIGNS.as_ptr()));
                    let yp = y.as_mut_ptr().cast::<f64>();
                    let xp = x.as_ptr().cast::<f64>();
                    let mut i = 0;
                    while i < whole {
                        let xv = $loadu(xp.add(2 * i));
                        let partial = if ADD { $fmadd(re, xv, $loadu(yp.add(2 * i))) } else { $mul(re, xv) };
                        $storeu(yp.add(2 * i), $fmadd(im, $swap::<$swap_mask>(xv), partial));
                        i += PER_VECTOR;
                    }
                }
                super::portable::<ADD>(&mut y[whole..], a, &x[whole..]);
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
slos_simd! {
    /// AVX2 + FMA: two coefficients per `ymm`. Reached only after `is_x86_feature_detected!("avx2")` and `("fma")`.
    mod avx2 {
        target_feature: "avx2,fma",
        width: 4,
        vector: __m256d,
        loadu: _mm256_loadu_pd,
        storeu: _mm256_storeu_pd,
        set1: _mm256_set1_pd,
        mul: _mm256_mul_pd,
        fmadd: _mm256_fmadd_pd,
        swap: _mm256_permute_pd::<0b0101>,
    }
}

#[cfg(target_arch = "x86_64")]
slos_simd! {
    /// AVX-512F: four coefficients per `zmm`. Reached only after `is_x86_feature_detected!("avx512f")`.
    mod avx512 {
        target_feature: "avx512f",
        width: 8,
        vector: __m512d,
        loadu: _mm512_loadu_pd,
        storeu: _mm512_storeu_pd,
        set1: _mm512_set1_pd,
        mul: _mm512_mul_pd,
        fmadd: _mm512_fmadd_pd,
        swap: _mm512_permute_pd::<0b0101_0101>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permanent::kernel_under_test;
    use crate::rng::Rng;

    fn random_coefs(rng: &mut Rng, len: usize) -> Vec<Coef> {
        (0..len).map(|_| [rng.next_f64() * 2.0 - 1.0, rng.next_f64() * 2.0 - 1.0]).collect()
    }

    /// `kernel`'s `y += a·x` and `y = a·x` equal the portable loop's on random slices.
    fn check_against_the_portable_loop(kernel: Verified) {
        let mut rng = Rng::seed_from_u64(12);
        // Lengths around the vector widths (2 and 4 coefficients) and the portable cut-off, and a long one.
        let lengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 1000];
        for &len in &lengths {
            let x = random_coefs(&mut rng, len);
            let y0 = random_coefs(&mut rng, len);
            let a = C64::new(rng.next_f64() * 2.0 - 1.0, rng.next_f64() * 2.0 - 1.0);
            let (mut fast, mut slow) = (y0.clone(), y0.clone());
            axpy(kernel, &mut fast, a, &x);
            portable::<ADD>(&mut slow, a, &x);
            for (f, s) in fast.iter().zip(&slow) {
                assert!((f[0] - s[0]).abs() <= 1e-12 && (f[1] - s[1]).abs() <= 1e-12, "{kernel:?} axpy {len}");
            }
            scale_into(kernel, &mut fast, a, &x);
            portable::<OVERWRITE>(&mut slow, a, &x);
            for (f, s) in fast.iter().zip(&slow) {
                assert!((f[0] - s[0]).abs() <= 1e-12 && (f[1] - s[1]).abs() <= 1e-12, "{kernel:?} scale {len}");
            }
        }
    }

    #[test]
    fn every_available_kernel_equals_the_portable_loops_on_random_slices() {
        for kernel in Kernel::available() {
            check_against_the_portable_loop(Verified::new(kernel).expect("listed as available"));
        }
    }

    // Runs only on a CPU reporting avx512f (not the project's CI machine); elsewhere it prints that it skipped.
    #[test]
    fn the_avx512_kernel_equals_the_portable_loops() {
        if let Some(kernel) = kernel_under_test(Kernel::Avx512, "slos::simd avx512 product") {
            check_against_the_portable_loop(kernel);
        }
    }

    #[test]
    fn a_times_x_is_the_complex_product() {
        // (1 + 2i)(3 − i) = 5 + 5i, (1 + 2i)·i = −2 + i; added to y = (1, 1).
        for kernel in Kernel::available() {
            let kernel = Verified::new(kernel).expect("listed as available");
            let x = vec![
                [3.0, -1.0],
                [0.0, 1.0],
                [3.0, -1.0],
                [0.0, 1.0],
                [3.0, -1.0],
                [0.0, 1.0],
                [3.0, -1.0],
                [0.0, 1.0],
            ];
            let mut y = vec![[1.0, 1.0]; 8];
            axpy(kernel, &mut y, C64::new(1.0, 2.0), &x);
            for pair in y.chunks(2) {
                assert_eq!(pair, [[6.0, 6.0], [-1.0, 2.0]], "{kernel:?}");
            }
        }
    }
}
