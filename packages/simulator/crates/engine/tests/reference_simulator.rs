//! docs/reference-values.md #11–#19: distinguishable photons, superpositions, mixed inputs, heralds and noisy
//! sources through the processor pipeline.

mod common;

use bosonic_engine::pipeline::{evolve, prob_amplitude, prob_amplitude_tagged, probs};
use bosonic_engine::request::{Herald, InputSpec, SourceNoise, StateVectorSpec};
use bosonic_engine::Silent;
use common::*;
use std::f64::consts::PI;

#[test]
fn case_11_distinguishable_photons_on_a_splitter() {
    let mut req = request(circuit(2, vec![(0, bs())]), &[1, 1]);
    req.input = state_vector(vec![(c(1.0, 0.0), tagged(2, &[(0, 0), (1, 1)]))]);
    close_c(prob_amplitude_tagged(&req, &tagged(2, &[(0, 0), (0, 1)])).unwrap(), c(0.0, 0.5));
    close_c(prob_amplitude_tagged(&req, &tagged(2, &[(1, 0), (1, 1)])).unwrap(), c(0.0, 0.5));
    close_c(prob_amplitude_tagged(&req, &tagged(2, &[(0, 0), (1, 1)])).unwrap(), c(0.5, 0.0));
    close_c(prob_amplitude_tagged(&req, &tagged(2, &[(0, 1), (1, 0)])).unwrap(), c(-0.5, 0.0));
    close_c(prob_amplitude(&req, &[2, 0]).unwrap(), c(0.0, 0.0));
    let d = probs(&req, &Silent).unwrap();
    close(prob(&d, &[2, 0]), 0.25);
    close(prob(&d, &[0, 2]), 0.25);
    close(prob(&d, &[1, 1]), 0.5);
}

#[test]
fn case_12_two_and_two_photons() {
    let d = probs(&request(circuit(2, vec![(0, bs())]), &[2, 2]), &Silent).unwrap();
    close(prob(&d, &[4, 0]), 0.375);
    close(prob(&d, &[2, 2]), 0.25);
    close(prob(&d, &[0, 4]), 0.375);
    close(prob(&d, &[3, 1]), 0.0);
}

#[test]
fn case_13_superposition_of_distinguishable_and_indistinguishable_pairs() {
    let mut req = request(circuit(2, vec![(0, bs_h(PI / 2.0))]), &[1, 1]);
    req.input = state_vector(vec![(c(1.0, 0.0), tagged(2, &[(0, 0), (1, 1)])), (c(1.0, 0.0), untagged(&[1, 1]))]);
    let d = probs(&req, &Silent).unwrap();
    close(prob(&d, &[2, 0]), 3.0 / 8.0);
    close(prob(&d, &[0, 2]), 3.0 / 8.0);
    close(prob(&d, &[1, 1]), 0.25);
}

#[test]
fn case_14_bosonic_and_fermionic_symmetrisation() {
    let symmetric = |sign: f64| {
        let mut req = request(circuit(2, vec![(0, bs())]), &[1, 1]);
        req.input = state_vector(vec![
            (c(1.0, 0.0), tagged(2, &[(0, 0), (1, 1)])),
            (c(sign, 0.0), tagged(2, &[(0, 1), (1, 0)])),
        ]);
        probs(&req, &Silent).unwrap()
    };
    let bosonic = symmetric(1.0);
    close(prob(&bosonic, &[2, 0]), 0.5);
    close(prob(&bosonic, &[0, 2]), 0.5);
    close(prob(&bosonic, &[1, 1]), 0.0);
    let fermionic = symmetric(-1.0);
    close(prob(&fermionic, &[1, 1]), 1.0);
    assert_eq!(support(&fermionic).len(), 1);
}

#[test]
fn case_15_amplitude_of_a_superposed_input() {
    let mut req = request(circuit(2, vec![(1, ps(PI / 3.0))]), &[2, 0]);
    req.input = state_vector(vec![(c(1.0, 0.0), untagged(&[2, 0])), (c(1.0, 0.0), untagged(&[1, 1]))]);
    let expected = c(2f64.sqrt() / 4.0, 6f64.sqrt() / 4.0);
    close_c(prob_amplitude(&req, &[1, 1]).unwrap(), expected);
    let sv = evolve(&req).unwrap();
    let term = sv.terms.iter().find(|(_, s)| *s == untagged(&[1, 1])).expect("|1,1> in the output");
    close_c(term.0, expected);
}

#[test]
fn case_16_heralds_and_the_physical_filter_of_a_mixed_input() {
    let circ = circuit(4, vec![(0, bs()), (2, bs())]);
    let mut req = request(circ.clone(), &[1, 1, 1, 1]);
    req.heralds = vec![Herald { mode: 1, expected: 0 }, Herald { mode: 3, expected: 0 }];
    req.keep_heralds = true;
    let d = probs(&req, &Silent).unwrap();
    close(d.logical_perf, 0.25);
    assert_eq!(support(&d), vec![(vec![2, 0, 2, 0], 1.0)]);
    req.keep_heralds = false;
    let d = probs(&req, &Silent).unwrap();
    assert_eq!(support(&d), vec![(vec![2, 2], 1.0)]);

    let mut mixed = request(circ, &[1, 1, 1, 1]);
    let sv = |occ: &[u8]| StateVectorSpec { terms: vec![(c(1.0, 0.0), untagged(occ))] };
    mixed.input = InputSpec::Mixed(vec![
        (0.4, sv(&[1, 0, 0, 0])),
        (0.3, sv(&[1, 1, 0, 0])),
        (0.2, sv(&[1, 1, 1, 0])),
        (0.1, sv(&[1, 1, 1, 1])),
    ]);
    mixed.heralds = vec![Herald { mode: 1, expected: 0 }, Herald { mode: 3, expected: 0 }];
    mixed.min_detected_photons = Some(4);
    let d = probs(&mixed, &Silent).unwrap();
    close(d.physical_perf, 0.1);
    close(d.logical_perf, 0.25);
}

#[test]
fn case_18_mixture_of_superpositions() {
    let mut req = request(circuit(2, vec![(0, bs())]), &[1, 0]);
    let sv = |terms: Vec<(bosonic_engine::C64, &[u8])>| StateVectorSpec {
        terms: terms.into_iter().map(|(a, s)| (a, untagged(s))).collect(),
    };
    req.input = InputSpec::Mixed(vec![
        (0.3, sv(vec![(c(1.0, 0.0), &[1, 0]), (c(1.0, 0.0), &[0, 1])])),
        (0.3, sv(vec![(c(1.0, 0.0), &[1, 1]), (c(0.0, 1.0), &[0, 1])])),
        (0.4, sv(vec![(c(1.0, 0.0), &[2, 0]), (c(1.0, 0.0), &[1, 1])])),
    ]);
    let d = probs(&req, &Silent).unwrap();
    for s in [[1, 0], [0, 1], [2, 0], [0, 2]] {
        close(prob(&d, &s), 0.225);
    }
    close(prob(&d, &[1, 1]), 0.1);
    close(d.global_perf, 1.0);
    req.min_detected_photons = Some(2);
    let d = probs(&req, &Silent).unwrap();
    close(d.global_perf, 0.55);
}

#[test]
fn case_19_brightness_through_a_mach_zehnder() {
    let circ = circuit(2, vec![(0, bs()), (0, ps(0.9)), (0, bs())]);
    let noise = SourceNoise { brightness: 0.5, ..SourceNoise::default() };
    let mut req = request(circ.clone(), &[1, 1]);
    req.input = InputSpec::Source { occupations: vec![1, 1], noise };
    req.min_detected_photons = Some(2);
    let d = probs(&req, &Silent).unwrap();
    close(prob(&d, &[1, 1]), 0.38639895265345636);
    close(d.physical_perf, 0.25);
    let mut single = request(circ, &[1, 0]);
    single.input = InputSpec::Source { occupations: vec![1, 0], noise };
    single.min_detected_photons = Some(1);
    close(probs(&single, &Silent).unwrap().physical_perf, 0.5);
}
