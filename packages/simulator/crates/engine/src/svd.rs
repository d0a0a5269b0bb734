//! Singular value decomposition of small dense complex matrices by one-sided Jacobi rotations (Hestenes): the
//! columns are rotated pairwise until they are orthogonal; their norms are the singular values. Accurate to
//! rounding for the sizes the MPS backend meets (a few hundred), and simple enough to trust.

use crate::complex::C64;

/// `A = U · diag(s) · Vh`, singular values in decreasing order; `U` is `rows × k` and `Vh` is `k × cols`, both
/// row-major, with `k = min(rows, cols)`.
pub struct Svd {
    pub k: usize,
    pub u: Vec<C64>,
    pub s: Vec<f64>,
    pub vh: Vec<C64>,
}

/// Sweeps at most; convergence is quadratic, so a dozen sweeps is the usual count.
const MAX_SWEEPS: usize = 60;

/// Columns closer to orthogonal than this (relative) are left alone.
const TOLERANCE: f64 = 1e-15;

/// The SVD of the `rows × cols` row-major matrix `a`.
pub fn svd(a: &[C64], rows: usize, cols: usize) -> Svd {
    debug_assert_eq!(a.len(), rows * cols);
    if cols <= rows {
        let columns: Vec<Vec<C64>> = (0..cols).map(|c| (0..rows).map(|r| a[r * cols + c]).collect()).collect();
        let (w, v, s, order) = jacobi(columns, rows);
        let k = cols;
        let mut u = vec![C64::ZERO; rows * k];
        let mut vh = vec![C64::ZERO; k * cols];
        for (j, &col) in order.iter().enumerate() {
            let sigma = s[col];
            for r in 0..rows {
                u[r * k + j] = if sigma > 0.0 { w[col][r] / sigma } else { C64::ZERO };
            }
            for c in 0..cols {
                vh[j * cols + c] = v[col][c].conj();
            }
        }
        let s = order.iter().map(|&c| s[c]).collect();
        Svd { k, u, s, vh }
    } else {
        // A = (A^H)^H: decompose the conjugate transpose, which has fewer columns than rows.
        let mut ah = vec![C64::ZERO; rows * cols];
        for r in 0..rows {
            for c in 0..cols {
                ah[c * rows + r] = a[r * cols + c].conj();
            }
        }
        let b = svd(&ah, cols, rows);
        let k = b.k;
        // A = Vb · Σ · Ub^H.
        let mut u = vec![C64::ZERO; rows * k];
        for j in 0..k {
            for r in 0..rows {
                u[r * k + j] = b.vh[j * rows + r].conj();
            }
        }
        let mut vh = vec![C64::ZERO; k * cols];
        for j in 0..k {
            for c in 0..cols {
                vh[j * cols + c] = b.u[c * k + j].conj();
            }
        }
        Svd { k, u, s: b.s, vh }
    }
}

/// Orthogonalizes the columns (each of length `rows`) by rotations, applying the same rotations to `V = I`. Returns
/// the rotated columns, `V`'s columns, the column norms and the column order by decreasing norm.
fn jacobi(mut w: Vec<Vec<C64>>, rows: usize) -> (Vec<Vec<C64>>, Vec<Vec<C64>>, Vec<f64>, Vec<usize>) {
    let n = w.len();
    let mut v: Vec<Vec<C64>> = (0..n)
        .map(|j| {
            let mut col = vec![C64::ZERO; n];
            col[j] = C64::ONE;
            col
        })
        .collect();
    let norm2 = |x: &[C64]| x.iter().map(|z| z.norm_sqr()).sum::<f64>();
    for _ in 0..MAX_SWEEPS {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let alpha = norm2(&w[p]);
                let beta = norm2(&w[q]);
                let gamma = w[p].iter().zip(&w[q]).fold(C64::ZERO, |acc, (x, y)| acc + x.conj() * *y);
                let g = gamma.abs();
                if g <= TOLERANCE * (alpha * beta).sqrt() || g == 0.0 {
                    continue;
                }
                rotated = true;
                // With b = e^{−iφ}·a_q the inner product is real, and a real rotation makes the pair orthogonal.
                let phase = gamma / g;
                let zeta = (beta - alpha) / (2.0 * g);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let t = if zeta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                let conj_phase = phase.conj();
                for r in 0..rows {
                    let x = w[p][r];
                    let y = w[q][r] * conj_phase;
                    w[p][r] = x * c - y * s;
                    w[q][r] = x * s + y * c;
                }
                for r in 0..n {
                    let x = v[p][r];
                    let y = v[q][r] * conj_phase;
                    v[p][r] = x * c - y * s;
                    v[q][r] = x * s + y * c;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let s: Vec<f64> = w.iter().map(|col| norm2(col).sqrt()).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| s[b].total_cmp(&s[a]));
    (w, v, s, order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn check(rows: usize, cols: usize, seed: u64) {
        let mut rng = Rng::seed_from_u64(seed);
        let a: Vec<C64> = (0..rows * cols).map(|_| C64::new(rng.normal(), rng.normal())).collect();
        let d = svd(&a, rows, cols);
        assert!(d.s.windows(2).all(|w| w[0] >= w[1]));
        for r in 0..rows {
            for c in 0..cols {
                let mut x = C64::ZERO;
                for j in 0..d.k {
                    x += d.u[r * d.k + j] * d.vh[j * cols + c] * d.s[j];
                }
                assert!((x - a[r * cols + c]).abs() < 1e-12, "{rows}×{cols} at ({r},{c})");
            }
        }
        // U has orthonormal columns.
        for i in 0..d.k {
            for j in 0..d.k {
                let dot = (0..rows).fold(C64::ZERO, |acc, r| acc + d.u[r * d.k + i].conj() * d.u[r * d.k + j]);
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((dot - C64::new(expected, 0.0)).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn reconstructs_random_matrices_of_every_shape() {
        for (rows, cols, seed) in [(1, 1, 1), (5, 3, 2), (3, 5, 3), (12, 12, 4), (30, 17, 5)] {
            check(rows, cols, seed);
        }
    }

    #[test]
    fn a_rank_one_matrix_has_one_nonzero_singular_value() {
        let x = [C64::new(1.0, 0.5), C64::new(-0.3, 0.2), C64::new(0.0, 1.0)];
        let y = [C64::new(0.2, 0.0), C64::new(0.7, -0.1)];
        let a: Vec<C64> = x.iter().flat_map(|&p| y.iter().map(move |&q| p * q)).collect();
        let d = svd(&a, 3, 2);
        assert!(d.s[1] < 1e-14 && d.s[0] > 0.5);
    }
}
