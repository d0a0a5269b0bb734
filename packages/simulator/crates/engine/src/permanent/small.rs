//! Permanents of matrices too small for SIMD blocks: closed forms up to 3×3, then a scalar Glynn walk over a
//! reflected Gray code (the same sums as the block kernels, one sign pattern at a time).

use crate::complex::C64;
use crate::matrix::Matrix;

/// The permanent of a square matrix with `n ≤ 3` by expansion; `None` for larger ones.
pub(crate) fn closed_form(a: &Matrix) -> Option<C64> {
    let g = |r, c| a.get(r, c);
    match a.rows {
        0 => Some(C64::ONE),
        1 => Some(g(0, 0)),
        2 => Some(g(0, 0) * g(1, 1) + g(0, 1) * g(1, 0)),
        3 => Some(
            g(0, 0) * (g(1, 1) * g(2, 2) + g(1, 2) * g(2, 1))
                + g(0, 1) * (g(1, 0) * g(2, 2) + g(1, 2) * g(2, 0))
                + g(0, 2) * (g(1, 0) * g(2, 1) + g(1, 1) * g(2, 0)),
        ),
        _ => None,
    }
}

/// The row sums `v_i = Σ_c A[i, c] / 2` of the all-`+1` sign pattern.
fn half_row_sums(a: &Matrix) -> Vec<C64> {
    (0..a.rows).map(|i| a.row(i).iter().fold(C64::ZERO, |s, x| s + *x).scale(0.5)).collect()
}

/// Gray step `s > 0` over the free columns `1..`: column `1 + ctz(s)` flips, `+1 → −1` when bit `ctz(s)+1`
/// of `s` is 0.
#[inline]
fn step(a: &Matrix, s: u64, v: &mut [C64]) {
    let t = s.trailing_zeros();
    let c = 1 + t as usize;
    let to_minus = (s >> (t + 1)) & 1 == 0;
    for (i, x) in v.iter_mut().enumerate() {
        let d = a.get(i, c);
        if to_minus {
            *x -= d;
        } else {
            *x += d;
        }
    }
}

/// Glynn's formula walked one sign pattern at a time: `2^{n−1}` terms of `n − 1` products each.
pub(crate) fn glynn(a: &Matrix) -> C64 {
    if let Some(p) = closed_form(a) {
        return p;
    }
    let n = a.rows;
    let mut v = half_row_sums(a);
    let mut total = C64::ZERO;
    for s in 0..1u64 << (n - 1) {
        if s != 0 {
            step(a, s, &mut v);
        }
        // Two interleaved product chains halve the multiply latency on the critical path.
        let (mut even, mut odd) = (v[0], v[1]);
        for pair in v[2..].chunks(2) {
            even *= pair[0];
            if let Some(x) = pair.get(1) {
                odd *= *x;
            }
        }
        let p = even * odd;
        if s & 1 == 0 {
            total += p;
        } else {
            total -= p;
        }
    }
    total.scale(2.0)
}

/// `p_j = Perm(B without row j)` for a `k × (k−1)` matrix, one sign pattern at a time, with prefix and suffix
/// products giving all `k` leave-one-out products of a term in `3k` multiplications.
pub(crate) fn sub_permanents(b: &Matrix) -> Vec<C64> {
    let k = b.rows;
    match k {
        0 => return Vec::new(),
        1 => return vec![C64::ONE],
        2 => return vec![b.get(1, 0), b.get(0, 0)],
        _ => {}
    }
    let mut v = half_row_sums(b);
    let mut suffix = vec![C64::ZERO; k];
    let mut out = vec![C64::ZERO; k];
    for s in 0..1u64 << (b.cols - 1) {
        if s != 0 {
            step(b, s, &mut v);
        }
        let mut p = if s & 1 == 0 { C64::ONE } else { -C64::ONE };
        for i in (0..k).rev() {
            suffix[i] = p;
            p *= v[i];
        }
        let mut q = C64::ONE;
        for j in 0..k {
            out[j] += q * suffix[j];
            q *= v[j];
        }
    }
    out.iter().map(|x| x.scale(2.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real(rows: &[&[f64]]) -> Matrix {
        Matrix::from_rows(&rows.iter().map(|r| r.iter().map(|&x| C64::new(x, 0.0)).collect()).collect::<Vec<_>>())
            .unwrap()
    }

    #[test]
    fn closed_forms_and_the_gray_walk_agree_on_small_integer_matrices() {
        let a = real(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0], &[7.0, 8.0, 9.0]]);
        // perm = 1(45+48) + 2(36+42) + 3(32+35) = 93 + 156 + 201.
        assert_eq!(closed_form(&a), Some(C64::new(450.0, 0.0)));
        assert_eq!(glynn(&a), C64::new(450.0, 0.0));
        let b = real(&[&[1.0, 2.0], &[3.0, 4.0]]);
        assert_eq!(glynn(&b), C64::new(10.0, 0.0));
        assert_eq!(closed_form(&Matrix::new(0, 0)), Some(C64::ONE));
    }

    #[test]
    fn sub_permanents_of_the_reference_three_by_two_matrix() {
        let b = real(&[&[1.0, 2.0], &[3.0, 4.0], &[5.0, 6.0]]);
        assert_eq!(sub_permanents(&b), vec![C64::new(38.0, 0.0), C64::new(16.0, 0.0), C64::new(10.0, 0.0)]);
    }
}
