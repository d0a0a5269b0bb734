//! Dense complex matrices, row-major: unitaries (`U[out, in]`) and the submatrices whose permanents give
//! amplitudes.

use crate::complex::C64;
use crate::error::{EngineError, Result};
use crate::rng::Rng;

/// A dense `rows × cols` complex matrix; element `(r, c)` lives at `data[r * cols + c]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<C64>,
}

impl Matrix {
    /// The `rows × cols` zero matrix.
    pub fn new(rows: usize, cols: usize) -> Matrix {
        Matrix { rows, cols, data: vec![C64::ZERO; rows * cols] }
    }

    /// The `n × n` identity.
    pub fn identity(n: usize) -> Matrix {
        let mut m = Matrix::new(n, n);
        for i in 0..n {
            m.data[i * n + i] = C64::ONE;
        }
        m
    }

    /// Builds a matrix from `f(row, col)`.
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> C64) -> Matrix {
        let mut data = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                data.push(f(r, c));
            }
        }
        Matrix { rows, cols, data }
    }

    /// Builds a matrix from rows of equal length.
    pub fn from_rows(rows: &[Vec<C64>]) -> Result<Matrix> {
        let cols = rows.first().map_or(0, Vec::len);
        if let Some((r, row)) = rows.iter().enumerate().find(|(_, row)| row.len() != cols) {
            return Err(EngineError::validation(
                "matrix",
                format!("row {r} has {} entries but row 0 has {cols}", row.len()),
            ));
        }
        let m = Matrix { rows: rows.len(), cols, data: rows.concat() };
        m.check_finite("matrix")?;
        Ok(m)
    }

    /// Builds a matrix from interleaved `(re, im)` pairs in row-major order, as they cross the Node boundary.
    /// Errors name the field `"matrix"`; see [`Matrix::from_interleaved_field`] to name another one.
    pub fn from_interleaved(rows: usize, cols: usize, values: &[f64]) -> Result<Matrix> {
        Matrix::from_interleaved_field("matrix", rows, cols, values)
    }

    /// [`Matrix::from_interleaved`] reporting errors under `field` (e.g. `"unitary"`).
    pub fn from_interleaved_field(field: &str, rows: usize, cols: usize, values: &[f64]) -> Result<Matrix> {
        let expected = rows.checked_mul(cols).and_then(|n| n.checked_mul(2));
        if expected != Some(values.len()) {
            return Err(EngineError::validation(
                field,
                format!(
                    "a {rows}×{cols} complex matrix needs {} interleaved numbers, got {}",
                    expected.map_or_else(|| "too many".to_string(), |n| n.to_string()),
                    values.len()
                ),
            ));
        }
        let data = values.chunks_exact(2).map(|p| C64::new(p[0], p[1])).collect();
        let m = Matrix { rows, cols, data };
        m.check_finite(field)?;
        Ok(m)
    }

    /// Errors (naming `field`) if any entry is NaN or infinite.
    pub fn check_finite(&self, field: &str) -> Result<()> {
        match self.data.iter().position(|z| !(z.re.is_finite() && z.im.is_finite())) {
            None => Ok(()),
            Some(k) => Err(EngineError::validation(
                field,
                format!("entry ({}, {}) is not a finite number", k / self.cols.max(1), k % self.cols.max(1)),
            )),
        }
    }

    #[inline]
    pub fn get(&self, r: usize, c: usize) -> C64 {
        self.data[r * self.cols + c]
    }

    #[inline]
    pub fn set(&mut self, r: usize, c: usize, v: C64) {
        self.data[r * self.cols + c] = v;
    }

    /// Row `r` as a slice.
    #[inline]
    pub fn row(&self, r: usize) -> &[C64] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    pub fn is_square(&self) -> bool {
        self.rows == self.cols
    }

    /// The matrix product `self · other`. Panics if the inner dimensions differ (a caller bug, not bad input).
    pub fn mul(&self, other: &Matrix) -> Matrix {
        assert_eq!(
            self.cols, other.rows,
            "matrix product of {}×{} by {}×{}",
            self.rows, self.cols, other.rows, other.cols
        );
        let mut out = Matrix::new(self.rows, other.cols);
        for r in 0..self.rows {
            let out_row = &mut out.data[r * other.cols..(r + 1) * other.cols];
            for k in 0..self.cols {
                let a = self.data[r * self.cols + k];
                if a == C64::ZERO {
                    continue;
                }
                for (o, b) in out_row.iter_mut().zip(other.row(k)) {
                    *o += a * *b;
                }
            }
        }
        out
    }

    /// The conjugate transpose `A†`.
    pub fn adjoint(&self) -> Matrix {
        Matrix::from_fn(self.cols, self.rows, |r, c| self.get(c, r).conj())
    }

    /// True if the matrix is square and every entry of `U†U − I` is within `tol` in modulus.
    pub fn is_unitary(&self, tol: f64) -> bool {
        self.is_square() && self.unitarity_error() <= tol
    }

    /// `max |(U†U − I)_{ij}|` (infinite for a non-square matrix).
    pub fn unitarity_error(&self) -> f64 {
        if !self.is_square() {
            return f64::INFINITY;
        }
        let n = self.rows;
        let mut worst: f64 = 0.0;
        for i in 0..n {
            for j in 0..n {
                let mut s = C64::ZERO;
                for k in 0..n {
                    s += self.get(k, i).conj() * self.get(k, j);
                }
                if i == j {
                    s -= C64::ONE;
                }
                worst = worst.max(s.abs());
            }
        }
        worst
    }

    /// `M[r, c] = self[rows[r], cols[c]]`; indices may repeat, which is how several photons in one mode enter a
    /// permanent. Panics on an index out of range.
    pub fn submatrix(&self, rows: &[usize], cols: &[usize]) -> Matrix {
        Matrix::from_fn(rows.len(), cols.len(), |r, c| self.get(rows[r], cols[c]))
    }

    /// A matrix of independent standard complex Gaussians (`E|z|² = 1`).
    pub fn random_gaussian(rows: usize, cols: usize, rng: &mut Rng) -> Matrix {
        let s = std::f64::consts::FRAC_1_SQRT_2;
        Matrix::from_fn(rows, cols, |_, _| C64::new(rng.normal() * s, rng.normal() * s))
    }

    /// A Haar-random `n × n` unitary: QR of a complex Gaussian matrix with `R`'s diagonal made real positive
    /// (Mezzadri 2007). Gram–Schmidt produces that `R` directly; orthogonalising twice keeps `Q` unitary to
    /// rounding error.
    pub fn random_haar(n: usize, rng: &mut Rng) -> Matrix {
        let z = Matrix::random_gaussian(n, n, rng);
        // Work on columns, stored contiguously.
        let mut q: Vec<Vec<C64>> = (0..n).map(|c| (0..n).map(|r| z.get(r, c)).collect()).collect();
        for c in 0..n {
            for _ in 0..2 {
                for p in 0..c {
                    let (done, rest) = q.split_at_mut(c);
                    let qp = &done[p];
                    let proj = qp.iter().zip(rest[0].iter()).fold(C64::ZERO, |acc, (a, b)| acc + a.conj() * *b);
                    for (x, a) in rest[0].iter_mut().zip(qp) {
                        *x -= proj * *a;
                    }
                }
            }
            let norm = q[c].iter().map(|x| x.norm_sqr()).sum::<f64>().sqrt();
            for x in &mut q[c] {
                *x = *x / norm;
            }
        }
        Matrix::from_fn(n, n, |r, c| q[c][r])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleaved_values_fill_rows_first() {
        let m = Matrix::from_interleaved(2, 2, &[1.0, 0.0, 0.0, 1.0, 2.0, 0.0, 0.0, -2.0]).unwrap();
        assert_eq!(m.get(0, 1), C64::I);
        assert_eq!(m.get(1, 0), C64::new(2.0, 0.0));
        assert_eq!(m.get(1, 1), C64::new(0.0, -2.0));
    }

    #[test]
    fn interleaved_input_of_wrong_length_or_not_finite_is_rejected_naming_the_field() {
        let e = Matrix::from_interleaved(2, 2, &[1.0; 7]).unwrap_err();
        assert!(matches!(e, EngineError::Validation { ref field, .. } if field == "matrix"), "{e:?}");
        let e = Matrix::from_interleaved_field("unitary", 1, 1, &[f64::NAN, 0.0]).unwrap_err();
        assert!(matches!(e, EngineError::Validation { ref field, .. } if field == "unitary"), "{e:?}");
        assert!(Matrix::from_rows(&[vec![C64::ONE], vec![]]).is_err());
    }

    #[test]
    fn product_with_identity_is_the_matrix_itself() {
        let mut rng = Rng::seed_from_u64(1);
        let a = Matrix::random_gaussian(3, 4, &mut rng);
        assert_eq!(Matrix::identity(3).mul(&a), a);
        let b = Matrix::from_rows(&[vec![C64::new(1.0, 1.0), C64::ONE], vec![C64::ZERO, C64::I]]).unwrap();
        let bb = b.mul(&b);
        assert_eq!(bb.get(0, 0), C64::new(0.0, 2.0));
        assert_eq!(bb.get(0, 1), C64::new(1.0, 2.0));
        assert_eq!(bb.get(1, 1), C64::new(-1.0, 0.0));
    }

    #[test]
    fn haar_matrices_are_unitary_and_reproducible() {
        let mut rng = Rng::seed_from_u64(7);
        let u = Matrix::random_haar(30, &mut rng);
        assert!(u.is_unitary(1e-13), "error {}", u.unitarity_error());
        assert!(!Matrix::random_gaussian(4, 4, &mut rng).is_unitary(1e-3));
        let again = Matrix::random_haar(30, &mut Rng::seed_from_u64(7));
        assert_eq!(u, again);
    }

    #[test]
    fn submatrix_repeats_rows_and_columns_for_multiple_photons() {
        let a = Matrix::from_fn(3, 3, |r, c| C64::new((r * 3 + c) as f64, 0.0));
        let s = a.submatrix(&[2, 2], &[0, 1]);
        assert_eq!(s.data, vec![C64::new(6.0, 0.0), C64::new(7.0, 0.0), C64::new(6.0, 0.0), C64::new(7.0, 0.0)]);
    }
}
