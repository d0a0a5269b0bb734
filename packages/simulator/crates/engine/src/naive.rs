//! Naive strong simulation: one permanent per output state (docs/simulation.md),
//! `⟨t|U|s⟩ = Perm(U_{T,S}) / sqrt(Π s_i! · Π t_j!)`.
//!
//! It produces the same [`Blocks`] as SLOS (same herald pruning, same `FSArray` order), so the processor pipeline can
//! use either. It needs no memory beyond its output, which makes it the backend for few photons on many modes.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::complex::C64;
use crate::control::Control;
use crate::distribution::{Block, Blocks};
use crate::error::{EngineError, Result};
use crate::fock::{count_states, next_state, prod_factorials, unrank};
use crate::gurvits;
use crate::matrix::Matrix;
use crate::mps::Mps;
use crate::permanent::{permanent, permanent_with_threads};
use crate::rng::Rng;
use crate::slos::{HeraldFit, SlosSetup, PHASE};

/// Where the amplitude of each output state comes from.
#[derive(Clone, Copy)]
pub enum Source<'a> {
    /// One exact permanent per state (Naive).
    Exact,
    /// Gurvits' estimate of each permanent (`NaiveApprox`).
    Approx(Approx),
    /// The state computed by the MPS backend, read one output at a time.
    Mps(&'a Mps),
}

/// Gurvits' estimates in place of exact permanents (the `NaiveApprox` backend).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Approx {
    /// Draws per estimate.
    pub iterations: u64,
    /// Seed of the whole computation: each output state's estimate draws from its own stream of it.
    pub seed: u64,
}

impl Approx {
    /// The estimate of `Perm(sub)` for the output state numbered `state` (one thread: the states run in parallel).
    fn permanent(&self, sub: &Matrix, state: u64) -> C64 {
        let seed = Rng::stream(self.seed, state).next_u64();
        // The iteration count was validated with the request and the matrix is square, so this cannot fail.
        gurvits::estimate(sub, self.iterations, seed, gurvits::Z_99, 1, &crate::control::Silent)
            .map_or(C64::ZERO, |e| e.value)
    }
}

/// Most states per work item: enough to amortise the scheduling.
const CHUNK: usize = 256;
/// Complex multiply-adds per work item at most (a few milliseconds), so that cancellation stays prompt when each
/// permanent is large.
const CHUNK_WORK: f64 = 4e6;

/// States per work item for `n`-photon permanents (about `n·2^(n−1)` multiply-adds each).
fn chunk_states(n: usize) -> usize {
    let per_state = (n.max(1) as f64) * 2f64.powi(n.saturating_sub(1) as i32);
    ((CHUNK_WORK / per_state) as usize).clamp(1, CHUNK)
}

/// Modes repeated by their occupation: the rows (or columns) of `U_{T,S}`.
fn photon_modes(occupations: &[u8]) -> Vec<usize> {
    occupations.iter().enumerate().flat_map(|(mode, &k)| std::iter::repeat_n(mode, k as usize)).collect()
}

/// `⟨output|U|input⟩` from Gurvits' estimate of its permanent, with the error bound for the normal quantile `z`
/// (both scaled like the amplitude).
pub fn approx_amplitude(
    unitary: &Matrix,
    input: &[u8],
    output: &[u8],
    approx: Approx,
    z: f64,
    threads: usize,
    control: &dyn Control,
) -> Result<gurvits::Estimate> {
    let cols = photon_modes(input);
    let rows = photon_modes(output);
    if rows.len() != cols.len() {
        return Ok(gurvits::Estimate { value: C64::ZERO, error_bound: 0.0 });
    }
    let sub = unitary.submatrix(&rows, &cols);
    let e = gurvits::estimate(&sub, approx.iterations, approx.seed, z, threads, control)?;
    let norm = (prod_factorials(input) * prod_factorials(output)).sqrt();
    Ok(gurvits::Estimate { value: e.value / norm, error_bound: e.error_bound / norm })
}

/// `⟨output|U|input⟩` through one permanent, computed with `threads` threads.
pub fn amplitude(unitary: &Matrix, input: &[u8], output: &[u8], threads: usize) -> C64 {
    let cols = photon_modes(input);
    let rows = photon_modes(output);
    if rows.len() != cols.len() {
        return C64::ZERO;
    }
    let sub = unitary.submatrix(&rows, &cols);
    let perm = if threads == 1 { permanent(&sub) } else { permanent_with_threads(&sub, threads) };
    perm / (prod_factorials(input) * prod_factorials(output)).sqrt()
}

fn validate(setup: &SlosSetup) -> Result<(usize, Vec<usize>, Vec<usize>)> {
    let u = setup.unitary;
    let m = u.rows;
    if u.cols != m || u.data.len() != m * m {
        return Err(EngineError::validation(
            "unitary",
            format!("expected a square unitary, got {}×{}", u.rows, u.cols),
        ));
    }
    if setup.input.len() != m {
        return Err(EngineError::validation(
            "input",
            format!("the input state has {} modes but the circuit has {m}", setup.input.len()),
        ));
    }
    let mut herald_modes = Vec::new();
    for h in setup.heralds {
        if h.mode >= m || herald_modes.contains(&h.mode) {
            return Err(EngineError::validation(
                "heralds",
                format!("herald mode {} is out of range or repeated", h.mode),
            ));
        }
        herald_modes.push(h.mode);
    }
    let free_modes = (0..m).filter(|i| !herald_modes.contains(i)).collect();
    Ok((m, herald_modes, free_modes))
}

/// Herald occupation vectors whose block can hold outputs, in the order SLOS lists them.
fn herald_patterns(caps: &[u8], n: usize, fit: HeraldFit) -> Vec<Vec<u8>> {
    let total: usize = caps.iter().map(|&c| c as usize).sum();
    if fit == HeraldFit::Exact {
        return if total <= n { vec![caps.to_vec()] } else { Vec::new() };
    }
    let radices: usize = caps.iter().map(|&c| c as usize + 1).product();
    (0..radices)
        .map(|mut idx| {
            caps.iter()
                .map(|&c| {
                    let o = (idx % (c as usize + 1)) as u8;
                    idx /= c as usize + 1;
                    o
                })
                .collect::<Vec<u8>>()
        })
        .filter(|o| o.iter().map(|&x| x as usize).sum::<usize>() <= n)
        .collect()
}

/// Bytes of the output for values of `value_bytes` bytes, or `None` if it cannot be addressed.
pub fn required_bytes(setup: &SlosSetup, value_bytes: u64) -> Result<Option<u64>> {
    let (_, _, free_modes) = validate(setup)?;
    let n: usize = setup.input.iter().map(|&k| k as usize).sum();
    let caps: Vec<u8> = setup.heralds.iter().map(|h| h.expected).collect();
    let mut total: u128 = 0;
    for o in herald_patterns(&caps, n, setup.fit) {
        let used: usize = o.iter().map(|&x| x as usize).sum();
        match count_states(n - used, free_modes.len()) {
            Some(c) => total += u128::from(c),
            None => return Ok(None),
        }
    }
    Ok(u64::try_from(total * u128::from(value_bytes)).ok())
}

/// Every output amplitude allowed by the heralds, one permanent each, spread over the threads.
fn compute<T: Send + Copy + Default>(
    setup: &SlosSetup,
    control: &dyn Control,
    source: Source,
    value: impl Fn(C64) -> T + Sync,
) -> Result<Blocks<T>> {
    let (m, herald_modes, free_modes) = validate(setup)?;
    let n: usize = setup.input.iter().map(|&k| k as usize).sum();
    let caps: Vec<u8> = setup.heralds.iter().map(|h| h.expected).collect();
    let patterns = herald_patterns(&caps, n, setup.fit);
    let threads = crate::threads::resolve(setup.threads);
    let f = free_modes.len();
    let sizes: Vec<usize> = patterns
        .iter()
        .map(|o| {
            let used: usize = o.iter().map(|&x| x as usize).sum();
            count_states(n - used, f).and_then(|c| usize::try_from(c).ok()).unwrap_or(usize::MAX)
        })
        .collect();
    if sizes.contains(&usize::MAX) {
        return Err(EngineError::ResourceLimit {
            required_bytes: u64::MAX,
            limit_bytes: 0,
            message: format!("the output space of {n} photons on {m} modes is too large to enumerate"),
        });
    }
    let total: u64 = sizes.iter().map(|&s| s as u64).sum::<u64>().max(1);
    let done = AtomicU64::new(0);
    let canceled = AtomicBool::new(false);
    let input_weight = prod_factorials(setup.input);
    let cols = photon_modes(setup.input);
    let mut blocks = Vec::with_capacity(patterns.len());
    for (pattern, (o, &size)) in patterns.iter().zip(&sizes).enumerate() {
        let free_photons = n - o.iter().map(|&x| x as usize).sum::<usize>();
        let mut values = vec![T::default(); size];
        // Work items: chunks of consecutive states, each starting from its unranked first state.
        let chunk = match source {
            Source::Approx(a) => ((CHUNK_WORK / (a.iterations as f64 * (n * n) as f64)) as usize).clamp(1, CHUNK),
            Source::Exact | Source::Mps(_) => chunk_states(n),
        };
        let mut items: Vec<(usize, &mut [T])> =
            values.chunks_mut(chunk).enumerate().map(|(i, c)| (i * chunk, c)).collect();
        let next = std::sync::Mutex::new(items.iter_mut());
        let worker = || {
            let mut full = vec![0u8; m];
            for (&mode, &k) in herald_modes.iter().zip(o) {
                full[mode] = k;
            }
            loop {
                let item = next.lock().map_or(None, |mut it| it.next());
                let Some((start, out)) = item else { break };
                if canceled.load(Ordering::Relaxed) || control.is_canceled() {
                    canceled.store(true, Ordering::Relaxed);
                    break;
                }
                let mut free = unrank(*start as u64, free_photons, f);
                for (offset, slot) in out.iter_mut().enumerate() {
                    for (&mode, &k) in free_modes.iter().zip(&free) {
                        full[mode] = k;
                    }
                    let amplitude = match &source {
                        Source::Mps(mps) => mps.amplitude(&full),
                        Source::Approx(a) => {
                            let sub = setup.unitary.submatrix(&photon_modes(&full), &cols);
                            a.permanent(&sub, ((pattern as u64) << 40) | (*start + offset) as u64)
                                / (input_weight * prod_factorials(&full)).sqrt()
                        }
                        Source::Exact => {
                            let sub = setup.unitary.submatrix(&photon_modes(&full), &cols);
                            permanent(&sub) / (input_weight * prod_factorials(&full)).sqrt()
                        }
                    };
                    *slot = value(amplitude);
                    next_state(&mut free);
                }
                let now = done.fetch_add(out.len() as u64, Ordering::Relaxed) + out.len() as u64;
                control.progress(now as f64 / total as f64, PHASE);
            }
        };
        crate::threads::run_workers(if size <= chunk { 1 } else { threads }, worker);
        if canceled.load(Ordering::Relaxed) {
            return Err(EngineError::Canceled);
        }
        blocks.push(Block { herald_occupations: o.clone(), free_photons, values });
    }
    Ok(Blocks { m, n, herald_modes, free_modes, blocks })
}

/// Output probabilities allowed by the heralds (not normalised when heralds prune).
pub fn probabilities(setup: &SlosSetup, control: &dyn Control) -> Result<Blocks<f64>> {
    compute(setup, control, Source::Exact, super::complex::C64::norm_sqr)
}

/// [`probabilities`] from another source of amplitudes (`NaiveApprox`'s estimates, an MPS).
pub fn probabilities_from(setup: &SlosSetup, source: Source, control: &dyn Control) -> Result<Blocks<f64>> {
    compute(setup, control, source, super::complex::C64::norm_sqr)
}

/// [`amplitudes`] from another source of amplitudes (`NaiveApprox`'s estimates, an MPS).
pub fn amplitudes_from(setup: &SlosSetup, source: Source, control: &dyn Control) -> Result<Blocks<C64>> {
    compute(setup, control, source, |a| a)
}

/// Output amplitudes allowed by the heralds.
pub fn amplitudes(setup: &SlosSetup, control: &dyn Control) -> Result<Blocks<C64>> {
    compute(setup, control, Source::Exact, |a| a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::Silent;
    use crate::request::Herald;
    use crate::rng::Rng;

    #[test]
    fn naive_and_slos_agree_on_haar_unitaries() {
        let mut rng = Rng::seed_from_u64(3);
        for (m, input) in [(4usize, vec![1u8, 1, 1, 1]), (5, vec![1, 2, 0, 1, 1]), (6, vec![1, 1, 1, 1, 1, 1])] {
            let u = Matrix::random_haar(m, &mut rng);
            for heralds in [vec![], vec![Herald { mode: 1, expected: 1 }]] {
                for fit in [HeraldFit::Exact, HeraldFit::AtMost] {
                    let setup = SlosSetup { unitary: &u, input: &input, heralds: &heralds, fit, threads: 2 };
                    let a = probabilities(&setup, &Silent).unwrap();
                    let b = crate::slos::probabilities(&setup, &Silent).unwrap();
                    assert_eq!(a.blocks.len(), b.blocks.len());
                    for (x, y) in a.blocks.iter().zip(&b.blocks) {
                        assert_eq!(x.herald_occupations, y.herald_occupations);
                        assert_eq!(x.values.len(), y.values.len());
                        for (p, q) in x.values.iter().zip(&y.values) {
                            assert!((p - q).abs() < 1e-12, "m={m} {p} vs {q}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_photon_number_mismatch_has_zero_amplitude_and_vacuum_has_one() {
        let u = Matrix::identity(2);
        assert_eq!(amplitude(&u, &[1, 0], &[1, 1], 1), C64::ZERO);
        assert_eq!(amplitude(&u, &[0, 0], &[0, 0], 1), C64::ONE);
    }
}
