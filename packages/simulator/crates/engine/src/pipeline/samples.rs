//! `samples()`: output states drawn one by one with Clifford & Clifford 2017 (simulation.md §4,
//! `NoisySamplingSimulator`).
//!
//! Each drawn source state is sampled group by group (groups of distinguishable photons sample independently and
//! their outputs add), then the detectors, the min-detected-photons filter, the heralds and the post-selection
//! accept or reject it; a shot is a draw in which at least one photon was detected.
//!
//! This is the sampling backend's one primitive. Samples of a strong backend (drawn from its distribution) and
//! probabilities of a sampling backend (estimated from samples) are conversions that `@bosonic/core`'s Sampler
//! chooses and runs (`selectPrimitive`); the engine keeps no second copy of that rule.
//!
//! Before anything is drawn, the memory the samples will take is checked against the request's limit: a request
//! for more samples than fit fails with a resource-limit error instead of growing until the system kills it.

use std::collections::HashMap;

use crate::clifford::CliffordSampler;
use crate::control::Control;
use crate::error::{EngineError, Result};
use crate::memory;
use crate::request::{Request, Samples};
use crate::rng::Rng;

use super::estimate::{check_primitive, Primitive};
use super::inputs::{kept_inputs, weighted_inputs, PureInput, WeightedInput};
use super::postprocess::photons;
use super::prepare::{prepare, Prepared};

pub(crate) const PHASE_SAMPLING: &str = "sampling";

/// Without any accepted sample after this many draws the acceptance is taken to be zero and sampling stops.
const HOPELESS_DRAWS: u64 = 1_000_000;
/// Largest number of source draws sampled together.
const MAX_BATCH: usize = 4096;
/// Smallest batch (Perceval's minimum).
const MIN_BATCH: usize = 16;

/// Forwards cancellation only: the sampler's own progress would be a fraction of one batch.
struct CancelOnly<'a>(&'a dyn Control);

impl Control for CancelOnly<'_> {
    fn progress(&self, _fraction: f64, _phase: &str) {}
    fn is_canceled(&self) -> bool {
        self.0.is_canceled()
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// Bytes held at once by `count` samples of `m` modes on their way to the caller: the engine's buffer, then the
/// copy the Node binding hands to JavaScript (`None`: beyond addressing).
pub(crate) fn sample_bytes(count: usize, m: usize) -> Option<u64> {
    (count as u64).checked_mul((m as u64).checked_mul(2)?)
}

/// Fails with a resource-limit error, before anything is drawn, when `count` samples of `m` modes would not fit.
fn check_sample_memory(count: usize, m: usize, limit: u64) -> Result<()> {
    let what = format!("drawing {} samples of {m} modes", memory::group_digits(count as u64));
    memory::check(sample_bytes(count, m), limit, &what)
}

/// `max_samples`, capped by `max_shots` when given: the draws of a run in which every sample is a shot.
fn shot_capped(max_samples: usize, max_shots: Option<u64>) -> usize {
    max_shots.map_or(max_samples, |s| max_samples.min(usize::try_from(s).unwrap_or(usize::MAX)))
}

/// Up to `max_samples` output states of `request`, stopping early after `max_shots` shots. Only the sampling
/// backend samples; a strong backend is a validation error (field `request.backend`).
pub fn samples(
    request: &Request,
    max_samples: usize,
    max_shots: Option<u64>,
    control: &dyn Control,
) -> Result<Samples> {
    let prepared = prepare(request)?;
    check_primitive(request.backend, Primitive::Samples { max_samples, max_shots })?;
    clifford_samples(&prepared, max_samples, max_shots, control).map(Samples::settled)
}

/// The one input of a run that needs no filtering (a perfect Fock state, PNR detectors, nothing to reject), as
/// its group of photons: sampled directly, every draw a sample.
fn direct_group(prepared: &Prepared, kept: &[&WeightedInput]) -> Option<Vec<u8>> {
    let [single] = kept else { return None };
    let PureInput::Groups(groups) = &single.input else { return None };
    match groups.as_slice() {
        [group]
            if !prepared.circuit.has_losses()
                && prepared.all_pnr
                && prepared.heralds.is_empty()
                && !prepared.post_selects()
                && !prepared.polarized() =>
        {
            Some(group.clone())
        }
        _ => None,
    }
}

/// The most samples a run can return for `max_samples` and `max_shots`: every returned sample is a shot when
/// nothing is filtered or when the filter asks for a photon, so the shot budget then bounds them; otherwise
/// (vacuum accepted) it does not.
pub(crate) fn most_samples(
    prepared: &Prepared,
    kept: &[&WeightedInput],
    max_samples: usize,
    max_shots: Option<u64>,
) -> usize {
    if direct_group(prepared, kept).is_some() || prepared.min_total >= 1 {
        shot_capped(max_samples, max_shots)
    } else {
        max_samples
    }
}

/// Tallies of the sampling loop.
#[derive(Default)]
struct Tally {
    selected: u64,
    rejected_logical: u64,
    rejected_physical: u64,
    shots: u64,
    draws: u64,
}

/// Up to `max_samples` Clifford & Clifford samples (fewer after `max_shots` shots), refused up front when the
/// most samples the run can return would not fit the memory limit.
fn clifford_samples(
    prepared: &Prepared,
    max_samples: usize,
    max_shots: Option<u64>,
    control: &dyn Control,
) -> Result<Samples> {
    let request = prepared.request;
    let inputs = weighted_inputs(prepared);
    if inputs.iter().any(|i| matches!(i.input, PureInput::Superposed(_))) {
        return Err(EngineError::validation(
            "request.input",
            "CliffordClifford2017 samples Fock-state inputs; a superposition needs SLOS or Naive",
        ));
    }
    let m0: f64 = inputs.iter().map(|i| i.p).sum();
    let kept = kept_inputs(&inputs, prepared.min_total);
    let m1: f64 = kept.iter().map(|i| i.p).sum();
    let source_physical = ratio(m1, m0);
    let out_m = prepared.output_modes.len();
    let mut result = Samples {
        m: out_m,
        occupations: Vec::new(),
        count: 0,
        global_perf: 0.0,
        physical_perf: source_physical,
        logical_perf: 0.0,
        canceled: false,
    };
    if kept.is_empty() || max_samples == 0 || max_shots == Some(0) {
        if max_samples == 0 || max_shots == Some(0) {
            result.logical_perf = 1.0;
            result.global_perf = source_physical;
        }
        return Ok(result);
    }
    let circuit = &prepared.circuit;
    let unitary = &circuit.unitary;
    let groups_of = |w: &WeightedInput| -> Vec<Vec<u8>> {
        match &w.input {
            PureInput::Groups(g) => g.clone(),
            PureInput::Superposed(_) => Vec::new(),
        }
    };
    let most = most_samples(prepared, &kept, max_samples, max_shots);
    check_sample_memory(most, out_m, prepared.memory_limit)?;

    if let Some(group) = direct_group(prepared, &kept) {
        let sampler = CliffordSampler::new(unitary, &group)?;
        let batch = sampler.sample_many(most, request.seed, prepared.threads, control);
        result.occupations = batch.occupations;
        result.count = batch.count;
        result.canceled = batch.canceled;
        result.logical_perf = 1.0;
        result.global_perf = source_physical;
        return Ok(result);
    }

    // Input draws by inverse CDF over the kept source states.
    let mut cdf = Vec::with_capacity(kept.len());
    let mut acc = 0.0;
    for w in &kept {
        acc += w.p;
        cdf.push(acc);
    }
    let kept_groups: Vec<Vec<Vec<u8>>> = kept.iter().map(|w| groups_of(w)).collect();
    let mut samplers: HashMap<Vec<u8>, CliffordSampler> = HashMap::new();
    let mut rng = Rng::seed_from_u64(request.seed);
    let mut tally = Tally::default();
    let quiet = CancelOnly(control);
    let modes = circuit.modes;
    let mut seen = Vec::with_capacity(prepared.m);
    let mut detected = vec![0u8; prepared.detected_m];
    let mut out_state = Vec::with_capacity(out_m);

    'outer: loop {
        let needed = max_samples - result.count;
        let acceptance = (tally.selected as f64 + 1.0) / (tally.draws as f64 + 1.0);
        let mut batch = ((needed as f64 / acceptance) * 1.1).ceil() as usize;
        if let Some(s) = max_shots {
            batch = batch.min((s - tally.shots) as usize);
        }
        let batch = batch.clamp(MIN_BATCH, MAX_BATCH);
        // Draw the batch's inputs and sample each distinct one in bulk.
        let mut per_input: HashMap<usize, usize> = HashMap::new();
        for _ in 0..batch {
            let u = rng.next_f64() * acc;
            let idx = cdf.partition_point(|&c| c <= u).min(kept.len() - 1);
            *per_input.entry(idx).or_insert(0) += 1;
        }
        let mut order: Vec<(usize, usize)> = per_input.into_iter().collect();
        order.sort_unstable();
        let mut outputs: Vec<Vec<u8>> = Vec::with_capacity(batch);
        let mut canceled = false;
        for (idx, count) in order {
            let mut merged = vec![vec![0u8; modes]; count];
            let mut complete = count;
            for group in &kept_groups[idx] {
                if !samplers.contains_key(group) {
                    samplers.insert(group.clone(), CliffordSampler::new(unitary, &circuit.pad_input(group))?);
                }
                let sampler = &samplers[group];
                let drawn = sampler.sample_many(count, rng.next_u64(), prepared.threads, &quiet);
                complete = complete.min(drawn.count);
                for (i, out) in merged.iter_mut().enumerate().take(drawn.count) {
                    for (o, &k) in out.iter_mut().zip(drawn.sample(i)) {
                        *o += k;
                    }
                }
                if drawn.canceled {
                    canceled = true;
                }
            }
            merged.truncate(complete);
            outputs.extend(merged);
            if canceled {
                break;
            }
        }
        rng.shuffle(&mut outputs);
        let room = outputs.len().min(max_samples - result.count) * out_m;
        memory::reserve_within(&mut result.occupations, room, most.saturating_mul(out_m));
        for raw in &outputs {
            tally.draws += 1;
            prepared.detected_state(raw, &mut seen);
            for (d, (&k, det)) in detected.iter_mut().zip(seen.iter().zip(&prepared.detectors)) {
                *d = det.detect(k as usize, &mut rng) as u8;
            }
            let n = photons(&detected);
            if n >= 1 {
                tally.shots += 1;
            }
            if n < prepared.min_total {
                tally.rejected_physical += 1;
            } else if prepared.accepts(&detected) {
                tally.selected += 1;
                prepared.output_state(&detected, &mut out_state);
                result.occupations.extend_from_slice(&out_state);
                result.count += 1;
            } else {
                tally.rejected_logical += 1;
            }
            if result.count == max_samples || max_shots.is_some_and(|s| tally.shots >= s) {
                break 'outer;
            }
        }
        if canceled || control.is_canceled() {
            result.canceled = true;
            break;
        }
        control.progress(result.count as f64 / max_samples as f64, PHASE_SAMPLING);
        if tally.selected == 0 && tally.draws >= HOPELESS_DRAWS {
            break;
        }
    }
    let kept_physically = (tally.selected + tally.rejected_logical) as f64;
    result.physical_perf = ratio(kept_physically, kept_physically + tally.rejected_physical as f64) * source_physical;
    result.logical_perf = ratio(tally.selected as f64, kept_physically);
    result.global_perf = result.physical_perf * result.logical_perf;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
    use std::sync::Mutex;

    use super::*;
    use crate::clifford::BATCH_SAMPLES;
    use crate::control::Silent;
    use crate::matrix::Matrix;
    use crate::request::Backend;
    use crate::request::{CircuitSpec, Element, InputSpec, SourceNoise};

    const TRILLION: usize = 1_000_000_000_000;

    /// A request on a 4-mode Haar interferometer fed with `|1,1,0,0>`, limited to `limit` bytes.
    fn request(backend: Backend, limit: u64) -> Request {
        let matrix = Matrix::random_haar(4, &mut Rng::seed_from_u64(4));
        let circuit = CircuitSpec { m: 4, elements: vec![Element::Unitary { first_mode: 0, matrix }] };
        let mut request = Request::new(backend, circuit, vec![1, 1, 0, 0]);
        request.memory_limit_bytes = Some(limit);
        request.seed = 9;
        request.threads = 2;
        request
    }

    /// The same request with a noisy source, which takes the general Clifford path (several source states).
    fn noisy(mut request: Request) -> Request {
        let noise = SourceNoise { brightness: 0.9, ..SourceNoise::default() };
        request.input = InputSpec::Source { occupations: vec![1, 1, 0, 0], noise };
        request
    }

    /// Counts what the engine asks of it; cancels after `polls` cancellation checks.
    struct Probe {
        polls: AtomicIsize,
        reports: AtomicUsize,
        fractions: Mutex<Vec<f64>>,
    }

    impl Probe {
        fn new(polls: isize) -> Probe {
            Probe { polls: polls.into(), reports: 0.into(), fractions: Mutex::new(Vec::new()) }
        }
    }

    impl Control for Probe {
        fn progress(&self, fraction: f64, phase: &str) {
            assert_eq!(phase, PHASE_SAMPLING);
            self.reports.fetch_add(1, Ordering::Relaxed);
            self.fractions.lock().unwrap().push(fraction);
        }
        fn is_canceled(&self) -> bool {
            self.polls.fetch_sub(1, Ordering::Relaxed) <= 0
        }
    }

    /// `(required, limit, message)` of a resource-limit error.
    fn resource_limit(result: Result<Samples>) -> (u64, u64, String) {
        match result {
            Err(EngineError::ResourceLimit { required_bytes, limit_bytes, message }) => {
                (required_bytes, limit_bytes, message)
            }
            other => panic!("expected a resource-limit error, got {other:?}"),
        }
    }

    #[test]
    fn a_trillion_samples_over_a_small_limit_are_refused_before_anything_is_drawn() {
        // A trillion samples of 4 modes: 4 TB in the engine, 4 TB more for JavaScript's copy. Allocating it
        // would abort the process; the error comes back before any draw, progress report or computation.
        for req in [request(Backend::Clifford2017, 1 << 20), noisy(request(Backend::Clifford2017, 1 << 20))] {
            let probe = Probe::new(isize::MAX);
            let (required, limit, message) = resource_limit(samples(&req, TRILLION, None, &probe));
            assert_eq!((required, limit), (8 * TRILLION as u64, 1 << 20));
            assert_eq!(
                message,
                "drawing 1,000,000,000,000 samples of 4 modes needs 8.00 TB of memory, above the limit of 1.05 MB"
            );
            assert_eq!(probe.reports.load(Ordering::Relaxed), 0);
        }
        // Beyond addressable memory is refused the same way.
        let (required, _, message) =
            resource_limit(samples(&request(Backend::Clifford2017, 1 << 20), usize::MAX, None, &Silent));
        assert_eq!(required, u64::MAX);
        assert!(message.contains("more memory than can be addressed"), "{message}");
    }

    #[test]
    fn the_estimate_counts_the_samples_a_run_can_return() {
        // With a shot budget every returned sample is a shot, so the budget bounds the samples.
        let s = samples(&request(Backend::Clifford2017, 1 << 20), TRILLION, Some(1_000), &Silent).unwrap();
        assert_eq!((s.count, s.occupations.len()), (1_000, 4_000));
        // A noisy source may return photon-less samples, which are no shots: the budget bounds nothing unless
        // the filter asks for a photon.
        let mut req = noisy(request(Backend::Clifford2017, 1 << 20));
        resource_limit(samples(&req, TRILLION, Some(1_000), &Silent));
        req.min_detected_photons = Some(1);
        let s = samples(&req, TRILLION, Some(1_000), &Silent).unwrap();
        assert!(s.count <= 1_000 && s.count > 0, "{}", s.count);
        // Under the limit nothing changes: 100 000 samples of 4 modes take 800 kB.
        assert_eq!(samples(&request(Backend::Clifford2017, 1 << 20), 100_000, None, &Silent).unwrap().count, 100_000);
        resource_limit(samples(&request(Backend::Clifford2017, 1 << 20), 140_000, None, &Silent));
    }

    #[test]
    fn strong_backends_do_not_sample() {
        // Drawing from a computed distribution is the Sampler's conversion (core's `selectPrimitive`), not a
        // second path of the engine.
        for backend in [Backend::Slos, Backend::Naive] {
            match samples(&request(backend, 1 << 20), 10, None, &Silent) {
                Err(EngineError::Validation { field, message }) => {
                    assert_eq!(field, "request.backend");
                    assert!(message.contains("computes probabilities, not samples"), "{message}");
                }
                other => panic!("expected a validation error, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_cancel_during_a_large_run_returns_a_prefix_promptly() {
        // A hundred million samples (800 MB with JavaScript's copy) are allowed by a 1 GB limit; the caller
        // cancels after 300 000 checks. Every sample checks at least once (the fast path checks before each
        // sample and between its photons), so the run stops within as many samples: past the first batch,
        // long before the end.
        let req = request(Backend::Clifford2017, 1 << 30);
        let probe = Probe::new(300_000);
        let part = samples(&req, 100_000_000, None, &probe).unwrap();
        assert!(part.canceled);
        assert!(part.count > BATCH_SAMPLES && part.count <= 300_000, "{} samples", part.count);
        // A prefix of the uncanceled sequence of the same seed.
        let whole = samples(&req, part.count + 10, None, &Silent).unwrap();
        assert_eq!(part.occupations, whole.occupations[..part.count * 4]);
        // The buffer grew with the samples drawn (batch by batch), not with the hundred million asked for.
        assert!(part.occupations.capacity() <= 2 * (part.count + BATCH_SAMPLES) * 4, "{}", part.occupations.capacity());
        // Progress ran smoothly through the batches, as fractions of the whole run.
        let fractions = probe.fractions.lock().unwrap();
        assert!(fractions.len() >= 10, "{} reports", fractions.len());
        assert!(fractions.iter().all(|f| (0.0..=0.004).contains(f)), "{fractions:?}");
        assert!(fractions.iter().any(|&f| f > BATCH_SAMPLES as f64 / 1e8));
    }
}
