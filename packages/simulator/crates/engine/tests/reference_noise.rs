//! docs/reference-values.md #22–#31: the source model, detectors and loss channels through the processor.

mod common;

use bosonic_engine::pipeline::probs;
use bosonic_engine::request::{DetectorSpec, Element, InputSpec, SourceNoise};
use bosonic_engine::source;
use bosonic_engine::{matrix::Matrix, Silent};
use common::*;

/// A request whose circuit does nothing, so the output distribution is the source's own.
fn identity_request(occupations: &[u8], noise: SourceNoise) -> bosonic_engine::request::Request {
    let m = occupations.len();
    let mut req = request(circuit(m, vec![(0, Matrix::identity(m))]), occupations);
    req.input = InputSpec::Source { occupations: occupations.to_vec(), noise };
    req
}

fn noise(brightness: f64, g2: f64, g2_distinguishable: bool, indistinguishability: f64) -> SourceNoise {
    SourceNoise { brightness, g2, g2_distinguishable, indistinguishability, transmittance: 1.0 }
}

#[test]
fn case_22_brightness() {
    let d = probs(&identity_request(&[1], noise(0.4, 0.0, true, 1.0)), &Silent).unwrap();
    close(prob(&d, &[0]), 0.6);
    close(prob(&d, &[1]), 0.4);
}

#[test]
fn case_23_indistinguishable_multiphoton_component() {
    let d = probs(&identity_request(&[1], noise(0.4, 0.1, false, 1.0)), &Silent).unwrap();
    close(prob(&d, &[0]), 0.6);
    close(prob(&d, &[2]), 0.008336953374561418);
    close(prob(&d, &[1]), 0.4 - 0.008336953374561418);
}

#[test]
fn case_25_partial_indistinguishability_tags_the_photon() {
    let states = source::distribution(&noise(1.0, 0.0, true, 0.5), &[1], 1e-6);
    let signal: f64 = states.iter().filter(|(s, _)| s.signal == [1]).map(|x| x.1).sum();
    let tagged: f64 = states.iter().filter(|(s, _)| s.distinguishable == [1]).map(|x| x.1).sum();
    close(signal, 0.5f64.sqrt());
    close(tagged, 1.0 - 0.5f64.sqrt());
}

#[test]
fn case_26_two_photons_in_one_mode() {
    let b = 0.41;
    let d = probs(&identity_request(&[2], noise(b, 0.0, true, 1.0)), &Silent).unwrap();
    close(prob(&d, &[0]), (1.0 - b) * (1.0 - b));
    close(prob(&d, &[1]), 2.0 * b * (1.0 - b));
    close(prob(&d, &[2]), b * b);
}

#[test]
fn case_28_brightness_on_four_modes() {
    let d = probs(&identity_request(&[0, 1, 1, 0], noise(0.2, 0.0, true, 1.0)), &Silent).unwrap();
    close(prob(&d, &[0, 1, 1, 0]), 0.04);
    close(prob(&d, &[0, 1, 0, 0]), 0.16);
    close(prob(&d, &[0, 0, 1, 0]), 0.16);
    close(prob(&d, &[0, 0, 0, 0]), 0.64);
    assert_eq!(support(&d).len(), 4);
    close(d.global_perf, 1.0);
}

#[test]
fn case_30_ppnr_detector() {
    let mut req = identity_request(&[3], SourceNoise::default());
    req.detectors = vec![DetectorSpec::Ppnr { wires: Some(3), max_detections: None, efficiency: 0.7 }];
    let d = probs(&req, &Silent).unwrap();
    close(prob(&d, &[0]), 0.027);
    close(prob(&d, &[1]), 3367.0 / 9000.0);
    close(prob(&d, &[2]), 196.0 / 375.0);
    close(prob(&d, &[3]), 343.0 / 4500.0);
    for (photons, expected) in [(2u8, vec![0.0, 0.5, 0.5]), (3, vec![0.0, 0.25, 0.75, 0.0])] {
        let mut req = identity_request(&[photons], SourceNoise::default());
        req.detectors = vec![DetectorSpec::Ppnr { wires: Some(2), max_detections: None, efficiency: 1.0 }];
        let d = probs(&req, &Silent).unwrap();
        for (k, p) in expected.iter().enumerate() {
            close(prob(&d, &[k as u8]), *p);
        }
    }
}

#[test]
fn case_31_loss_channel() {
    let mut req = request(
        bosonic_engine::request::CircuitSpec { m: 1, elements: vec![Element::Loss { mode: 0, loss: 0.3 }] },
        &[2],
    );
    let d = probs(&req, &Silent).unwrap();
    close(prob(&d, &[0]), 0.09);
    close(prob(&d, &[1]), 0.42);
    close(prob(&d, &[2]), 0.49);
    req.detectors = vec![DetectorSpec::Threshold];
    let d = probs(&req, &Silent).unwrap();
    close(prob(&d, &[0]), 0.09);
    close(prob(&d, &[1]), 0.91);
    req.detectors = Vec::new();
    req.thresholded_output = true;
    close(prob(&probs(&req, &Silent).unwrap(), &[1]), 0.91);
}

#[test]
fn hom_visibility_equals_the_indistinguishability() {
    for m in [1.0, 0.9, 0.5, 0.0] {
        let mut req = request(circuit(2, vec![(0, bs_h(std::f64::consts::PI / 2.0))]), &[1, 1]);
        req.input = InputSpec::Source { occupations: vec![1, 1], noise: noise(1.0, 0.0, true, m) };
        let d = probs(&req, &Silent).unwrap();
        close(prob(&d, &[1, 1]), (1.0 - m) / 2.0);
    }
}

#[test]
fn transmittance_and_brightness_combine_into_the_detection_probability() {
    let mut req = identity_request(&[1], SourceNoise { brightness: 0.8, transmittance: 0.5, ..SourceNoise::default() });
    req.min_detected_photons = Some(1);
    let d = probs(&req, &Silent).unwrap();
    close(d.physical_perf, 0.4);
    close(prob(&d, &[1]), 1.0);
}

#[test]
fn heralds_read_what_the_detector_reports() {
    // HOM gives |2,0> or |0,2>. A threshold detector on the heralded mode reports |0,2> as one click.
    let mut req = request(circuit(2, vec![(0, bs_h(std::f64::consts::PI / 2.0))]), &[1, 1]);
    req.heralds = vec![bosonic_engine::request::Herald { mode: 1, expected: 1 }];
    let pnr = probs(&req, &Silent).unwrap();
    close(pnr.logical_perf, 0.0);
    assert!(support(&pnr).is_empty());
    req.detectors = vec![DetectorSpec::Pnr, DetectorSpec::Threshold];
    let threshold = probs(&req, &Silent).unwrap();
    close(threshold.logical_perf, 0.5);
    assert_eq!(support(&threshold), vec![(vec![0], 1.0)]);
}
