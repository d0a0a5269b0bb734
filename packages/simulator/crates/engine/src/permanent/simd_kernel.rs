//! The x86-64 block kernels, written once: [`simd_kernel!`] expands the Glynn block walk for one instruction set
//! from its target feature, vector width, vector type and intrinsics, and the two invocations below instantiate
//! it for AVX2 + FMA and for AVX-512F. The expansion is the same token sequence for both, so both kernels perform
//! the same operations in the same order on vectors of different widths. See `plan.rs` for the block layout.
//!
//! Only reached through a `Verified` kernel, i.e. after `is_x86_feature_detected!` confirmed every feature in
//! the module's `target_feature` string (`kernel.rs`).

/// Generates a kernel module: `WIDTH`, `GROUPS`, `SUB_GROUPS`, `permanent_block::<G>` and
/// `sub_permanents_block::<G>`, each block spanning `G` groups of `WIDTH` lanes, with one vector per group for
/// the real parts and one for the imaginary parts. The `G` independent product chains hide the multiply latency.
macro_rules! simd_kernel {
    (
        $(#[$doc:meta])*
        mod $name:ident {
            target_feature: $feature:literal,
            width: $width:literal,
            groups: $groups:literal,
            sub_groups: $sub_groups:literal,
            vector: $vector:ty,
            loadu: $loadu:ident,
            storeu: $storeu:ident,
            set1: $set1:ident,
            setzero: $setzero:ident,
            add: $add:ident,
            sub: $sub:ident,
            mul: $mul:ident,
            fmadd: $fmadd:ident,
            fmsub: $fmsub:ident,
            fnmadd: $fnmadd:ident $(,)?
        }
    ) => {
        $(#[$doc])*
        pub(crate) mod $name {
            use core::arch::x86_64::*;

            use super::super::plan::GrayPlan;

            /// Doubles per vector.
            pub(crate) const WIDTH: usize = $width;
            /// Lane groups per block for the permanent and for the sub-permanents.
            pub(crate) const GROUPS: usize = $groups;
            pub(crate) const SUB_GROUPS: usize = $sub_groups;

            // `GrayPlan` pads rows to a multiple of 8 doubles; `apply_delta` walks them a whole vector at a time.
            const _: () = assert!(8 % WIDTH == 0);

            /// Applies Gray step `s > 0` to the shared row sums `l_re`, `l_im` (`plan.rpad` doubles each).
            ///
            /// # Safety
            #[doc = concat!("The CPU supports `", $feature, "`; `l_re`, `l_im` point to `plan.rpad` writable doubles.")]
            #[inline]
            #[target_feature(enable = $feature)]
            unsafe fn apply_delta(plan: &GrayPlan, s: usize, l_re: *mut f64, l_im: *mut f64) {
                let t = s.trailing_zeros() as usize;
                let dir = (s >> (t + 1)) & 1;
                let base = (2 * t + dir) * plan.rpad;
                debug_assert!(base + plan.rpad <= plan.deltas_re.len());
                // SAFETY: `t < inner_bits` because `0 < s < 2^inner_bits`, so row `2t + dir` of the delta tables
                // exists and holds `rpad` (a multiple of 8, so of `WIDTH`) doubles; `l_*` hold `rpad` doubles by
                // the caller's contract.
                unsafe {
                    let d_re = plan.deltas_re.as_ptr().add(base);
                    let d_im = plan.deltas_im.as_ptr().add(base);
                    let mut c = 0;
                    while c < plan.rpad {
                        $storeu(l_re.add(c), $add($loadu(l_re.add(c)), $loadu(d_re.add(c))));
                        $storeu(l_im.add(c), $add($loadu(l_im.add(c)), $loadu(d_im.add(c))));
                        c += WIDTH;
                    }
                }
            }

            /// Checks the buffer sizes every kernel relies on for its unchecked pointer arithmetic.
            fn check_layout<const G: usize>(plan: &GrayPlan, h: &[f64], l_re: &[f64], l_im: &[f64]) {
                assert!(plan.lanes == WIDTH * G && plan.width == WIDTH && plan.rows >= 1);
                assert!(h.len() >= plan.block_len() && l_re.len() == plan.rpad && l_im.len() == plan.rpad);
                assert!(plan.rpad.is_multiple_of(WIDTH));
                assert!(plan.l0_re.len() == plan.rpad && plan.l0_im.len() == plan.rpad);
            }

            /// `Σ_s (−1)^s Π_i v_i` for each lane of one block; `out` receives the lanes' real parts then
            /// imaginary parts.
            ///
            /// # Safety
            #[doc = concat!("The CPU supports `", $feature, "`.")]
            #[target_feature(enable = $feature)]
            pub(crate) unsafe fn permanent_block<const G: usize>(
                plan: &GrayPlan,
                h: &[f64],
                l_re: &mut [f64],
                l_im: &mut [f64],
                out: &mut [f64],
            ) {
                check_layout::<G>(plan, h, l_re, l_im);
                let lanes = WIDTH * G;
                assert!(out.len() >= 2 * lanes);
                let n = plan.rows;
                let stride = 2 * lanes;
                l_re.copy_from_slice(&plan.l0_re);
                l_im.copy_from_slice(&plan.l0_im);
                let hp = h.as_ptr();
                let lr = l_re.as_mut_ptr();
                let li = l_im.as_mut_ptr();
                let mut acc_re: [$vector; G] = [$setzero(); G];
                let mut acc_im: [$vector; G] = [$setzero(); G];
                let steps = 1usize << plan.inner_bits;
                let mut s = 0;
                // SAFETY: for the whole loop, `check_layout` guarantees `h` holds `n` rows of `stride` doubles and `l_*`
                // hold `rpad ≥ n` doubles, so every `hp.add(i·stride + g·2·WIDTH + {0, WIDTH})` with `i < n`,
                // `g < G` reads `WIDTH` doubles in bounds, and `lr.add(i)`, `li.add(i)` with `i < n` are in
                // bounds. The CPU has the module's target features by contract.
                unsafe {
                    while s < steps {
                        for parity in 0..2 {
                            let step = s + parity;
                            if step != 0 {
                                apply_delta(plan, step, lr, li);
                            }
                            let br = $set1(*lr);
                            let bi = $set1(*li);
                            let mut pr: [$vector; G] = [$setzero(); G];
                            let mut pi: [$vector; G] = [$setzero(); G];
                            for g in 0..G {
                                pr[g] = $add($loadu(hp.add(g * 2 * WIDTH)), br);
                                pi[g] = $add($loadu(hp.add(g * 2 * WIDTH + WIDTH)), bi);
                            }
                            for i in 1..n {
                                let row = hp.add(i * stride);
                                let br = $set1(*lr.add(i));
                                let bi = $set1(*li.add(i));
                                for g in 0..G {
                                    let rr = $add($loadu(row.add(g * 2 * WIDTH)), br);
                                    let ri = $add($loadu(row.add(g * 2 * WIDTH + WIDTH)), bi);
                                    let t = $mul(pi[g], ri);
                                    let u = $mul(pi[g], rr);
                                    pi[g] = $fmadd(pr[g], ri, u);
                                    pr[g] = $fmsub(pr[g], rr, t);
                                }
                            }
                            for g in 0..G {
                                if parity == 0 {
                                    acc_re[g] = $add(acc_re[g], pr[g]);
                                    acc_im[g] = $add(acc_im[g], pi[g]);
                                } else {
                                    acc_re[g] = $sub(acc_re[g], pr[g]);
                                    acc_im[g] = $sub(acc_im[g], pi[g]);
                                }
                            }
                        }
                        s += 2;
                    }
                    // SAFETY: `out` holds at least `2·lanes` doubles (asserted above).
                    let op = out.as_mut_ptr();
                    for g in 0..G {
                        $storeu(op.add(g * WIDTH), acc_re[g]);
                        $storeu(op.add(lanes + g * WIDTH), acc_im[g]);
                    }
                }
            }

            /// For each lane of one block and each row `j`: `acc[j] += Σ_s (−1)^s Π_{i≠j} v_i` (block layout),
            /// via suffix products stored in `suf` and prefix products carried in registers.
            ///
            /// # Safety
            #[doc = concat!("The CPU supports `", $feature, "`.")]
            #[target_feature(enable = $feature)]
            pub(crate) unsafe fn sub_permanents_block<const G: usize>(
                plan: &GrayPlan,
                h: &[f64],
                l_re: &mut [f64],
                l_im: &mut [f64],
                suf: &mut [f64],
                acc: &mut [f64],
            ) {
                check_layout::<G>(plan, h, l_re, l_im);
                let len = plan.block_len();
                assert!(suf.len() >= len && acc.len() >= len);
                let k = plan.rows;
                let stride = 2 * WIDTH * G;
                l_re.copy_from_slice(&plan.l0_re);
                l_im.copy_from_slice(&plan.l0_im);
                let hp = h.as_ptr();
                let sp = suf.as_mut_ptr();
                let ap = acc.as_mut_ptr();
                let lr = l_re.as_mut_ptr();
                let li = l_im.as_mut_ptr();
                let steps = 1usize << plan.inner_bits;
                // SAFETY: for the whole loop, `h`, `suf` and `acc` hold `k` rows of `stride` doubles (asserted), so
                // offsets `i·stride + g·2·WIDTH + {0, WIDTH}` with `i < k`, `g < G` address `WIDTH` doubles in
                // bounds; `l_*` hold `rpad ≥ k` doubles. The CPU has the module's target features by contract.
                unsafe {
                    for s in 0..steps {
                        if s != 0 {
                            apply_delta(plan, s, lr, li);
                        }
                        // Backward: suf[i] = (−1)^s Π_{r>i} v_r.
                        let mut pr: [$vector; G] = [$set1(if s & 1 == 0 { 1.0 } else { -1.0 }); G];
                        let mut pi: [$vector; G] = [$setzero(); G];
                        for i in (0..k).rev() {
                            let o = i * stride;
                            for g in 0..G {
                                $storeu(sp.add(o + g * 2 * WIDTH), pr[g]);
                                $storeu(sp.add(o + g * 2 * WIDTH + WIDTH), pi[g]);
                            }
                            if i > 0 {
                                let br = $set1(*lr.add(i));
                                let bi = $set1(*li.add(i));
                                for g in 0..G {
                                    let rr = $add($loadu(hp.add(o + g * 2 * WIDTH)), br);
                                    let ri = $add($loadu(hp.add(o + g * 2 * WIDTH + WIDTH)), bi);
                                    let t = $mul(pi[g], ri);
                                    let u = $mul(pi[g], rr);
                                    pi[g] = $fmadd(pr[g], ri, u);
                                    pr[g] = $fmsub(pr[g], rr, t);
                                }
                            }
                        }
                        // Forward: acc[j] += (Π_{r<j} v_r) · suf[j]; row 0's prefix is 1.
                        let mut qr: [$vector; G] = [$setzero(); G];
                        let mut qi: [$vector; G] = [$setzero(); G];
                        let br = $set1(*lr);
                        let bi = $set1(*li);
                        for g in 0..G {
                            let (re, im) = (g * 2 * WIDTH, g * 2 * WIDTH + WIDTH);
                            $storeu(ap.add(re), $add($loadu(ap.add(re)), $loadu(sp.add(re))));
                            $storeu(ap.add(im), $add($loadu(ap.add(im)), $loadu(sp.add(im))));
                            qr[g] = $add($loadu(hp.add(re)), br);
                            qi[g] = $add($loadu(hp.add(im)), bi);
                        }
                        for j in 1..k {
                            let o = j * stride;
                            for g in 0..G {
                                let (re, im) = (o + g * 2 * WIDTH, o + g * 2 * WIDTH + WIDTH);
                                let sr = $loadu(sp.add(re));
                                let si = $loadu(sp.add(im));
                                let ar = $fnmadd(qi[g], si, $fmadd(qr[g], sr, $loadu(ap.add(re))));
                                let ai = $fmadd(qi[g], sr, $fmadd(qr[g], si, $loadu(ap.add(im))));
                                $storeu(ap.add(re), ar);
                                $storeu(ap.add(im), ai);
                            }
                            if j + 1 < k {
                                let br = $set1(*lr.add(j));
                                let bi = $set1(*li.add(j));
                                for g in 0..G {
                                    let rr = $add($loadu(hp.add(o + g * 2 * WIDTH)), br);
                                    let ri = $add($loadu(hp.add(o + g * 2 * WIDTH + WIDTH)), bi);
                                    let t = $mul(qi[g], ri);
                                    let u = $mul(qi[g], rr);
                                    qi[g] = $fmadd(qr[g], ri, u);
                                    qr[g] = $fmsub(qr[g], rr, t);
                                }
                            }
                        }
                    }
                }
            }
        }
    };
}

simd_kernel! {
    /// AVX2 + FMA block kernels: `G` groups of 4 lanes, one `ymm` per group for the real parts and one for the
    /// imaginary parts. Reached only after `is_x86_feature_detected!("avx2")` and `("fma")`.
    mod avx2 {
        target_feature: "avx2,fma",
        width: 4,
        groups: 4,
        sub_groups: 4,
        vector: __m256d,
        loadu: _mm256_loadu_pd,
        storeu: _mm256_storeu_pd,
        set1: _mm256_set1_pd,
        setzero: _mm256_setzero_pd,
        add: _mm256_add_pd,
        sub: _mm256_sub_pd,
        mul: _mm256_mul_pd,
        fmadd: _mm256_fmadd_pd,
        fmsub: _mm256_fmsub_pd,
        fnmadd: _mm256_fnmadd_pd,
    }
}

simd_kernel! {
    /// AVX-512F block kernels: `G` groups of 8 lanes, one `zmm` per group for the real parts and one for the
    /// imaginary parts. Reached only after `is_x86_feature_detected!("avx512f")`.
    mod avx512 {
        target_feature: "avx512f",
        width: 8,
        groups: 4,
        sub_groups: 4,
        vector: __m512d,
        loadu: _mm512_loadu_pd,
        storeu: _mm512_storeu_pd,
        set1: _mm512_set1_pd,
        setzero: _mm512_setzero_pd,
        add: _mm512_add_pd,
        sub: _mm512_sub_pd,
        mul: _mm512_mul_pd,
        fmadd: _mm512_fmadd_pd,
        fmsub: _mm512_fmsub_pd,
        fnmadd: _mm512_fnmadd_pd,
    }
}
