//! A polarized request (`Request::polarized`): real modes 2k and 2k + 1 are the H and V modes of spatial mode k, and
//! one detector per spatial mode counts the photons of both. Closed forms: two orthogonally polarized photons on a
//! 50:50 beam splitter give |1,1> 1/2, |2,0> 1/4, |0,2> 1/4 (no interference), which a threshold detector reports as
//! |1,1>, |1,0>, |0,1>; a detector per polarization mode would click twice for the pair.

mod common;

use bosonic_engine::pipeline::{evolve, probs, samples};
use bosonic_engine::request::{Backend, DetectorSpec, Herald, Request};
use bosonic_engine::{EngineError, Silent};
use common::*;

/// `BS` between spatial modes 0 and 1 on the real modes (H0, V0, H1, V1): the H modes are put side by side, then
/// the V modes, a beam splitter acts on each pair, and the modes go back.
fn polarized_beam_splitter() -> bosonic_engine::request::CircuitSpec {
    // Input mode i goes to output perm[i]: (H0, V0, H1, V1) → (H0, H1, V0, V1) and back.
    let gather = perm(&[0, 2, 1, 3]);
    let scatter = perm(&[0, 2, 1, 3]);
    circuit(4, vec![(0, gather), (0, bs()), (2, bs()), (0, scatter)])
}

fn polarized(circuit: bosonic_engine::request::CircuitSpec, input: &[u8]) -> Request {
    let mut req = request(circuit, input);
    req.polarized = true;
    req
}

#[test]
fn pnr_results_are_over_the_spatial_modes() {
    // H photon on spatial mode 0, V photon on spatial mode 1.
    let d = probs(&polarized(polarized_beam_splitter(), &[1, 0, 0, 1]), &Silent).unwrap();
    assert_eq!(d.m, 2);
    close(prob(&d, &[1, 1]), 0.5);
    close(prob(&d, &[2, 0]), 0.25);
    close(prob(&d, &[0, 2]), 0.25);
}

#[test]
fn a_threshold_detector_clicks_once_for_both_polarizations() {
    for backend in [Backend::Slos, Backend::Naive] {
        let mut req = polarized(polarized_beam_splitter(), &[1, 0, 0, 1]);
        req.backend = backend;
        req.thresholded_output = true;
        let d = probs(&req, &Silent).unwrap();
        close(prob(&d, &[1, 1]), 0.5);
        close(prob(&d, &[1, 0]), 0.25);
        close(prob(&d, &[0, 1]), 0.25);
        close(total(&d), 1.0);
    }
}

#[test]
fn heralds_and_the_filter_read_the_detected_spatial_counts() {
    let mut req = polarized(polarized_beam_splitter(), &[1, 0, 0, 1]);
    req.detectors = vec![DetectorSpec::Threshold, DetectorSpec::Threshold];
    req.heralds = vec![Herald { mode: 1, expected: 1 }];
    // Mode 1 clicks for |1,1> and |0,1>: 3/4 kept, mode 0 then shows 1 or 0 clicks.
    let d = probs(&req, &Silent).unwrap();
    assert_eq!(d.m, 1);
    close(prob(&d, &[1]), 2.0 / 3.0);
    close(prob(&d, &[0]), 1.0 / 3.0);
    close(d.logical_perf, 0.75);
    // Two clicks in all: only |1,1>, half of the outputs.
    req.heralds.clear();
    req.min_detected_photons = Some(2);
    let d = probs(&req, &Silent).unwrap();
    close(prob(&d, &[1, 1]), 1.0);
    close(d.physical_perf, 0.5);
}

#[test]
fn samples_are_what_the_detectors_report_on_the_spatial_modes() {
    // An H and a V photon on spatial mode 0, nothing acting: the threshold detector reports one click.
    let mut req = polarized(circuit(4, vec![]), &[1, 1, 0, 0]);
    req.backend = Backend::Clifford2017;
    req.thresholded_output = true;
    let s = samples(&req, 50, None, &Silent).unwrap();
    assert_eq!((s.m, s.count), (2, 50));
    assert!(s.occupations.chunks(2).all(|x| x == [1, 0]));
}

#[test]
fn evolve_checks_heralds_on_spatial_counts_and_keeps_both_polarization_modes() {
    let mut req = polarized(polarized_beam_splitter(), &[1, 0, 0, 1]);
    req.heralds = vec![Herald { mode: 1, expected: 1 }];
    let v = evolve(&req).unwrap();
    // Spatial mode 1 removed: the H and V modes of mode 0 remain, holding one photon.
    assert_eq!(v.m, 2);
    assert_eq!(v.terms.len(), 2);
    for (_, state) in &v.terms {
        assert_eq!(state.photons.len(), 1);
    }
}

#[test]
fn an_odd_number_of_real_modes_is_refused() {
    let req = polarized(circuit(3, vec![]), &[1, 0, 0]);
    assert!(matches!(probs(&req, &Silent), Err(EngineError::Validation { field, .. }) if field == "request.m"));
}
