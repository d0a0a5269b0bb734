//! Specification of the permanents: the definition, Ryser, closed-form families, kernel and thread invariance.

use super::reference::{brute_force, ryser};
use super::*;
use crate::rng::Rng;

fn rel_err(x: C64, reference: C64) -> f64 {
    (x - reference).abs() / reference.abs()
}

fn assert_close(x: C64, reference: C64, tol: f64, what: &str) {
    let e = rel_err(x, reference);
    assert!(e <= tol, "{what}: {x:?} vs {reference:?} (relative error {e:e})");
}

fn ones(n: usize) -> Matrix {
    Matrix::from_fn(n, n, |_, _| C64::ONE)
}

#[test]
fn every_kernel_matches_the_definition_up_to_seven_photons() {
    let mut rng = Rng::seed_from_u64(1);
    for n in 1..=7 {
        let a = Matrix::random_gaussian(n, n, &mut rng);
        let exact = brute_force(&a);
        for kernel in Kernel::available() {
            assert_close(permanent_with_kernel(&a, 1, kernel).unwrap(), exact, 1e-12, &format!("n={n} {kernel:?}"));
        }
        assert_close(permanent(&a), exact, 1e-12, "default");
    }
}

#[test]
fn every_kernel_matches_ryser_through_the_scalar_and_simd_paths() {
    // Blocks start at n = 8 (portable), 9 (AVX2) and 12 (AVX-512); a kernel hands smaller matrices to narrower
    // blocks, and below n = 8 the scalar walk runs.
    let mut rng = Rng::seed_from_u64(2);
    for n in 8..=16 {
        let a = Matrix::random_gaussian(n, n, &mut rng);
        let exact = ryser(&a);
        for kernel in Kernel::available() {
            for threads in [1, 2] {
                let p = permanent_with_kernel(&a, threads, kernel).unwrap();
                assert_close(p, exact, 1e-10, &format!("n={n} {kernel:?} threads={threads}"));
            }
        }
    }
}

// The AVX-512 kernels run only on a CPU reporting avx512f, which the project's CI machine does not: there these
// tests print that they skipped them (the loops over `Kernel::available()` above would skip them silently).
#[test]
fn the_avx512_permanent_kernel_matches_ryser() {
    if let Some(kernel) = kernel_under_test(Kernel::Avx512, "permanent avx512 permanent_block") {
        permanents_match_ryser(kernel.kernel(), 512);
    }
}

/// `kernel`'s permanents equal Ryser's from n = 8 (the narrower blocks a kernel hands small matrices to) to 16 (its
/// own blocks from 12 for AVX-512), on one and two threads, and a Haar 20×20 one.
fn permanents_match_ryser(kernel: Kernel, seed: u64) {
    let mut rng = Rng::seed_from_u64(seed);
    for n in 8..=16 {
        let a = Matrix::random_gaussian(n, n, &mut rng);
        let exact = ryser(&a);
        for threads in [1, 2] {
            let p = permanent_with_kernel(&a, threads, kernel).unwrap();
            assert_close(p, exact, 1e-10, &format!("n={n} {kernel:?} threads={threads}"));
        }
    }
    let a = Matrix::random_haar(20, &mut rng);
    assert_close(permanent_with_kernel(&a, 2, kernel).unwrap(), ryser(&a), 1e-9, kernel.name());
}

#[test]
fn the_avx512_sub_permanent_kernel_matches_ryser() {
    if let Some(kernel) = kernel_under_test(Kernel::Avx512, "permanent avx512 sub_permanents_block") {
        sub_permanents_match_ryser(kernel.kernel(), 513);
    }
}

/// `kernel`'s permanents with one row left out equal Ryser's, for k ≥ 11 (every kernel's SIMD blocks) and below.
fn sub_permanents_match_ryser(kernel: Kernel, seed: u64) {
    let mut rng = Rng::seed_from_u64(seed);
    for k in [4, 9, 11, 12, 13, 14, 16] {
        let b = Matrix::random_gaussian(k, k - 1, &mut rng);
        let cols: Vec<usize> = (0..k - 1).collect();
        for threads in [1, 2] {
            let got = sub_permanents_with_kernel(&b, threads, kernel).unwrap();
            for (j, &value) in got.iter().enumerate() {
                let rows: Vec<usize> = (0..k).filter(|&r| r != j).collect();
                let expected = ryser(&b.submatrix(&rows, &cols));
                assert_close(value, expected, 1e-10, &format!("k={k} j={j} {kernel:?} threads={threads}"));
            }
        }
    }
}

#[test]
fn haar_permanents_of_twenty_photons_match_ryser_to_1e_9() {
    let a = Matrix::random_haar(20, &mut Rng::seed_from_u64(20));
    let exact = ryser(&a);
    for kernel in Kernel::available() {
        assert_close(permanent_with_kernel(&a, 2, kernel).unwrap(), exact, 1e-9, kernel.name());
    }
}

#[test]
fn identity_has_permanent_one_and_ones_count_permutations() {
    for n in [0, 1, 2, 3, 5, 12, 17] {
        assert_close(permanent(&Matrix::identity(n)), C64::ONE, 1e-15, &format!("I_{n}"));
    }
    let mut factorial = 1.0;
    for n in 1..=20 {
        factorial *= n as f64;
        for kernel in Kernel::available() {
            assert_close(permanent_with_kernel(&ones(n), 0, kernel).unwrap(), C64::new(factorial, 0.0), 1e-12, "ones");
        }
    }
    // The Walrus's anchor: perm(ones(20)) = 20!.
    assert_close(permanent(&ones(20)), C64::new(2.43290200817664e18, 0.0), 1e-12, "ones(20)");
}

#[test]
fn derangements_of_twenty_four_objects() {
    // perm(J − I) counts permutations without fixed points: !24 = 228250211305338670494289.
    let a = Matrix::from_fn(24, 24, |r, c| if r == c { C64::ZERO } else { C64::ONE });
    for kernel in Kernel::available() {
        assert_close(
            permanent_with_kernel(&a, 2, kernel).unwrap(),
            C64::new(2.282_502_113_053_386_7e23, 0.0),
            1e-9,
            kernel.name(),
        );
    }
}

#[test]
fn a_scrambled_block_diagonal_matrix_of_size_twenty_four_factorises() {
    // perm(diag(A1, A2)) = perm(A1)·perm(A2); row and column permutations leave the permanent unchanged and row
    // phases multiply it, so the whole 24×24 computation is checked against two 12×12 Ryser permanents.
    let mut rng = Rng::seed_from_u64(24);
    let a1 = Matrix::random_haar(12, &mut rng);
    let a2 = Matrix::random_haar(12, &mut rng);
    let mut rows: Vec<usize> = (0..24).collect();
    let mut cols: Vec<usize> = (0..24).collect();
    rng.shuffle(&mut rows);
    rng.shuffle(&mut cols);
    let phases: Vec<C64> = (0..24).map(|_| C64::cis(std::f64::consts::TAU * rng.next_f64())).collect();
    let block = |r: usize, c: usize| match (r < 12, c < 12) {
        (true, true) => a1.get(r, c),
        (false, false) => a2.get(r - 12, c - 12),
        _ => C64::ZERO,
    };
    let a = Matrix::from_fn(24, 24, |r, c| block(rows[r], cols[c]) * phases[r]);
    let expected = phases.iter().fold(ryser(&a1) * ryser(&a2), |p, z| p * *z);
    for kernel in Kernel::available() {
        assert_close(permanent_with_kernel(&a, 2, kernel).unwrap(), expected, 1e-9, kernel.name());
    }
}

#[test]
fn kernels_agree_on_a_haar_matrix_of_twenty_four_photons() {
    let a = Matrix::random_haar(24, &mut Rng::seed_from_u64(240));
    let reference = permanent_with_kernel(&a, 2, Kernel::Portable).unwrap();
    for kernel in Kernel::available() {
        assert_close(permanent_with_kernel(&a, 2, kernel).unwrap(), reference, 1e-9, kernel.name());
    }
}

#[test]
fn the_result_does_not_depend_on_the_thread_count() {
    let a = Matrix::random_haar(22, &mut Rng::seed_from_u64(22));
    for kernel in Kernel::available() {
        let one = permanent_with_kernel(&a, 1, kernel).unwrap();
        for threads in [2, 3, 5] {
            assert_eq!(permanent_with_kernel(&a, threads, kernel).unwrap(), one, "{kernel:?} threads={threads}");
        }
    }
    let b = Matrix::random_gaussian(19, 18, &mut Rng::seed_from_u64(19));
    let one = sub_permanents_checked(&b, 1).unwrap();
    assert_eq!(sub_permanents_checked(&b, 2).unwrap(), one);
    assert_eq!(sub_permanents_checked(&b, 3).unwrap(), one);
}

#[test]
fn sub_permanents_of_the_reference_matrix() {
    let b = Matrix::from_fn(3, 2, |r, c| C64::new((2 * r + c + 1) as f64, 0.0));
    let expected = [38.0, 16.0, 10.0].map(|x| C64::new(x, 0.0));
    assert_eq!(sub_permanents(&b), expected);
    for kernel in Kernel::available() {
        assert_eq!(sub_permanents_with_kernel(&b, 1, kernel).unwrap(), expected);
    }
}

#[test]
fn sub_permanents_are_the_permanents_with_one_row_left_out() {
    // k ≥ 11 reaches the SIMD blocks of every kernel.
    let mut rng = Rng::seed_from_u64(3);
    for k in [1, 2, 3, 4, 6, 9, 11, 12, 14, 16] {
        let b = Matrix::random_gaussian(k, k - 1, &mut rng);
        let cols: Vec<usize> = (0..k - 1).collect();
        let expected: Vec<C64> = (0..k)
            .map(|j| {
                let rows: Vec<usize> = (0..k).filter(|&r| r != j).collect();
                ryser(&b.submatrix(&rows, &cols))
            })
            .collect();
        for kernel in Kernel::available() {
            for threads in [1, 2] {
                let got = sub_permanents_with_kernel(&b, threads, kernel).unwrap();
                assert_eq!(got.len(), k);
                for j in 0..k {
                    assert_close(got[j], expected[j], 1e-10, &format!("k={k} j={j} {kernel:?} threads={threads}"));
                }
            }
        }
    }
}

#[test]
fn bad_shapes_are_validation_errors_naming_the_matrix() {
    let is_matrix_error =
        |r: Result<_>| matches!(r, Err(EngineError::Validation { ref field, .. }) if field == "matrix");
    assert!(is_matrix_error(permanent_checked(&Matrix::new(2, 3), 1).map(|_| ())));
    assert!(is_matrix_error(sub_permanents_checked(&Matrix::new(3, 3), 1).map(|_| ())));
    assert!(is_matrix_error(permanent_checked(&Matrix::new(65, 65), 1).map(|_| ())));
    let broken = Matrix { rows: 2, cols: 2, data: vec![C64::ONE; 3] };
    assert!(is_matrix_error(permanent_checked(&broken, 1).map(|_| ())));
    let mut nan = Matrix::identity(2);
    nan.set(0, 1, C64::new(f64::NAN, 0.0));
    assert!(is_matrix_error(permanent_checked(&nan, 1).map(|_| ())));
    assert_eq!(permanent_checked(&Matrix::new(0, 0), 1), Ok(C64::ONE));
    for kernel in Kernel::ALL.into_iter().filter(|k| !k.is_available()) {
        let r = permanent_with_kernel(&Matrix::identity(3), 1, kernel);
        assert!(matches!(r, Err(EngineError::Validation { ref field, .. }) if field == "kernel"));
    }
}

#[test]
#[should_panic(expected = "square")]
fn the_unchecked_entry_refuses_a_rectangular_matrix() {
    permanent(&Matrix::new(2, 3));
}

struct Canceled;
impl Control for Canceled {
    fn progress(&self, _: f64, _: &str) {}
    fn is_canceled(&self) -> bool {
        true
    }
}

#[test]
fn a_canceled_permanent_stops_with_a_canceled_error() {
    let a = Matrix::random_haar(20, &mut Rng::seed_from_u64(4));
    assert_eq!(permanent_with_control(&a, 2, &Canceled), Err(EngineError::Canceled));
    assert!(permanent_with_control(&a, 2, &Silent).is_ok());
}
