//! Bad requests get a typed error naming the field; oversized ones a resource-limit error before any allocation;
//! good ones come back in the documented storage.

mod common;

use bosonic_engine::matrix::Matrix;
use bosonic_engine::pipeline::{evolve, prob_amplitude, probs, samples};
use bosonic_engine::request::{
    Cmp, DetectorSpec, DistributionStorage, Element, Herald, InputSpec, PostSelectExpr, Request, SourceNoise,
    StateVectorSpec,
};
use bosonic_engine::{EngineError, Silent, C64};
use common::*;
use std::f64::consts::PI;

fn hom() -> Request {
    request(circuit(2, vec![(0, bs_h(PI / 2.0))]), &[1, 1])
}

#[track_caller]
fn assert_field(result: Result<impl std::fmt::Debug, EngineError>, expected: &str) {
    match result {
        Err(EngineError::Validation { field, message }) => {
            assert_eq!(field, expected, "message: {message}");
            assert!(!message.is_empty());
        }
        other => panic!("expected a validation error on {expected}, got {other:?}"),
    }
}

#[test]
fn each_bad_field_is_named() {
    let mut r = hom();
    r.input = InputSpec::Source { occupations: vec![1, 1, 0], noise: SourceNoise::default() };
    assert_field(probs(&r, &Silent), "request.input.occupations");

    let mut r = hom();
    r.heralds = vec![Herald { mode: 2, expected: 0 }];
    assert_field(probs(&r, &Silent), "request.heralds[0].mode");

    let mut r = hom();
    r.heralds = vec![Herald { mode: 1, expected: 0 }, Herald { mode: 1, expected: 1 }];
    assert_field(probs(&r, &Silent), "request.heralds");

    let mut r = hom();
    r.circuit.elements.push(Element::Unitary {
        first_mode: 0,
        matrix: Matrix { rows: 2, cols: 2, data: vec![C64::ONE, C64::ONE, C64::ZERO, C64::ONE] },
    });
    assert_field(probs(&r, &Silent), "request.elements[1].matrix");

    let mut r = hom();
    r.circuit.elements.push(Element::Unitary { first_mode: 1, matrix: bs() });
    assert_field(probs(&r, &Silent), "request.elements[1].firstMode");

    let mut r = hom();
    r.detectors = vec![DetectorSpec::Pnr];
    assert_field(probs(&r, &Silent), "request.detectors");

    let mut r = hom();
    r.detectors = vec![DetectorSpec::Pnr, DetectorSpec::Ppnr { wires: Some(2), max_detections: None, efficiency: 0.0 }];
    assert_field(probs(&r, &Silent), "request.detectors[1]");

    let mut r = hom();
    r.post_select = Some(PostSelectExpr::Condition { modes: vec![0, 2], op: Cmp::Eq, value: 1 });
    assert_field(probs(&r, &Silent), "request.postSelect");

    let mut r = hom();
    r.precision = Some(-1.0);
    assert_field(probs(&r, &Silent), "request.precision");

    let mut r = hom();
    r.input =
        InputSpec::Source { occupations: vec![1, 1], noise: SourceNoise { brightness: 2.0, ..SourceNoise::default() } };
    assert_field(probs(&r, &Silent), "request.input.noise.brightness");

    let mut r = hom();
    r.input = InputSpec::Mixed(vec![(f64::NAN, StateVectorSpec { terms: vec![(C64::ONE, untagged(&[1, 1]))] })]);
    assert_field(probs(&r, &Silent), "request.input[0].probability");

    let mut r = hom();
    r.input = state_vector(vec![(C64::ONE, untagged(&[1, 1, 0]))]);
    assert_field(probs(&r, &Silent), "request.input[0].state.terms[0]");

    let mut r = hom();
    r.input = state_vector(vec![(C64::ZERO, untagged(&[1, 1]))]);
    assert_field(samples(&r, 10, None, &Silent), "request.input[0].state");

    let mut r = hom();
    r.min_detected_photons = Some(1_000);
    assert_field(probs(&r, &Silent), "request.minDetectedPhotons");
}

#[test]
fn amplitudes_need_a_pure_input_a_lossless_circuit_and_a_matching_output() {
    let mut r = hom();
    r.input =
        InputSpec::Source { occupations: vec![1, 1], noise: SourceNoise { brightness: 0.9, ..SourceNoise::default() } };
    assert_field(prob_amplitude(&r, &[2, 0]), "request.input.noise");
    assert_field(evolve(&r), "request.input.noise");

    let mut r = hom();
    let sv = StateVectorSpec { terms: vec![(C64::ONE, untagged(&[1, 1]))] };
    r.input = InputSpec::Mixed(vec![(0.5, sv.clone()), (0.5, sv)]);
    assert_field(evolve(&r), "request.input");

    let mut r = hom();
    r.circuit.elements.push(Element::Loss { mode: 0, loss: 0.1 });
    assert_field(prob_amplitude(&r, &[2, 0]), "request.elements");

    assert_field(prob_amplitude(&hom(), &[2, 0, 0]), "output");
}

#[test]
fn amplitudes_accept_outputs_without_the_heralded_modes() {
    let mut r = request(postprocessed_cnot(), &[1, 0, 1, 0, 0, 0]);
    r.heralds = vec![Herald { mode: 4, expected: 0 }, Herald { mode: 5, expected: 0 }];
    let with = prob_amplitude(&r, &[1, 0, 1, 0, 0, 0]).unwrap();
    let without = prob_amplitude(&r, &[1, 0, 1, 0]).unwrap();
    close_c(without, with);
    close(with.norm_sqr(), 1.0 / 9.0);
    // evolve() keeps what the heralds accept, renormalised, on the non-heralded modes.
    let sv = evolve(&r).unwrap();
    assert_eq!(sv.m, 4);
    let norm: f64 = sv.terms.iter().map(|(a, _)| a.norm_sqr()).sum();
    close(norm, 1.0);
}

#[test]
fn oversized_requests_fail_with_a_resource_limit_naming_the_size() {
    let mut r = request(circuit(8, vec![(0, Matrix::identity(8))]), &[1; 8]);
    r.memory_limit_bytes = Some(100_000);
    match probs(&r, &Silent) {
        Err(EngineError::ResourceLimit { required_bytes, limit_bytes, message }) => {
            assert_eq!(limit_bytes, 100_000);
            assert!(required_bytes > 100_000);
            assert!(message.contains("SLOS with 8 photons on 8 modes (6,435 output states)"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // Absurd sizes are refused up front, whatever the limit.
    let mut huge = request(circuit(100, vec![(0, Matrix::identity(100))]), &[1; 100]);
    huge.memory_limit_bytes = None;
    assert!(matches!(probs(&huge, &Silent), Err(EngineError::ResourceLimit { .. })));
    huge.backend = bosonic_engine::request::Backend::Naive;
    assert!(matches!(probs(&huge, &Silent), Err(EngineError::ResourceLimit { .. })));
}

#[test]
fn a_perfect_fock_input_comes_back_dense_heralded_modes_removed() {
    let d = probs(&hom(), &Silent).unwrap();
    assert!(matches!(d.storage, DistributionStorage::Dense { n: 2, ref probs } if probs.len() == 3));

    let mut r = request(postprocessed_cnot(), &[1, 0, 1, 0, 0, 0]);
    r.heralds = vec![Herald { mode: 4, expected: 0 }, Herald { mode: 5, expected: 0 }];
    let d = probs(&r, &Silent).unwrap();
    assert_eq!(d.m, 4);
    // All 2-photon states of the 4 remaining modes, in FSArray order.
    assert!(matches!(d.storage, DistributionStorage::Dense { n: 2, ref probs } if probs.len() == 10));
    close(total(&d), 1.0);
    // Both surviving states of case #8, 1/9 each.
    close(d.logical_perf, 2.0 / 9.0);
    close(prob(&d, &[1, 0, 1, 0]), 0.5);
    close(prob(&d, &[1, 1, 0, 0]), 0.5);
}

#[test]
fn an_input_below_the_photon_filter_gives_an_empty_result() {
    let mut r = hom();
    r.min_detected_photons = Some(3);
    let d = probs(&r, &Silent).unwrap();
    assert_eq!(support(&d).len(), 0);
    close(d.physical_perf, 0.0);
    close(d.global_perf, 0.0);
}

#[test]
fn a_huge_mode_count_is_refused_before_building_its_unitary() {
    let mut r = request(circuit(60_000, vec![(0, bs())]), &[0; 60_000]);
    r.memory_limit_bytes = Some(1 << 30);
    match probs(&r, &Silent) {
        Err(EngineError::ResourceLimit { message, .. }) => {
            assert!(message.contains("a circuit of 60000 modes"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}
