//! `samples()`: Clifford & Clifford sampling with and without noise, shot budgets, seeds and cancellation. Samples
//! of a strong backend and probabilities of a sampling backend are conversions of `@bosonic/core`'s Sampler.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use bosonic_engine::pipeline::{probs, samples};
use bosonic_engine::request::{Backend, Cmp, Herald, InputSpec, PostSelectExpr, Request, Samples, SourceNoise};
use bosonic_engine::{Control, EngineError, Silent};
use common::*;
use std::f64::consts::PI;

fn frequencies(s: &Samples) -> HashMap<Vec<u8>, f64> {
    let mut f = HashMap::new();
    for i in 0..s.count {
        *f.entry(s.occupations[i * s.m..(i + 1) * s.m].to_vec()).or_insert(0.0) += 1.0 / s.count as f64;
    }
    f
}

/// Checks that the total variation distance between sampled frequencies and the exact distribution of the same
/// request is within sampling noise at false-failure rate [`ALPHA`].
fn assert_matches_exact(req: &Request, s: &Samples) {
    let mut exact_req = req.clone();
    exact_req.backend = Backend::Slos;
    let outcomes = support(&probs(&exact_req, &Silent).unwrap()).len();
    let tvd = tvd_to_exact(req, s);
    assert!(tvd < tvd_tolerance(s.count, outcomes), "TVD {tvd} over {outcomes} outcomes");
}

/// Total variation distance between sampled frequencies and the exact distribution of the same request.
fn tvd_to_exact(req: &Request, s: &Samples) -> f64 {
    let mut exact_req = req.clone();
    exact_req.backend = Backend::Slos;
    let exact = probs(&exact_req, &Silent).unwrap();
    let f = frequencies(s);
    let mut tvd = 0.0;
    for (state, p) in support(&exact) {
        tvd += (f.get(&state).copied().unwrap_or(0.0) - p).abs();
    }
    let unexpected: f64 = f.iter().filter(|(k, _)| prob(&exact, k) <= TOL).map(|(_, v)| v).sum();
    f64::midpoint(tvd, unexpected)
}

fn mzi() -> bosonic_engine::request::CircuitSpec {
    circuit(2, vec![(0, bs()), (0, ps(0.9)), (0, bs())])
}

#[test]
fn clifford_hom_samples_never_show_a_coincidence() {
    let mut req = request(circuit(2, vec![(0, bs_h(PI / 2.0))]), &[1, 1]);
    req.backend = Backend::Clifford2017;
    req.seed = 7;
    let s = samples(&req, 20_000, None, &Silent).unwrap();
    assert_eq!((s.count, s.m, s.canceled), (20_000, 2, false));
    let f = frequencies(&s);
    assert!(!f.contains_key(&vec![1, 1]));
    assert!((f[&vec![2, 0]] - 0.5).abs() < proportion_tolerance(0.5, s.count));
    close(s.global_perf, 1.0);
    // Same seed, same samples; another seed, other samples.
    assert_eq!(samples(&req, 20_000, None, &Silent).unwrap().occupations, s.occupations);
    req.seed = 8;
    assert_ne!(samples(&req, 20_000, None, &Silent).unwrap().occupations, s.occupations);
}

#[test]
fn noisy_clifford_sampling_matches_the_exact_distribution_and_perfs() {
    let mut req = request(mzi(), &[1, 1]);
    req.input = InputSpec::Source {
        occupations: vec![1, 1],
        noise: SourceNoise { brightness: 0.5, indistinguishability: 0.8, ..SourceNoise::default() },
    };
    req.min_detected_photons = Some(2);
    req.backend = Backend::Clifford2017;
    req.seed = 3;
    let s = samples(&req, 20_000, None, &Silent).unwrap();
    assert_eq!(s.count, 20_000);
    assert_matches_exact(&req, &s);
    close(s.physical_perf, 0.25);
    close(s.logical_perf, 1.0);
}

#[test]
fn clifford_sampling_through_lossy_ppnr_detection_matches_the_exact_distribution() {
    use bosonic_engine::request::{DetectorSpec, Element};
    let mut circ = circuit(3, vec![(0, bs()), (1, bs()), (0, ps(0.4)), (0, bs())]);
    circ.elements.push(Element::Loss { mode: 2, loss: 0.2 });
    let mut req = request(circ, &[1, 1, 1]);
    req.detectors = vec![
        DetectorSpec::Ppnr { wires: Some(2), max_detections: None, efficiency: 0.9 },
        DetectorSpec::Threshold,
        DetectorSpec::Pnr,
    ];
    req.min_detected_photons = Some(2);
    req.backend = Backend::Clifford2017;
    req.seed = 9;
    let s = samples(&req, 20_000, None, &Silent).unwrap();
    assert_matches_exact(&req, &s);
    let mut exact = req.clone();
    exact.backend = Backend::Slos;
    let d = probs(&exact, &Silent).unwrap();
    // The estimate is the share of shots that passed the filter, over at least the 20,000 accepted ones.
    let tolerance = proportion_tolerance(d.physical_perf, s.count);
    assert!((s.physical_perf - d.physical_perf).abs() < tolerance, "{} vs {}", s.physical_perf, d.physical_perf);
}

#[test]
fn clifford_sampling_of_the_heralded_cnot_estimates_the_success_rate() {
    let mut req = request(postprocessed_cnot(), &[0, 1, 1, 0, 0, 0]);
    req.backend = Backend::Clifford2017;
    req.heralds = vec![Herald { mode: 4, expected: 0 }, Herald { mode: 5, expected: 0 }];
    req.post_select = Some(PostSelectExpr::And(vec![
        PostSelectExpr::Condition { modes: vec![0, 1], op: Cmp::Eq, value: 1 },
        PostSelectExpr::Condition { modes: vec![2, 3], op: Cmp::Eq, value: 1 },
    ]));
    req.seed = 11;
    let s = samples(&req, 3_000, None, &Silent).unwrap();
    assert_eq!((s.count, s.m), (3_000, 4));
    // |10>_L → |11>_L every time.
    assert!(s.occupations.chunks(4).all(|x| x == [0, 1, 0, 1]));
    // The estimate is the share of accepted shots among the (about 27,000) shots it took to accept 3,000.
    let shots = (s.count as f64 / s.logical_perf).round() as usize;
    let tolerance = proportion_tolerance(1.0 / 9.0, shots);
    assert!((s.logical_perf - 1.0 / 9.0).abs() < tolerance, "logical perf {}", s.logical_perf);
    close(s.physical_perf, 1.0);
}

#[test]
fn shot_budget_stops_noisy_sampling() {
    let mut req = request(mzi(), &[1, 1]);
    req.backend = Backend::Clifford2017;
    req.input =
        InputSpec::Source { occupations: vec![1, 1], noise: SourceNoise { brightness: 0.5, ..SourceNoise::default() } };
    req.min_detected_photons = Some(2);
    req.heralds = Vec::new();
    let s = samples(&req, 1_000_000, Some(500), &Silent).unwrap();
    // Only two-photon inputs are drawn (the physical filter), each a shot and each accepted.
    assert_eq!(s.count, 500);
}

#[test]
fn impossible_heralds_end_the_sampling_instead_of_hanging() {
    let mut req = request(circuit(2, vec![(0, bs())]), &[1, 0]);
    req.backend = Backend::Clifford2017;
    req.heralds = vec![Herald { mode: 1, expected: 2 }];
    let s = samples(&req, 10, None, &Silent).unwrap();
    assert_eq!(s.count, 0);
    close(s.logical_perf, 0.0);
}

struct CancelAfter {
    calls: AtomicUsize,
    after: usize,
}

impl Control for CancelAfter {
    fn progress(&self, _: f64, _: &str) {}
    fn is_canceled(&self) -> bool {
        self.calls.fetch_add(1, Ordering::Relaxed) >= self.after
    }
}

#[test]
fn cancellation_returns_the_samples_drawn_so_far() {
    let mut req = request(circuit(4, vec![(0, bs()), (2, bs()), (1, bs())]), &[1, 1, 1, 1]);
    req.backend = Backend::Clifford2017;
    req.input = InputSpec::Source {
        occupations: vec![1, 1, 1, 1],
        noise: SourceNoise { brightness: 0.9, ..SourceNoise::default() },
    };
    let ctl = CancelAfter { calls: AtomicUsize::new(0), after: 20 };
    let s = samples(&req, 1_000_000, None, &ctl).unwrap();
    assert!(s.canceled);
    assert!(s.count < 1_000_000);
    assert_eq!(s.occupations.len(), s.count * 4);
    // A canceled exact computation has nothing to return.
    req.backend = Backend::Slos;
    let ctl = CancelAfter { calls: AtomicUsize::new(0), after: 0 };
    assert_eq!(probs(&req, &ctl), Err(EngineError::Canceled));
}

#[test]
fn superposed_inputs_cannot_be_sampled_by_clifford() {
    let mut req = request(circuit(2, vec![(0, bs())]), &[1, 0]);
    req.backend = Backend::Clifford2017;
    req.input = state_vector(vec![(c(1.0, 0.0), untagged(&[1, 0])), (c(1.0, 0.0), untagged(&[0, 1]))]);
    assert!(
        matches!(samples(&req, 10, None, &Silent), Err(EngineError::Validation { field, .. }) if field == "request.input")
    );
}
