//! Closed-form physics the engine must reproduce: Hong–Ou–Mandel, bunching, the Fourier suppression law, and the
//! agreement of the two strong backends on random interferometers.

mod common;

use bosonic_engine::fock::FockIter;
use bosonic_engine::matrix::Matrix;
use bosonic_engine::pipeline::probs;
use bosonic_engine::request::{Backend, CircuitSpec, DistributionStorage, Element};
use bosonic_engine::rng::Rng;
use bosonic_engine::{Silent, C64};
use common::*;
use std::f64::consts::PI;

fn unitary_circuit(u: Matrix) -> CircuitSpec {
    CircuitSpec { m: u.rows, elements: vec![Element::Unitary { first_mode: 0, matrix: u }] }
}

#[test]
fn hom_dip_no_coincidence_behind_any_balanced_splitter() {
    for u in [bs(), bs_h(PI / 2.0), bs_rx(PI / 2.0)] {
        let d = probs(&request(circuit(2, vec![(0, u)]), &[1, 1]), &Silent).unwrap();
        close(prob(&d, &[1, 1]), 0.0);
        close(prob(&d, &[2, 0]) + prob(&d, &[0, 2]), 1.0);
    }
    // Away from balance the coincidence probability is (R − T)² = cos²θ for reflectivity R = cos²(θ/2).
    for theta in [0.3, 1.0, 2.0] {
        let d = probs(&request(circuit(2, vec![(0, bs_h(theta))]), &[1, 1]), &Silent).unwrap();
        close(prob(&d, &[1, 1]), theta.cos().powi(2));
    }
}

#[test]
fn a_hom_dip_is_an_exact_zero_and_perfs_never_exceed_one() {
    // The arithmetic leaves about 5e-32 on |1,1> and sums the block to 1 + 1 ulp; neither is physics.
    let d = probs(&request(circuit(2, vec![(0, bs_h(PI / 2.0))]), &[1, 1]), &Silent).unwrap();
    assert_eq!(prob(&d, &[1, 1]), 0.0);
    assert!(d.global_perf <= 1.0 && d.physical_perf <= 1.0 && d.logical_perf <= 1.0);
    close(d.global_perf, 1.0);
}

/// The m-mode Fourier interferometer `U[j,k] = ω^{jk}/√m`.
fn fourier(m: usize) -> Matrix {
    let mut u = Matrix::new(m, m);
    for j in 0..m {
        for k in 0..m {
            u.set(j, k, C64::cis(2.0 * PI * (j * k) as f64 / m as f64) * (1.0 / (m as f64).sqrt()));
        }
    }
    u
}

#[test]
fn fourier_suppression_law_for_one_photon_per_mode() {
    // With |1,…,1> into an m-mode Fourier interferometer, outputs with Σ_j j·t_j ≢ 0 (mod m) never occur.
    for m in [2usize, 3, 4, 5, 6] {
        let d = probs(&request(unitary_circuit(fourier(m)), &vec![1u8; m]), &Silent).unwrap();
        let DistributionStorage::Dense { n, probs: p } = &d.storage else { panic!("dense result expected") };
        let mut allowed_mass = 0.0;
        for (t, &pt) in FockIter::new(*n, m).zip(p) {
            let q: usize = t.iter().enumerate().map(|(j, &k)| j * k as usize).sum();
            if !q.is_multiple_of(m) {
                assert!(pt < 1e-12, "m={m}: forbidden output {t:?} has probability {pt}");
            } else {
                allowed_mass += pt;
            }
        }
        close(allowed_mass, 1.0);
    }
}

#[test]
fn bunching_of_n_photons_into_one_mode_of_a_fourier_interferometer() {
    // |⟨m,0,…,0|U|1,…,1⟩|² = m!·Π_k |U[0,k]|² = m!/m^m.
    for m in [2usize, 3, 4, 5] {
        let d = probs(&request(unitary_circuit(fourier(m)), &vec![1u8; m]), &Silent).unwrap();
        let mut all_in_zero = vec![0u8; m];
        all_in_zero[0] = m as u8;
        let factorial: f64 = (1..=m).map(|x| x as f64).product();
        close(prob(&d, &all_in_zero), factorial / (m as f64).powi(m as i32));
    }
}

#[test]
fn slos_and_naive_agree_on_haar_random_interferometers() {
    let mut rng = Rng::seed_from_u64(2024);
    for n in 4..=6usize {
        let m = n + 2;
        let u = Matrix::random_haar(m, &mut rng);
        let mut input = vec![0u8; m];
        for i in 0..n {
            input[(i * 2) % m] += 1;
        }
        let mut req = request(unitary_circuit(u), &input);
        let slos = probs(&req, &Silent).unwrap();
        req.backend = Backend::Naive;
        let naive = probs(&req, &Silent).unwrap();
        let (DistributionStorage::Dense { probs: a, .. }, DistributionStorage::Dense { probs: b, .. }) =
            (&slos.storage, &naive.storage)
        else {
            panic!("dense results expected")
        };
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-12, "n={n}: {x} vs {y}");
        }
        close(a.iter().sum(), 1.0);
    }
}
