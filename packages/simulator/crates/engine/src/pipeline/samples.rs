//! `samples()`: output states drawn one by one (simulation.md §4, `NoisySamplingSimulator` and the Sampler).
//!
//! With Clifford & Clifford 2017 each drawn source state is sampled group by group (groups of distinguishable
//! photons sample independently and their outputs add), then the detectors, the min-detected-photons filter, the
//! heralds and the post-selection accept or reject it; a shot is a draw in which at least one photon was detected.
//! With a strong backend the exact distribution is computed once and sampled.

use std::collections::HashMap;

use crate::clifford::CliffordSampler;
use crate::control::Control;
use crate::distribution::StateMap;
use crate::error::{EngineError, Result};
use crate::request::{Backend, Distribution, DistributionStorage, PostSelectExpr, Request, Samples};
use crate::rng::Rng;

use super::inputs::{weighted_inputs, PureInput, WeightedInput};
use super::postprocess::photons;
use super::prepare::{prepare, Prepared};
use super::probs::probs;

pub(crate) const PHASE_SAMPLING: &str = "sampling";

/// Without any accepted sample after this many draws the acceptance is taken to be zero and sampling stops.
const HOPELESS_DRAWS: u64 = 1_000_000;
/// Largest number of source draws sampled together.
const MAX_BATCH: usize = 4096;
/// Smallest batch (Perceval's minimum).
const MIN_BATCH: usize = 16;
/// Draws between cancellation checks when sampling a computed distribution.
const CHECK_EVERY: usize = 4096;

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

/// Up to `max_samples` output states of `request`, stopping early after `max_shots` shots.
pub fn samples(
    request: &Request,
    max_samples: usize,
    max_shots: Option<u64>,
    control: &dyn Control,
) -> Result<Samples> {
    let prepared = prepare(request)?;
    match request.backend {
        Backend::Clifford2017 => clifford_samples(&prepared, max_samples, max_shots, control),
        Backend::Slos | Backend::Naive => {
            let dist = probs(request, control)?;
            let count = max_shots.map_or(max_samples, |s| max_samples.min(usize::try_from(s).unwrap_or(usize::MAX)));
            Ok(draw_from(&dist, count, request.seed, control))
        }
    }
}

/// Appends the state of a given index to a buffer.
type StateWriter<'a> = Box<dyn Fn(usize, &mut Vec<u8>) + 'a>;

/// `count` independent draws from a computed distribution (partial on cancel).
fn draw_from(dist: &Distribution, count: usize, seed: u64, control: &dyn Control) -> Samples {
    let m = dist.m;
    let (probs, state_at): (&[f64], StateWriter) = match &dist.storage {
        DistributionStorage::Dense { n, probs } => {
            let (n, m) = (*n, m);
            (probs, Box::new(move |i, out: &mut Vec<u8>| out.extend(crate::fock::unrank(i as u64, n, m))))
        }
        DistributionStorage::Sparse { occupations, probs } => {
            (probs, Box::new(move |i, out: &mut Vec<u8>| out.extend_from_slice(&occupations[i * m..(i + 1) * m])))
        }
    };
    let mut result = Samples {
        m,
        occupations: Vec::new(),
        count: 0,
        global_perf: dist.global_perf,
        physical_perf: dist.physical_perf,
        logical_perf: dist.logical_perf,
        canceled: false,
    };
    if probs.is_empty() {
        return result;
    }
    let mut cdf = Vec::with_capacity(probs.len());
    let mut acc = 0.0;
    for &p in probs {
        acc += p;
        cdf.push(acc);
    }
    let total = acc;
    let mut rng = Rng::seed_from_u64(seed);
    result.occupations.reserve(count.saturating_mul(m).min(1 << 30));
    for i in 0..count {
        if i % CHECK_EVERY == 0 && i > 0 {
            if control.is_canceled() {
                result.canceled = true;
                break;
            }
            control.progress(i as f64 / count as f64, PHASE_SAMPLING);
        }
        let u = rng.next_f64() * total;
        let idx = cdf.partition_point(|&c| c <= u).min(probs.len() - 1);
        state_at(idx, &mut result.occupations);
        result.count += 1;
    }
    result
}

/// `probs()` estimated from samples, as Perceval's Sampler does for a sampling backend.
pub(crate) fn probs_from_samples(prepared: &Prepared, count: usize, control: &dyn Control) -> Result<Distribution> {
    let s = clifford_samples(prepared, count, None, control)?;
    if s.canceled {
        return Err(EngineError::Canceled);
    }
    let mut map = StateMap::new(s.m);
    for i in 0..s.count {
        map.add(&s.occupations[i * s.m..(i + 1) * s.m], 1.0);
    }
    let norm = s.count as f64;
    Ok(map.into_distribution(norm, s.global_perf, s.physical_perf, s.logical_perf))
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
    let kept: Vec<&WeightedInput> = inputs.iter().filter(|i| i.photons >= prepared.min_total && i.p > 0.0).collect();
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
    let no_post_select = request.post_select.as_ref().is_none_or(|ps| *ps == PostSelectExpr::True);

    // Fast path: one perfect Fock input, PNR detectors, nothing to reject.
    if let [single] = kept.as_slice() {
        let groups = groups_of(single);
        if groups.len() == 1
            && !circuit.has_losses()
            && prepared.all_pnr
            && prepared.heralds.is_empty()
            && no_post_select
        {
            let count = max_shots.map_or(max_samples, |s| max_samples.min(usize::try_from(s).unwrap_or(usize::MAX)));
            let sampler = CliffordSampler::new(unitary, &groups[0])?;
            let batch = sampler.sample_many(count, request.seed, prepared.threads, control);
            result.occupations = batch.occupations;
            result.count = batch.count;
            result.canceled = batch.canceled;
            result.logical_perf = 1.0;
            result.global_perf = source_physical;
            return Ok(result);
        }
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
    let m = prepared.m;
    let mut detected = vec![0u8; m];
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
        for raw in &outputs {
            tally.draws += 1;
            for (d, (&k, det)) in detected.iter_mut().zip(raw.iter().zip(&prepared.detectors)) {
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
