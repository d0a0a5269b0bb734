//! docs/reference-values.md #1–#6: single Fock inputs through small circuits, with both strong backends.

mod common;

use bosonic_engine::pipeline::{evolve, prob_amplitude, probs};
use bosonic_engine::request::{Backend, Request};
use bosonic_engine::Silent;
use common::*;
use std::f64::consts::PI;

fn both_backends(req: Request, check: impl Fn(&bosonic_engine::request::Distribution)) {
    for backend in [Backend::Slos, Backend::Naive] {
        let mut r = req.clone();
        r.backend = backend;
        let d = probs(&r, &Silent).unwrap();
        check(&d);
        close(d.global_perf, 1.0);
    }
}

#[test]
fn case_1_hom_amplitudes_probabilities_and_evolve() {
    let req = request(circuit(2, vec![(0, bs_h(PI / 2.0))]), &[1, 1]);
    let h = std::f64::consts::FRAC_1_SQRT_2;
    close_c(prob_amplitude(&req, &[2, 0]).unwrap(), c(h, 0.0));
    close_c(prob_amplitude(&req, &[0, 2]).unwrap(), c(-h, 0.0));
    close_c(prob_amplitude(&req, &[1, 1]).unwrap(), c(0.0, 0.0));
    both_backends(req.clone(), |d| {
        close(prob(d, &[2, 0]), 0.5);
        close(prob(d, &[1, 1]), 0.0);
        close(prob(d, &[0, 2]), 0.5);
    });
    let sv = evolve(&req).unwrap();
    assert_eq!(sv.terms.len(), 2);
    assert_eq!(sv.terms[0].1, untagged(&[2, 0]));
    close_c(sv.terms[0].0, c(h, 0.0));
    assert_eq!(sv.terms[1].1, untagged(&[0, 2]));
    close_c(sv.terms[1].0, c(-h, 0.0));
}

#[test]
fn case_2_two_photons_in_one_input_of_a_balanced_splitter() {
    both_backends(request(circuit(2, vec![(0, bs_h(PI / 2.0))]), &[2, 0]), |d| {
        close(prob(d, &[2, 0]), 0.25);
        close(prob(d, &[1, 1]), 0.5);
        close(prob(d, &[0, 2]), 0.25);
    });
}

#[test]
fn case_3_and_4_unbalanced_splitter() {
    let circ = circuit(2, vec![(0, bs_h(2.0 * PI / 3.0))]);
    both_backends(request(circ.clone(), &[2, 0]), |d| {
        close(prob(d, &[2, 0]), 0.0625);
        close(prob(d, &[1, 1]), 0.375);
        close(prob(d, &[0, 2]), 0.5625);
    });
    both_backends(request(circ, &[1, 0]), |d| {
        close(prob(d, &[1, 0]), 0.25);
        close(prob(d, &[0, 1]), 0.75);
    });
}

#[test]
fn case_5_three_mode_circuit() {
    let circ = circuit(3, vec![(0, bs_h(PI / 2.0)), (1, ps(PI / 4.0)), (1, bs_h(PI / 2.0))]);
    both_backends(request(circ, &[0, 1, 1]), |d| {
        for s in [[1, 1, 0], [1, 0, 1], [0, 2, 0], [0, 0, 2]] {
            close(prob(d, &s), 0.25);
        }
        close(prob(d, &[0, 1, 1]), 0.0);
        close(prob(d, &[2, 0, 0]), 0.0);
    });
}

#[test]
fn case_6_five_photons_through_an_rx_splitter() {
    both_backends(request(circuit(2, vec![(0, bs())]), &[2, 3]), |d| {
        close(prob(d, &[5, 0]), 0.3125);
        close(prob(d, &[4, 1]), 0.0625);
        close(prob(d, &[3, 2]), 0.125);
        close(prob(d, &[2, 3]), 0.125);
        close(prob(d, &[1, 4]), 0.0625);
        close(prob(d, &[0, 5]), 0.3125);
    });
}
