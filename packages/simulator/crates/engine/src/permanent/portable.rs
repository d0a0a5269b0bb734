//! The portable block kernels: plain Rust over 8-lane arrays, which the compiler maps onto whatever vector
//! unit the baseline target has (SSE2 on x86-64, NEON on aarch64). See `plan.rs` for the block layout.

use super::plan::GrayPlan;

/// Doubles per lane group in the block layout.
pub(crate) const WIDTH: usize = 8;
/// Sign patterns per block.
pub(crate) const LANES: usize = 8;

/// Applies Gray step `s > 0` to the shared row sums: inner column `t = ctz(s)` flips, in direction `s_{t+1}`.
#[inline(always)]
pub(crate) fn apply_delta(plan: &GrayPlan, s: usize, l_re: &mut [f64], l_im: &mut [f64]) {
    let t = s.trailing_zeros() as usize;
    let dir = (s >> (t + 1)) & 1;
    let base = (2 * t + dir) * plan.rpad;
    let d_re = &plan.deltas_re[base..base + plan.rpad];
    let d_im = &plan.deltas_im[base..base + plan.rpad];
    for (l, d) in l_re.iter_mut().zip(d_re) {
        *l += d;
    }
    for (l, d) in l_im.iter_mut().zip(d_im) {
        *l += d;
    }
}

/// Row sums of row `i` in all 8 lanes: the block's outer part plus the shared inner part.
#[inline(always)]
fn row_sums(row: &[f64], lr: f64, li: f64) -> ([f64; WIDTH], [f64; WIDTH]) {
    let mut re = [0.0; WIDTH];
    let mut im = [0.0; WIDTH];
    for w in 0..WIDTH {
        re[w] = row[w] + lr;
        im[w] = row[WIDTH + w] + li;
    }
    (re, im)
}

/// `Σ_s (−1)^s Π_i v_i` for each lane of one block; `out` receives the real parts then the imaginary parts.
pub(crate) fn permanent_block(plan: &GrayPlan, h: &[f64], l_re: &mut [f64], l_im: &mut [f64], out: &mut [f64]) {
    assert!(plan.lanes == LANES && plan.width == WIDTH && h.len() >= plan.block_len() && out.len() >= 2 * LANES);
    let n = plan.rows;
    l_re.copy_from_slice(&plan.l0_re);
    l_im.copy_from_slice(&plan.l0_im);
    let rows: Vec<&[f64]> = h.chunks_exact(2 * WIDTH).take(n).collect();
    let mut acc_re = [0.0; WIDTH];
    let mut acc_im = [0.0; WIDTH];
    for s in 0..1usize << plan.inner_bits {
        if s != 0 {
            apply_delta(plan, s, l_re, l_im);
        }
        let (mut pr, mut pi) = row_sums(rows[0], l_re[0], l_im[0]);
        for i in 1..n {
            let (rr, ri) = row_sums(rows[i], l_re[i], l_im[i]);
            for w in 0..WIDTH {
                let (a, b) = (pr[w], pi[w]);
                pr[w] = a * rr[w] - b * ri[w];
                pi[w] = a * ri[w] + b * rr[w];
            }
        }
        let sign = if s & 1 == 0 { 1.0 } else { -1.0 };
        for w in 0..WIDTH {
            acc_re[w] += sign * pr[w];
            acc_im[w] += sign * pi[w];
        }
    }
    out[..WIDTH].copy_from_slice(&acc_re);
    out[LANES..LANES + WIDTH].copy_from_slice(&acc_im);
}

/// For each lane of one block and each row `j`: `acc[j] += Σ_s (−1)^s Π_{i≠j} v_i`, in the block layout.
/// `suf` is scratch in the block layout.
pub(crate) fn sub_permanents_block(
    plan: &GrayPlan,
    h: &[f64],
    l_re: &mut [f64],
    l_im: &mut [f64],
    suf: &mut [f64],
    acc: &mut [f64],
) {
    let len = plan.block_len();
    assert!(plan.lanes == LANES && plan.width == WIDTH && h.len() >= len && suf.len() >= len && acc.len() >= len);
    let k = plan.rows;
    l_re.copy_from_slice(&plan.l0_re);
    l_im.copy_from_slice(&plan.l0_im);
    let stride = 2 * WIDTH;
    for s in 0..1usize << plan.inner_bits {
        if s != 0 {
            apply_delta(plan, s, l_re, l_im);
        }
        // Backward: suf[i] = (−1)^s Π_{r>i} v_r.
        let mut pr = [if s & 1 == 0 { 1.0 } else { -1.0 }; WIDTH];
        let mut pi = [0.0; WIDTH];
        for i in (0..k).rev() {
            let out = &mut suf[i * stride..(i + 1) * stride];
            out[..WIDTH].copy_from_slice(&pr);
            out[WIDTH..].copy_from_slice(&pi);
            if i > 0 {
                let (rr, ri) = row_sums(&h[i * stride..], l_re[i], l_im[i]);
                for w in 0..WIDTH {
                    let (a, b) = (pr[w], pi[w]);
                    pr[w] = a * rr[w] - b * ri[w];
                    pi[w] = a * ri[w] + b * rr[w];
                }
            }
        }
        // Forward: acc[j] += (Π_{r<j} v_r) · suf[j].
        let mut qr = [1.0; WIDTH];
        let mut qi = [0.0; WIDTH];
        for j in 0..k {
            let sf = &suf[j * stride..(j + 1) * stride];
            let a = &mut acc[j * stride..(j + 1) * stride];
            for w in 0..WIDTH {
                a[w] += qr[w] * sf[w] - qi[w] * sf[WIDTH + w];
                a[WIDTH + w] += qr[w] * sf[WIDTH + w] + qi[w] * sf[w];
            }
            if j + 1 < k {
                let (rr, ri) = row_sums(&h[j * stride..], l_re[j], l_im[j]);
                for w in 0..WIDTH {
                    let (a, b) = (qr[w], qi[w]);
                    qr[w] = a * rr[w] - b * ri[w];
                    qi[w] = a * ri[w] + b * rr[w];
                }
            }
        }
    }
}
