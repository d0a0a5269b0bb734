//! Glynn's sums on a chosen kernel: plans the blocks, runs them on threads, and combines the per-block results in
//! block order.

use super::kernel::{Kernel, Verified};
use super::parallel::run_blocks;
use super::plan::GrayPlan;
use super::workspace::Workspace;
use super::{portable, small};
use crate::complex::C64;
use crate::control::Control;
use crate::error::Result;
use crate::matrix::Matrix;

/// `(lanes, width)` of the permanent blocks of a kernel.
fn perm_layout(kernel: Kernel) -> (usize, usize) {
    match kernel {
        Kernel::Portable => (portable::LANES, portable::WIDTH),
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => (super::avx2::WIDTH * super::avx2::GROUPS, super::avx2::WIDTH),
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx512 => (super::avx512::WIDTH * super::avx512::GROUPS, super::avx512::WIDTH),
        #[cfg(not(target_arch = "x86_64"))]
        Kernel::Avx2 | Kernel::Avx512 => (portable::LANES, portable::WIDTH),
    }
}

/// `(lanes, width)` of the sub-permanent blocks of a kernel.
fn sub_layout(kernel: Kernel) -> (usize, usize) {
    match kernel {
        Kernel::Portable => (portable::LANES, portable::WIDTH),
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => (super::avx2::WIDTH * super::avx2::SUB_GROUPS, super::avx2::WIDTH),
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx512 => (super::avx512::WIDTH * super::avx512::SUB_GROUPS, super::avx512::WIDTH),
        #[cfg(not(target_arch = "x86_64"))]
        Kernel::Avx2 | Kernel::Avx512 => (portable::LANES, portable::WIDTH),
    }
}

/// Runs the permanent kernel of `kernel` on the block already filled into `ws`.
fn perm_block(kernel: Verified, plan: &GrayPlan, ws: &mut Workspace) {
    let (h, out) = (ws.h.as_slice(), ws.out.as_mut_slice());
    let (l_re, l_im) = (ws.l_re.as_mut_slice(), ws.l_im.as_mut_slice());
    match kernel.kernel() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Verified` kernel exists only if `is_x86_feature_detected!("avx512f")` held.
        Kernel::Avx512 => unsafe {
            super::avx512::permanent_block::<{ super::avx512::GROUPS }>(plan, h, l_re, l_im, out);
        },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Verified` kernel exists only if AVX2 and FMA were detected.
        Kernel::Avx2 => unsafe { super::avx2::permanent_block::<{ super::avx2::GROUPS }>(plan, h, l_re, l_im, out) },
        _ => portable::permanent_block(plan, h, l_re, l_im, out),
    }
}

/// Runs the sub-permanent kernel of `kernel` on the block already filled into `ws` (accumulating into `ws.acc`).
fn sub_block(kernel: Verified, plan: &GrayPlan, ws: &mut Workspace) {
    let (h, suf, acc) = (ws.h.as_slice(), ws.suf.as_mut_slice(), ws.acc.as_mut_slice());
    let (l_re, l_im) = (ws.l_re.as_mut_slice(), ws.l_im.as_mut_slice());
    match kernel.kernel() {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Verified` kernel exists only if `is_x86_feature_detected!("avx512f")` held.
        Kernel::Avx512 => unsafe {
            super::avx512::sub_permanents_block::<{ super::avx512::SUB_GROUPS }>(plan, h, l_re, l_im, suf, acc);
        },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Verified` kernel exists only if AVX2 and FMA were detected.
        Kernel::Avx2 => unsafe {
            super::avx2::sub_permanents_block::<{ super::avx2::SUB_GROUPS }>(plan, h, l_re, l_im, suf, acc);
        },
        _ => portable::sub_permanents_block(plan, h, l_re, l_im, suf, acc),
    }
}

/// Pairwise sum, so rounding grows with the logarithm of the number of blocks.
fn pairwise_sum(xs: &[C64]) -> C64 {
    match xs.len() {
        0 => C64::ZERO,
        1 => xs[0],
        n => pairwise_sum(&xs[..n / 2]) + pairwise_sum(&xs[n / 2..]),
    }
}

/// The block plan of the widest kernel, from `kernel` down, whose blocks fit `a`; `None` if even the narrowest
/// kernel's blocks are too wide (the scalar walk is then used).
fn plan_for(a: &Matrix, mut kernel: Verified, layout: fn(Kernel) -> (usize, usize)) -> Option<(GrayPlan, Verified)> {
    loop {
        let (lanes, width) = layout(kernel.kernel());
        if let Some(plan) = GrayPlan::new(a, lanes, width) {
            return Some((plan, kernel));
        }
        kernel = kernel.narrower()?;
    }
}

/// The permanent of the square matrix `a`.
pub(crate) fn permanent(a: &Matrix, threads: usize, kernel: Verified, ctl: &dyn Control) -> Result<C64> {
    debug_assert!(a.is_square());
    if let Some(p) = small::closed_form(a) {
        return Ok(p);
    }
    let Some((plan, kernel)) = plan_for(a, kernel, perm_layout) else {
        return Ok(small::glynn(a));
    };
    let lanes = plan.lanes;
    let sums = run_blocks(
        plan.blocks,
        threads,
        ctl,
        || Workspace::new(&plan, false),
        |ws, block| {
            plan.fill_block(block, ws.h.as_mut_slice(), &mut ws.signs);
            perm_block(kernel, &plan, ws);
            let out = ws.out.as_slice();
            let mut s = C64::ZERO;
            for (lane, &sign) in ws.signs.iter().enumerate() {
                s += C64::new(out[lane], out[lanes + lane]).scale(sign);
            }
            s
        },
    )?;
    Ok(pairwise_sum(&sums).scale(2.0))
}

/// `p_j = Perm(b without row j)` for a `k × (k−1)` matrix `b`.
pub(crate) fn sub_permanents(b: &Matrix, threads: usize, kernel: Verified, ctl: &dyn Control) -> Result<Vec<C64>> {
    debug_assert!(b.rows == b.cols + 1);
    let Some((plan, kernel)) = plan_for(b, kernel, sub_layout) else {
        return Ok(small::sub_permanents(b));
    };
    let k = plan.rows;
    let per_block = run_blocks(
        plan.blocks,
        threads,
        ctl,
        || Workspace::new(&plan, true),
        |ws, block| {
            plan.fill_block(block, ws.h.as_mut_slice(), &mut ws.signs);
            ws.acc.as_mut_slice().fill(0.0);
            sub_block(kernel, &plan, ws);
            (0..k).map(|j| plan.signed_lane_sum(ws.acc.as_slice(), j, &ws.signs)).collect::<Vec<C64>>()
        },
    )?;
    Ok((0..k).map(|j| pairwise_sum(&per_block.iter().map(|p| p[j]).collect::<Vec<_>>()).scale(2.0)).collect())
}
