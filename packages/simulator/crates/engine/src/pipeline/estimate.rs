//! What a run will need, known before it starts: the most states its result can list and an estimate of its peak
//! memory, from the same sizes the memory guard checks during the run. A job service calls it when a job is
//! created, to refuse at once what would fail (or hold the machine) later.
//!
//! Also the one place that says which primitive each backend runs: SLOS, Naive and `NaiveApprox` compute
//! probabilities, Clifford & Clifford 2017 draws samples. Conversions between the two are `@bosonic/core`'s Sampler's.

use crate::error::{EngineError, Result};
use crate::fock::count_states;
use crate::memory;
use crate::request::{Backend, Request};

use super::accumulate::map_entry_bytes;
use super::inputs::{kept_inputs, weighted_inputs, PureInput, WeightedInput};
use super::prepare::{prepare, Prepared};
use super::samples::{most_samples, sample_bytes};
use super::strong::Strong;

/// The computation a backend runs natively.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primitive {
    /// The output distribution (`probs`).
    Probs,
    /// Up to `max_samples` samples, stopping after `max_shots` shots.
    Samples { max_samples: usize, max_shots: Option<u64> },
}

/// What a run will hold at most.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Most states the result can list: output states of the distribution (an upper bound: detectors and
    /// post-selection only remove states), or samples.
    pub result_states: u64,
    /// Modes of each state of the result.
    pub modes: usize,
    /// Estimated peak memory of the run, the copy of its result handed to the caller included; `None` when it is
    /// beyond addressable memory.
    pub required_bytes: Option<u64>,
    /// The request's memory limit.
    pub limit_bytes: u64,
    /// The run, for messages: e.g. "SLOS with 10 photons on 24 modes (92,561,040 output states)".
    pub what: String,
}

impl Estimate {
    /// A resource-limit error naming the sizes when the run would not fit.
    pub fn check(&self) -> Result<()> {
        memory::check(self.required_bytes, self.limit_bytes, &self.what)
    }
}

/// Refuses a primitive the backend does not run (validation error on `request.backend`).
pub(crate) fn check_primitive(backend: Backend, primitive: Primitive) -> Result<()> {
    match (backend, primitive) {
        (Backend::Slos | Backend::Naive | Backend::NaiveApprox { .. } | Backend::Mps { .. }, Primitive::Probs)
        | (Backend::Clifford2017, Primitive::Samples { .. }) => Ok(()),
        (Backend::Clifford2017, Primitive::Probs) => Err(EngineError::validation(
            "request.backend",
            "CliffordClifford2017 draws samples, not probabilities: estimate them from samples (the Sampler does)",
        )),
        (_, Primitive::Samples { .. }) => Err(EngineError::validation(
            "request.backend",
            format!(
                "{} computes probabilities, not samples: draw them from its distribution (the Sampler does)",
                backend.name()
            ),
        )),
    }
}

/// What running `primitive` on `request` will need, without computing anything (validation errors as the run).
pub fn estimate(request: &Request, primitive: Primitive) -> Result<Estimate> {
    let prepared = prepare(request)?;
    check_primitive(request.backend, primitive)?;
    let inputs = weighted_inputs(&prepared);
    let kept = kept_inputs(&inputs, prepared.min_total);
    let modes = prepared.output_modes.len();
    let limit_bytes = prepared.memory_limit;
    match primitive {
        Primitive::Samples { max_samples, max_shots } => {
            let count = if kept.is_empty() { 0 } else { most_samples(&prepared, &kept, max_samples, max_shots) };
            Ok(Estimate {
                result_states: count as u64,
                modes,
                required_bytes: sample_bytes(count, modes),
                limit_bytes,
                what: format!("drawing {} samples of {modes} modes", memory::group_digits(count as u64)),
            })
        }
        Primitive::Probs => probs_estimate(&prepared, &kept, modes, limit_bytes),
    }
}

fn probs_estimate(prepared: &Prepared, kept: &[&WeightedInput], modes: usize, limit_bytes: u64) -> Result<Estimate> {
    let mut photon_counts: Vec<usize> = kept.iter().map(|w| w.photons).collect();
    photon_counts.sort_unstable();
    photon_counts.dedup();
    let Some(&most) = photon_counts.last() else {
        return Ok(Estimate { result_states: 0, modes, required_bytes: Some(0), limit_bytes, what: "nothing".into() });
    };
    // Loss channels and threshold detectors report fewer photons than came in.
    if prepared.circuit.has_losses() || !prepared.all_pnr {
        photon_counts = (prepared.min_total..=most).collect();
    }
    let herald_photons: usize = prepared.heralds.iter().map(|h| h.expected as usize).sum();
    let free_modes = prepared.detected_m - prepared.heralds.len();
    let states_with = |n: usize, m: usize| count_states(n, m).unwrap_or(u64::MAX);
    let result_states = photon_counts
        .iter()
        .filter(|&&n| n >= herald_photons)
        .fold(0u64, |sum, &n| sum.saturating_add(states_with(n - herald_photons, free_modes)));

    // The largest group of indistinguishable photons, computed alone under the herald masks.
    let (group, superposed) = largest_group(kept);
    let exact = kept.len() == 1 && !superposed && matches!(&kept[0].input, PureInput::Groups(g) if g.len() == 1);
    let strong = Strong::new(prepared, most);
    let (backend_bytes, what) = strong.requirement(&group, exact, if superposed { 16 } else { 8 })?;

    // The result as handed to the caller: dense values for one photon count, which move to JavaScript without a
    // copy; else states and values, the states copied.
    let per_state = if photon_counts.len() == 1 { 8 } else { 2 * modes as u64 + 8 };
    let result_bytes = result_states.checked_mul(per_state);
    // Several inputs add into dense arrays over every mode; detectors, heralds and post-selection go through a
    // state map of every output.
    let all_states = photon_counts.iter().fold(0u64, |sum, &n| sum.saturating_add(states_with(n, prepared.m)));
    let accumulated = if kept.len() > 1 { all_states.checked_mul(8) } else { Some(0) };
    let post_processed =
        if prepared.all_pnr && prepared.heralds.is_empty() && !prepared.post_selects() && !prepared.polarized() {
            Some(0)
        } else {
            all_states.checked_mul(map_entry_bytes(prepared.m))
        };
    let required_bytes =
        (|| backend_bytes?.max(result_bytes?).checked_add(accumulated?)?.checked_add(post_processed?))();
    Ok(Estimate { result_states, modes, required_bytes, limit_bytes, what })
}

/// The group of photons of the kept inputs with the most photons (occupations of the real modes), and whether the
/// inputs are superposed (computed as amplitudes).
fn largest_group(kept: &[&WeightedInput]) -> (Vec<u8>, bool) {
    let mut best: (usize, Vec<u8>) = (0, Vec::new());
    let mut superposed = false;
    let mut consider = |occupations: &Vec<u8>| {
        let n: usize = occupations.iter().map(|&k| k as usize).sum();
        if n > best.0 || best.1.is_empty() {
            best = (n, occupations.clone());
        }
    };
    for w in kept {
        match &w.input {
            PureInput::Groups(groups) => groups.iter().for_each(&mut consider),
            PureInput::Superposed(terms) => {
                superposed = true;
                terms.iter().flat_map(|(_, groups)| groups.iter().map(|(_, occ)| occ)).for_each(&mut consider);
            }
        }
    }
    (best.1, superposed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::Silent;
    use crate::matrix::Matrix;
    use crate::pipeline::{probs, samples};
    use crate::request::{CircuitSpec, DistributionStorage, Element, Herald, InputSpec, SourceNoise};
    use crate::rng::Rng;

    /// `n` photons in the first modes of an `m`-mode Haar interferometer, on `backend`, limited to `limit` bytes.
    fn request(backend: Backend, n: usize, m: usize, limit: u64) -> Request {
        let matrix = Matrix::random_haar(m, &mut Rng::seed_from_u64(5));
        let circuit = CircuitSpec { m, elements: vec![Element::Unitary { first_mode: 0, matrix }] };
        let occupations = (0..m).map(|i| u8::from(i < n)).collect();
        let mut request = Request::new(backend, circuit, occupations);
        request.memory_limit_bytes = Some(limit);
        request
    }

    fn required_of<T: std::fmt::Debug>(result: Result<T>) -> (u64, String) {
        match result {
            Err(EngineError::ResourceLimit { required_bytes, message, .. }) => (required_bytes, message),
            other => panic!("expected a resource-limit error, got {other:?}"),
        }
    }

    #[test]
    fn slos_with_ten_photons_in_twenty_four_modes_is_known_before_it_runs() {
        // The published limits of issue 14's attack: C(33, 10) = 92,561,040 output states.
        let req = request(Backend::Slos, 10, 24, 1 << 30);
        let estimate = estimate(&req, Primitive::Probs).unwrap();
        assert_eq!(estimate.result_states, 92_561_040);
        assert_eq!(estimate.modes, 24);
        assert_eq!(estimate.what, "SLOS with 10 photons on 24 modes (92,561,040 output states)");
        // The same figure the guard checks when the run starts: refused at once with it, before any work.
        let (required, message) = required_of(estimate.check());
        assert_eq!(Some(required), estimate.required_bytes);
        let (at_run, run_message) = required_of(probs(&req, &Silent));
        assert_eq!((at_run, run_message), (required, message));
    }

    #[test]
    fn a_small_distribution_has_its_exact_size_and_fits() {
        let req = request(Backend::Naive, 3, 6, 1 << 30);
        let estimate = estimate(&req, Primitive::Probs).unwrap();
        assert_eq!(estimate.result_states, 56); // C(8, 3)
        assert!(estimate.check().is_ok());
        let dist = probs(&req, &Silent).unwrap();
        match dist.storage {
            DistributionStorage::Dense { probs, .. } => assert_eq!(probs.len() as u64, estimate.result_states),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn noisy_sources_and_heralds_bound_the_states_they_can_report() {
        // A lossy source: 0 to 3 photons, of which the filter keeps 2 or 3, on 5 free modes (one heralded with 0).
        let mut req = request(Backend::Slos, 3, 6, 1 << 30);
        req.input = InputSpec::Source {
            occupations: vec![1, 1, 1, 0, 0, 0],
            noise: SourceNoise { transmittance: 0.7, ..SourceNoise::default() },
        };
        req.min_detected_photons = Some(2);
        req.heralds = vec![Herald { mode: 5, expected: 0 }];
        let estimate = estimate(&req, Primitive::Probs).unwrap();
        assert_eq!(estimate.result_states, 15 + 35); // C(6, 2) + C(7, 3) on 5 modes
        assert_eq!(estimate.modes, 5);
        let dist = probs(&req, &Silent).unwrap();
        let listed = match dist.storage {
            DistributionStorage::Dense { probs, .. } => probs.len(),
            DistributionStorage::Sparse { probs, .. } => probs.len(),
        };
        assert!(listed as u64 <= estimate.result_states, "{listed}");
    }

    #[test]
    fn samples_are_known_by_their_count_and_modes() {
        // Issue 14: max_samples = 2^31 of 24 modes, 2 bytes per mode and sample (the engine's buffer and the
        // caller's copy): the same refusal as the run's, before it starts.
        let req = request(Backend::Clifford2017, 2, 24, 8_000_000_000);
        let primitive = Primitive::Samples { max_samples: 1 << 31, max_shots: None };
        let estimate = estimate(&req, primitive).unwrap();
        assert_eq!((estimate.result_states, estimate.required_bytes), (1 << 31, Some((1u64 << 31) * 48)));
        let (required, message) = required_of(estimate.check());
        assert_eq!(
            message,
            "drawing 2,147,483,648 samples of 24 modes needs 103.08 GB of memory, above the limit of 8.00 GB"
        );
        assert_eq!(required_of(samples(&req, 1 << 31, None, &Silent)), (required, message));
        // A shot budget bounds the samples of a run that rejects nothing.
        let capped = estimate_of(&req, Primitive::Samples { max_samples: 1 << 31, max_shots: Some(1_000) });
        assert_eq!(capped.result_states, 1_000);
    }

    fn estimate_of(req: &Request, primitive: Primitive) -> Estimate {
        estimate(req, primitive).unwrap()
    }

    #[test]
    fn each_backend_runs_only_its_own_primitive() {
        let field_of = |result: Result<Estimate>| match result {
            Err(EngineError::Validation { field, message }) => (field, message),
            other => panic!("expected a validation error, got {other:?}"),
        };
        let sampling = Primitive::Samples { max_samples: 10, max_shots: None };
        let (field, message) = field_of(estimate(&request(Backend::Slos, 2, 4, 1 << 30), sampling));
        assert_eq!(field, "request.backend");
        assert!(message.starts_with("SLOS computes probabilities, not samples"), "{message}");
        let (field, message) = field_of(estimate(&request(Backend::Clifford2017, 2, 4, 1 << 30), Primitive::Probs));
        assert_eq!(field, "request.backend");
        assert!(message.starts_with("CliffordClifford2017 draws samples, not probabilities"), "{message}");
    }
}
