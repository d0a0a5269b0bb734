//! Shared helpers of the engine's integration tests: Perceval's components (docs/conventions.md) as matrices,
//! request builders, and lookups in results.
#![allow(dead_code)]

use bosonic_engine::matrix::Matrix;
use bosonic_engine::request::{
    Backend, CircuitSpec, Distribution, DistributionStorage, Element, InputSpec, Request, StateVectorSpec,
    TaggedPhoton, TaggedState,
};
use bosonic_engine::{fock, C64};
use std::f64::consts::PI;

pub const TOL: f64 = 1e-9;

/// False-failure rate of each statistical assertion: a correct sampler fails one with at most this probability.
pub const ALPHA: f64 = 1e-6;

/// Largest deviation of a frequency over `n` independent draws from its probability `p` that occurs with
/// probability at most [`ALPHA`] (Bernstein's inequality, two-sided).
pub fn proportion_tolerance(p: f64, n: usize) -> f64 {
    let log = (2.0 / ALPHA).ln();
    let n = n as f64;
    (2.0 * p * (1.0 - p) * log / n).sqrt() + 2.0 * log / (3.0 * n)
}

/// Largest total variation distance between the empirical distribution of `n` draws and the true one, over
/// `outcomes` possible outcomes, that occurs with probability at most [`ALPHA`]: its mean is at most
/// ½·√(outcomes/n) (Cauchy–Schwarz), and one draw moves it by at most 1/n (`McDiarmid`'s inequality).
pub fn tvd_tolerance(n: usize, outcomes: usize) -> f64 {
    let n = n as f64;
    0.5 * (outcomes as f64 / n).sqrt() + ((1.0 / ALPHA).ln() / (2.0 * n)).sqrt()
}

pub fn c(re: f64, im: f64) -> C64 {
    C64::new(re, im)
}

fn m2(a: C64, b: C64, cc: C64, d: C64) -> Matrix {
    Matrix { rows: 2, cols: 2, data: vec![a, b, cc, d] }
}

/// `BS.H(theta)`: `[[c, s], [s, −c]]` with `c = cos(θ/2)`, `s = sin(θ/2)`.
pub fn bs_h(theta: f64) -> Matrix {
    let (co, si) = ((theta / 2.0).cos(), (theta / 2.0).sin());
    m2(c(co, 0.0), c(si, 0.0), c(si, 0.0), c(-co, 0.0))
}

/// `BS.Rx(theta)` (Perceval's default `BS()`): `[[c, i·s], [i·s, c]]`.
pub fn bs_rx(theta: f64) -> Matrix {
    let (co, si) = ((theta / 2.0).cos(), (theta / 2.0).sin());
    m2(c(co, 0.0), c(0.0, si), c(0.0, si), c(co, 0.0))
}

/// `BS()`: 50:50, Rx convention.
pub fn bs() -> Matrix {
    bs_rx(PI / 2.0)
}

pub fn r_to_theta(r: f64) -> f64 {
    2.0 * r.sqrt().acos()
}

/// `PS(phi)`.
pub fn ps(phi: f64) -> Matrix {
    Matrix { rows: 1, cols: 1, data: vec![C64::cis(phi)] }
}

/// `PERM(perm)`: input mode `i` goes to output mode `perm[i]`.
pub fn perm(p: &[usize]) -> Matrix {
    let n = p.len();
    let mut m = Matrix::new(n, n);
    for (i, &o) in p.iter().enumerate() {
        m.set(o, i, C64::ONE);
    }
    m
}

/// A circuit from `(first mode, matrix)` elements in application order.
pub fn circuit(m: usize, elements: Vec<(usize, Matrix)>) -> CircuitSpec {
    CircuitSpec {
        m,
        elements: elements.into_iter().map(|(first_mode, matrix)| Element::Unitary { first_mode, matrix }).collect(),
    }
}

/// A SLOS request with a perfect source.
pub fn request(circuit: CircuitSpec, input: &[u8]) -> Request {
    Request::new(Backend::Slos, circuit, input.to_vec())
}

/// A tagged state from `(mode, tag)` photons.
pub fn tagged(m: usize, photons: &[(usize, u32)]) -> TaggedState {
    TaggedState { m, photons: photons.iter().map(|&(mode, tag)| TaggedPhoton { mode, tag }).collect() }
}

pub fn untagged(occupations: &[u8]) -> TaggedState {
    TaggedState::from_occupations(occupations)
}

/// A state-vector input (probability 1).
pub fn state_vector(terms: Vec<(C64, TaggedState)>) -> InputSpec {
    InputSpec::Mixed(vec![(1.0, StateVectorSpec { terms })])
}

/// Probability of `state` in a distribution (0 if absent).
pub fn prob(d: &Distribution, state: &[u8]) -> f64 {
    assert_eq!(state.len(), d.m, "state {state:?} has the wrong number of modes");
    match &d.storage {
        DistributionStorage::Dense { n, probs } => {
            if state.iter().map(|&k| k as usize).sum::<usize>() != *n {
                return 0.0;
            }
            probs[fock::rank(state) as usize]
        }
        DistributionStorage::Sparse { occupations, probs } => {
            occupations.chunks(d.m).zip(probs).find(|(s, _)| *s == state).map_or(0.0, |(_, &p)| p)
        }
    }
}

/// Every `(state, probability)` with a probability above `TOL`.
pub fn support(d: &Distribution) -> Vec<(Vec<u8>, f64)> {
    let mut out = Vec::new();
    match &d.storage {
        DistributionStorage::Dense { n, probs } => {
            for (s, &p) in fock::FockIter::new(*n, d.m).zip(probs) {
                if p > TOL {
                    out.push((s, p));
                }
            }
        }
        DistributionStorage::Sparse { occupations, probs } => {
            for (s, &p) in occupations.chunks(d.m).zip(probs) {
                if p > TOL {
                    out.push((s.to_vec(), p));
                }
            }
        }
    }
    out
}

pub fn total(d: &Distribution) -> f64 {
    match &d.storage {
        DistributionStorage::Dense { probs, .. } | DistributionStorage::Sparse { probs, .. } => probs.iter().sum(),
    }
}

#[track_caller]
pub fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < TOL, "expected {expected}, got {actual}");
}

#[track_caller]
pub fn close_c(actual: C64, expected: C64) {
    assert!((actual - expected).abs() < TOL, "expected {expected:?}, got {actual:?}");
}

/// The 6-mode postprocessed CNOT (Ralph et al.): `BS.H@(2,3) ; CZ ; BS.H@(2,3)` with the CZ
/// `PERM([2,1,3,0])@1 ; BS.H(r_to_theta(1/3))@(0,1),(2,3),(4,5) ; PERM([3,1,0,2])@1`.
pub fn postprocessed_cnot() -> CircuitSpec {
    let third = bs_h(r_to_theta(1.0 / 3.0));
    circuit(
        6,
        vec![
            (2, bs_h(PI / 2.0)),
            (1, perm(&[2, 1, 3, 0])),
            (0, third.clone()),
            (2, third.clone()),
            (4, third),
            (1, perm(&[3, 1, 0, 2])),
            (2, bs_h(PI / 2.0)),
        ],
    )
}
