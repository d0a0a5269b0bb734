//! Slow, independent permanents for cross-checking the fast ones: the definition itself (a sum over all `n!`
//! permutations) and Ryser's inclusion–exclusion formula. Neither shares code with Glynn's.

use crate::complex::C64;
use crate::matrix::Matrix;

/// `Σ_σ Π_i A[i, σ(i)]` over all permutations; `O(n · n!)`, for `n ≤ 10` or so. Panics if `a` is not square.
pub fn brute_force(a: &Matrix) -> C64 {
    assert!(a.is_square(), "the permanent needs a square matrix");
    fn expand(a: &Matrix, row: usize, used: &mut [bool], partial: C64, total: &mut C64) {
        if row == a.rows {
            *total += partial;
            return;
        }
        for c in 0..a.cols {
            if !used[c] {
                used[c] = true;
                expand(a, row + 1, used, partial * a.get(row, c), total);
                used[c] = false;
            }
        }
    }
    let mut total = C64::ZERO;
    expand(a, 0, &mut vec![false; a.cols], C64::ONE, &mut total);
    total
}

/// Neumaier's compensated running sum: the error stays near one rounding of the final total instead of growing
/// with the number and size of the cancelling terms.
struct CompensatedSum {
    sum: f64,
    carry: f64,
}

impl CompensatedSum {
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        self.carry += if self.sum.abs() >= x.abs() { (self.sum - t) + x } else { (x - t) + self.sum };
        self.sum = t;
    }

    fn value(&self) -> f64 {
        self.sum + self.carry
    }
}

/// Ryser: `Perm(A) = (−1)^n Σ_{S ⊆ columns} (−1)^{|S|} Π_i Σ_{j∈S} A[i, j]`, walking the subsets by a Gray code and
/// summing the `2^n` cancelling terms with compensation; `O(n · 2^n)`. Panics if `a` is not square.
pub fn ryser(a: &Matrix) -> C64 {
    assert!(a.is_square(), "the permanent needs a square matrix");
    let n = a.rows;
    if n == 0 {
        return C64::ONE;
    }
    let mut sums = vec![C64::ZERO; n];
    let mut re = CompensatedSum { sum: 0.0, carry: 0.0 };
    let mut im = CompensatedSum { sum: 0.0, carry: 0.0 };
    let mut gray: u64 = 0;
    for s in 1..1u64 << n {
        let j = s.trailing_zeros() as usize;
        gray ^= 1 << j;
        let adding = gray >> j & 1 == 1;
        for (i, x) in sums.iter_mut().enumerate() {
            if adding {
                *x += a.get(i, j);
            } else {
                *x -= a.get(i, j);
            }
        }
        let mut p = sums.iter().fold(C64::ONE, |p, x| p * *x);
        if !(n as u32 - gray.count_ones()).is_multiple_of(2) {
            p = -p;
        }
        re.add(p.re);
        im.add(p.im);
    }
    C64::new(re.value(), im.value())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn the_definition_and_ryser_agree() {
        let mut rng = Rng::seed_from_u64(8);
        for n in 0..=7 {
            let a = Matrix::random_gaussian(n, n, &mut rng);
            let (x, y) = (brute_force(&a), ryser(&a));
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "n={n}: {x:?} vs {y:?}");
        }
    }

    #[test]
    fn ones_matrices_count_permutations() {
        let ones = Matrix::from_fn(6, 6, |_, _| C64::ONE);
        assert_eq!(brute_force(&ones), C64::new(720.0, 0.0));
        assert_eq!(ryser(&ones), C64::new(720.0, 0.0));
    }
}
