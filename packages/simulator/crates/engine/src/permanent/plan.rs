//! How Glynn's sum is cut into SIMD-friendly blocks.
//!
//! Glynn's formula for a matrix with `rows` rows and `cols` columns sums, over sign vectors `δ` with `δ_0 = +1`,
//! the term `(Π_c δ_c) · Π_i v_i(δ)` where `v_i(δ) = Σ_c δ_c B[i, c]` and `B = A / 2` (halving keeps the
//! products in range; the permanent is then `2 · Σ`). The free signs `δ_1 … δ_{cols-1}` are split in two:
//!
//! * the **inner** signs `δ_1 … δ_inner` are walked by a reflected Gray code, so consecutive terms differ by
//!   one column: `v += ±A[:, c]`;
//! * the **outer** signs are fixed per SIMD lane: lane `ℓ` of block `b` takes the outer sign pattern
//!   `b · lanes + ℓ`.
//!
//! Because the Gray walk is the same in every lane, each row sum is `v_i = H_i[lane] + L_i(step)`, with `H`
//! constant over the block (one vector per row) and `L` shared by all lanes (one broadcast per row). The sign of
//! the inner part of step `s` is `(-1)^s`, and the outer part is a per-lane constant applied after the block.
//! Every block restarts from exact sums, so rounding drift in `L` only spans `2^inner` steps.

use crate::complex::C64;
use crate::matrix::Matrix;

/// Fewest inner Gray bits worth a SIMD block; below that the scalar walk is used.
pub(crate) const MIN_INNER_BITS: u32 = 4;

/// The block decomposition of one Glynn sum (a permanent, or the `k` sub-permanents of a `k × (k−1)` matrix).
pub(crate) struct GrayPlan {
    /// Rows of the matrix (`n` for a permanent, `k` for sub-permanents).
    pub rows: usize,
    /// `rows` rounded up to a multiple of 8, the stride of `deltas_*` and the length of `l0_*`.
    pub rpad: usize,
    /// Number of Gray-walked columns; a block runs `2^inner_bits` steps.
    pub inner_bits: u32,
    /// Sign patterns handled side by side in one block (a power of two).
    pub lanes: usize,
    /// SIMD width of the block layout: row `i`, lane `ℓ = g·width + w` sits at `(i·lanes/width + g)·2·width + w`
    /// for the real part and `width` further for the imaginary part (one row spans `2·lanes` doubles).
    pub width: usize,
    /// Number of blocks (`2^(outer bits) / lanes`).
    pub blocks: usize,
    /// `deltas_*[(2t + dir)·rpad + i]`: the change of `v_i` when inner column `t` flips; `dir = 0` is `+1 → −1`
    /// (`−A[i, c]`), `dir = 1` is `−1 → +1` (`+A[i, c]`). Padding rows are zero.
    pub deltas_re: Vec<f64>,
    pub deltas_im: Vec<f64>,
    /// `L` at step 0 (all inner signs `+1`): `Σ_{inner c} B[i, c]`. Padding rows are zero.
    pub l0_re: Vec<f64>,
    pub l0_im: Vec<f64>,
    /// `B = A / 2`, the matrix the row sums are built from.
    half: Matrix,
}

impl GrayPlan {
    /// Plans the Glynn sum of `a` (`rows × cols`, `cols ≥ 1`) for blocks of `lanes` lanes laid out with SIMD
    /// `width`. Returns `None` when there are too few free columns for such blocks (use the scalar walk).
    pub fn new(a: &Matrix, lanes: usize, width: usize) -> Option<GrayPlan> {
        debug_assert!(lanes.is_power_of_two() && width.is_power_of_two() && lanes.is_multiple_of(width));
        let free = a.cols.checked_sub(1)? as u32;
        let lane_bits = lanes.trailing_zeros();
        let avail = free.checked_sub(lane_bits)?;
        if avail < MIN_INNER_BITS {
            return None;
        }
        // Up to 256 blocks (enough to balance threads and to poll for cancellation often), but at least 2^10
        // steps per block so the per-block setup stays a small fraction of the work.
        let inner_bits = avail.saturating_sub(8).max(avail.min(10));
        let blocks = 1usize << (avail - inner_bits);
        let rows = a.rows;
        let rpad = rows.div_ceil(8) * 8;
        let half = Matrix::from_fn(a.rows, a.cols, |r, c| a.get(r, c).scale(0.5));
        let inner = inner_bits as usize;
        let mut deltas_re = vec![0.0; 2 * inner * rpad];
        let mut deltas_im = vec![0.0; 2 * inner * rpad];
        let mut l0_re = vec![0.0; rpad];
        let mut l0_im = vec![0.0; rpad];
        for t in 0..inner {
            let c = 1 + t;
            for i in 0..rows {
                let x = a.get(i, c);
                deltas_re[2 * t * rpad + i] = -x.re;
                deltas_im[2 * t * rpad + i] = -x.im;
                deltas_re[(2 * t + 1) * rpad + i] = x.re;
                deltas_im[(2 * t + 1) * rpad + i] = x.im;
                let h = half.get(i, c);
                l0_re[i] += h.re;
                l0_im[i] += h.im;
            }
        }
        Some(GrayPlan { rows, rpad, inner_bits, lanes, width, blocks, deltas_re, deltas_im, l0_re, l0_im, half })
    }

    /// Doubles in one block-layout buffer (`H`, suffix products, accumulators).
    pub fn block_len(&self) -> usize {
        self.rows * 2 * self.lanes
    }

    /// Offset of lane `lane`'s real part in row `row` of the block layout.
    #[inline]
    pub fn lane_offset(&self, row: usize, lane: usize) -> usize {
        let (g, w) = (lane / self.width, lane % self.width);
        (row * (self.lanes / self.width) + g) * 2 * self.width + w
    }

    /// Fills `h` (block layout) with the outer part of each lane's row sums for block `block`, and `signs` with
    /// each lane's outer sign `Π δ_outer`.
    pub fn fill_block(&self, block: usize, h: &mut [f64], signs: &mut [f64]) {
        assert!(h.len() >= self.block_len() && signs.len() >= self.lanes);
        let first_outer = 1 + self.inner_bits as usize;
        for (lane, sign) in signs.iter_mut().enumerate().take(self.lanes) {
            let pattern = block * self.lanes + lane;
            let outer_bits = (self.half.cols - first_outer) as u32;
            let flips = (pattern as u64 & ((1u64 << outer_bits) - 1)).count_ones();
            *sign = if flips.is_multiple_of(2) { 1.0 } else { -1.0 };
            for i in 0..self.rows {
                let row = self.half.row(i);
                let mut v = row[0];
                for (q, &b) in row[first_outer..].iter().enumerate() {
                    if pattern >> q & 1 == 1 {
                        v -= b;
                    } else {
                        v += b;
                    }
                }
                let o = self.lane_offset(i, lane);
                h[o] = v.re;
                h[o + self.width] = v.im;
            }
        }
    }

    /// `Σ_ℓ signs[ℓ] · z_ℓ` over the lanes of row `row` of a block-layout buffer.
    pub fn signed_lane_sum(&self, buf: &[f64], row: usize, signs: &[f64]) -> C64 {
        let mut s = C64::ZERO;
        for (lane, &sign) in signs.iter().enumerate().take(self.lanes) {
            let o = self.lane_offset(row, lane);
            s += C64::new(buf[o], buf[o + self.width]).scale(sign);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn blocks_and_lanes_cover_every_free_sign_pattern_once() {
        let a = Matrix::random_gaussian(20, 20, &mut Rng::seed_from_u64(1));
        let plan = GrayPlan::new(&a, 32, 8).unwrap();
        let total_bits = plan.inner_bits + plan.lanes.trailing_zeros() + plan.blocks.trailing_zeros();
        assert_eq!(total_bits, 19);
        assert!(plan.inner_bits >= 10);
    }

    #[test]
    fn too_few_columns_for_a_block_fall_back_to_the_scalar_walk() {
        let a = Matrix::identity(8);
        assert!(GrayPlan::new(&a, 32, 8).is_none());
        assert!(GrayPlan::new(&Matrix::new(3, 0), 8, 8).is_none());
    }

    #[test]
    fn lane_row_sums_match_their_sign_pattern() {
        let a = Matrix::random_gaussian(14, 14, &mut Rng::seed_from_u64(2));
        let plan = GrayPlan::new(&a, 16, 4).unwrap();
        let mut h = vec![0.0; plan.block_len()];
        let mut signs = vec![0.0; plan.lanes];
        let block = plan.blocks - 1;
        plan.fill_block(block, &mut h, &mut signs);
        let lane = 5;
        let pattern = block * plan.lanes + lane;
        let first_outer = 1 + plan.inner_bits as usize;
        for i in 0..14 {
            let mut v = a.get(i, 0).scale(0.5);
            for c in first_outer..14 {
                let d = if pattern >> (c - first_outer) & 1 == 1 { -0.5 } else { 0.5 };
                v += a.get(i, c).scale(d);
            }
            let o = plan.lane_offset(i, lane);
            assert!((C64::new(h[o], h[o + 4]) - v).abs() < 1e-15);
        }
        let flips = (pattern as u64).count_ones();
        assert_eq!(signs[lane], if flips.is_multiple_of(2) { 1.0 } else { -1.0 });
    }
}
