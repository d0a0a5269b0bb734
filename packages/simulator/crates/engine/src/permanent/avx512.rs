//! AVX-512F block kernels: `G` groups of 8 lanes, one `zmm` per group for the real parts and one for the
//! imaginary parts. The `G` independent product chains hide the multiply latency. See `plan.rs` for the layout.
//!
//! Only reached through a `Verified` kernel, i.e. after `is_x86_feature_detected!("avx512f")`.

use core::arch::x86_64::*;

use super::plan::GrayPlan;

/// Doubles per vector.
pub(crate) const WIDTH: usize = 8;
/// Lane groups per block for the permanent and for the sub-permanents.
pub(crate) const GROUPS: usize = 4;
pub(crate) const SUB_GROUPS: usize = 4;

/// Applies Gray step `s > 0` to the shared row sums `l_re`, `l_im` (`plan.rpad` doubles each).
///
/// # Safety
/// The CPU supports AVX-512F; `l_re` and `l_im` point to `plan.rpad` writable doubles.
#[inline]
#[target_feature(enable = "avx512f")]
unsafe fn apply_delta(plan: &GrayPlan, s: usize, l_re: *mut f64, l_im: *mut f64) {
    let t = s.trailing_zeros() as usize;
    let dir = (s >> (t + 1)) & 1;
    let base = (2 * t + dir) * plan.rpad;
    debug_assert!(base + plan.rpad <= plan.deltas_re.len());
    // SAFETY: `t < inner_bits` because `0 < s < 2^inner_bits`, so row `2t + dir` of the delta tables exists and
    // holds `rpad` (a multiple of 8) doubles; `l_*` hold `rpad` doubles by the caller's contract.
    unsafe {
        let d_re = plan.deltas_re.as_ptr().add(base);
        let d_im = plan.deltas_im.as_ptr().add(base);
        let mut c = 0;
        while c < plan.rpad {
            _mm512_storeu_pd(l_re.add(c), _mm512_add_pd(_mm512_loadu_pd(l_re.add(c)), _mm512_loadu_pd(d_re.add(c))));
            _mm512_storeu_pd(l_im.add(c), _mm512_add_pd(_mm512_loadu_pd(l_im.add(c)), _mm512_loadu_pd(d_im.add(c))));
            c += WIDTH;
        }
    }
}

/// Checks the buffer sizes every kernel relies on for its unchecked pointer arithmetic.
fn check_layout<const G: usize>(plan: &GrayPlan, h: &[f64], l_re: &[f64], l_im: &[f64]) {
    assert!(plan.lanes == WIDTH * G && plan.width == WIDTH && plan.rows >= 1);
    assert!(h.len() >= plan.block_len() && l_re.len() == plan.rpad && l_im.len() == plan.rpad);
    assert!(plan.rpad.is_multiple_of(WIDTH) && plan.l0_re.len() == plan.rpad && plan.l0_im.len() == plan.rpad);
}

/// `Σ_s (−1)^s Π_i v_i` for each lane of one block; `out` receives the lanes' real parts then imaginary parts.
///
/// # Safety
/// The CPU supports AVX-512F.
#[target_feature(enable = "avx512f")]
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
    let mut acc_re = [_mm512_setzero_pd(); G];
    let mut acc_im = [_mm512_setzero_pd(); G];
    let steps = 1usize << plan.inner_bits;
    let mut s = 0;
    // SAFETY (whole loop): `check_layout` guarantees `h` holds `n` rows of `stride` doubles and `l_*` hold
    // `rpad ≥ n` doubles, so every `hp.add(i·stride + g·16 + {0,8})` with `i < n`, `g < G` reads 8 doubles in
    // bounds, and `lr.add(i)`, `li.add(i)` with `i < n` are in bounds. The CPU has AVX-512F by contract.
    unsafe {
        while s < steps {
            for parity in 0..2 {
                let step = s + parity;
                if step != 0 {
                    apply_delta(plan, step, lr, li);
                }
                let br = _mm512_set1_pd(*lr);
                let bi = _mm512_set1_pd(*li);
                let mut pr = [_mm512_setzero_pd(); G];
                let mut pi = [_mm512_setzero_pd(); G];
                for g in 0..G {
                    pr[g] = _mm512_add_pd(_mm512_loadu_pd(hp.add(g * 2 * WIDTH)), br);
                    pi[g] = _mm512_add_pd(_mm512_loadu_pd(hp.add(g * 2 * WIDTH + WIDTH)), bi);
                }
                for i in 1..n {
                    let row = hp.add(i * stride);
                    let br = _mm512_set1_pd(*lr.add(i));
                    let bi = _mm512_set1_pd(*li.add(i));
                    for g in 0..G {
                        let rr = _mm512_add_pd(_mm512_loadu_pd(row.add(g * 2 * WIDTH)), br);
                        let ri = _mm512_add_pd(_mm512_loadu_pd(row.add(g * 2 * WIDTH + WIDTH)), bi);
                        let t = _mm512_mul_pd(pi[g], ri);
                        let u = _mm512_mul_pd(pi[g], rr);
                        pi[g] = _mm512_fmadd_pd(pr[g], ri, u);
                        pr[g] = _mm512_fmsub_pd(pr[g], rr, t);
                    }
                }
                for g in 0..G {
                    if parity == 0 {
                        acc_re[g] = _mm512_add_pd(acc_re[g], pr[g]);
                        acc_im[g] = _mm512_add_pd(acc_im[g], pi[g]);
                    } else {
                        acc_re[g] = _mm512_sub_pd(acc_re[g], pr[g]);
                        acc_im[g] = _mm512_sub_pd(acc_im[g], pi[g]);
                    }
                }
            }
            s += 2;
        }
        // SAFETY: `out` holds at least `2·lanes` doubles (asserted above).
        let op = out.as_mut_ptr();
        for g in 0..G {
            _mm512_storeu_pd(op.add(g * WIDTH), acc_re[g]);
            _mm512_storeu_pd(op.add(lanes + g * WIDTH), acc_im[g]);
        }
    }
}

/// For each lane of one block and each row `j`: `acc[j] += Σ_s (−1)^s Π_{i≠j} v_i` (block layout), via suffix
/// products stored in `suf` and prefix products carried in registers.
///
/// # Safety
/// The CPU supports AVX-512F.
#[target_feature(enable = "avx512f")]
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
    // SAFETY (whole loop): `h`, `suf` and `acc` hold `k` rows of `stride` doubles (asserted), so offsets
    // `i·stride + g·16 + {0, 8}` with `i < k`, `g < G` address 8 doubles in bounds; `l_*` hold `rpad ≥ k`
    // doubles. The CPU has AVX-512F by contract.
    unsafe {
        for s in 0..steps {
            if s != 0 {
                apply_delta(plan, s, lr, li);
            }
            // Backward: suf[i] = (−1)^s Π_{r>i} v_r.
            let mut pr = [_mm512_set1_pd(if s & 1 == 0 { 1.0 } else { -1.0 }); G];
            let mut pi = [_mm512_setzero_pd(); G];
            for i in (0..k).rev() {
                let o = i * stride;
                for g in 0..G {
                    _mm512_storeu_pd(sp.add(o + g * 2 * WIDTH), pr[g]);
                    _mm512_storeu_pd(sp.add(o + g * 2 * WIDTH + WIDTH), pi[g]);
                }
                if i > 0 {
                    let br = _mm512_set1_pd(*lr.add(i));
                    let bi = _mm512_set1_pd(*li.add(i));
                    for g in 0..G {
                        let rr = _mm512_add_pd(_mm512_loadu_pd(hp.add(o + g * 2 * WIDTH)), br);
                        let ri = _mm512_add_pd(_mm512_loadu_pd(hp.add(o + g * 2 * WIDTH + WIDTH)), bi);
                        let t = _mm512_mul_pd(pi[g], ri);
                        let u = _mm512_mul_pd(pi[g], rr);
                        pi[g] = _mm512_fmadd_pd(pr[g], ri, u);
                        pr[g] = _mm512_fmsub_pd(pr[g], rr, t);
                    }
                }
            }
            // Forward: acc[j] += (Π_{r<j} v_r) · suf[j]; row 0's prefix is 1.
            let mut qr = [_mm512_setzero_pd(); G];
            let mut qi = [_mm512_setzero_pd(); G];
            let br = _mm512_set1_pd(*lr);
            let bi = _mm512_set1_pd(*li);
            for g in 0..G {
                let (re, im) = (g * 2 * WIDTH, g * 2 * WIDTH + WIDTH);
                _mm512_storeu_pd(ap.add(re), _mm512_add_pd(_mm512_loadu_pd(ap.add(re)), _mm512_loadu_pd(sp.add(re))));
                _mm512_storeu_pd(ap.add(im), _mm512_add_pd(_mm512_loadu_pd(ap.add(im)), _mm512_loadu_pd(sp.add(im))));
                qr[g] = _mm512_add_pd(_mm512_loadu_pd(hp.add(re)), br);
                qi[g] = _mm512_add_pd(_mm512_loadu_pd(hp.add(im)), bi);
            }
            for j in 1..k {
                let o = j * stride;
                for g in 0..G {
                    let (re, im) = (o + g * 2 * WIDTH, o + g * 2 * WIDTH + WIDTH);
                    let sr = _mm512_loadu_pd(sp.add(re));
                    let si = _mm512_loadu_pd(sp.add(im));
                    let ar = _mm512_fnmadd_pd(qi[g], si, _mm512_fmadd_pd(qr[g], sr, _mm512_loadu_pd(ap.add(re))));
                    let ai = _mm512_fmadd_pd(qi[g], sr, _mm512_fmadd_pd(qr[g], si, _mm512_loadu_pd(ap.add(im))));
                    _mm512_storeu_pd(ap.add(re), ar);
                    _mm512_storeu_pd(ap.add(im), ai);
                }
                if j + 1 < k {
                    let br = _mm512_set1_pd(*lr.add(j));
                    let bi = _mm512_set1_pd(*li.add(j));
                    for g in 0..G {
                        let rr = _mm512_add_pd(_mm512_loadu_pd(hp.add(o + g * 2 * WIDTH)), br);
                        let ri = _mm512_add_pd(_mm512_loadu_pd(hp.add(o + g * 2 * WIDTH + WIDTH)), bi);
                        let t = _mm512_mul_pd(qi[g], ri);
                        let u = _mm512_mul_pd(qi[g], rr);
                        qi[g] = _mm512_fmadd_pd(qr[g], ri, u);
                        qr[g] = _mm512_fmsub_pd(qr[g], rr, t);
                    }
                }
            }
        }
    }
}
