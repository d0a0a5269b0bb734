//! `D = Σ_inputs p · (output distribution of the input)`, kept dense per photon count while the outputs cover whole
//! Fock spaces (no herald mask, no loss), so a noisy source on a large circuit adds arrays instead of hashing every
//! state.

use crate::control::Control;
use crate::distribution::{Blocks, StateMap};
use crate::error::{EngineError, Result};
use crate::fock::{count_states, FockIter};
use crate::memory;
use crate::request::{Distribution, DistributionStorage, PROBABILITY_FLOOR};

use super::strong::GroupDist;

/// Bytes per entry of a [`StateMap`] holding states of `m` modes (key, value, table overhead): for the memory guard.
pub(crate) fn map_entry_bytes(m: usize) -> u64 {
    m as u64 + 64
}

pub(crate) struct Accum {
    m: usize,
    /// `dense[n][rank]` for outputs of `n` photons over all `m` modes.
    dense: Vec<Option<Vec<f64>>>,
    sparse: StateMap,
    limit: u64,
}

impl Accum {
    pub fn new(m: usize, limit: u64) -> Accum {
        Accum { m, dense: Vec::new(), sparse: StateMap::new(m), limit }
    }

    /// Adds `weight ×` a group distribution.
    pub fn add(&mut self, dist: &GroupDist, weight: f64) -> Result<()> {
        match dist {
            GroupDist::Dense(blocks) => self.add_blocks(blocks, weight),
            GroupDist::Sparse(map) => {
                self.sparse.add_scaled(map, weight);
                Ok(())
            }
        }
    }

    fn add_blocks(&mut self, blocks: &Blocks<f64>, weight: f64) -> Result<()> {
        if blocks.herald_modes.is_empty() && blocks.m == self.m {
            if let [block] = blocks.blocks.as_slice() {
                let n = block.free_photons;
                if self.dense.len() <= n {
                    self.dense.resize_with(n + 1, || None);
                }
                if self.dense[n].is_none() {
                    let states = count_states(n, self.m).unwrap_or(u64::MAX);
                    memory::check(states.checked_mul(8), self.limit, "accumulating the output distribution")?;
                    self.dense[n] = Some(vec![0.0; block.values.len()]);
                }
                if let Some(acc) = self.dense[n].as_mut() {
                    for (a, &v) in acc.iter_mut().zip(&block.values) {
                        *a += weight * v;
                    }
                }
                return Ok(());
            }
        }
        blocks.for_each(|state, &p| {
            if p > 0.0 {
                self.sparse.add(&state[..self.m], weight * p);
            }
        });
        Ok(())
    }

    /// Adds `weight ×` a sparse distribution.
    pub fn add_map(&mut self, map: &StateMap, weight: f64) {
        self.sparse.add_scaled(map, weight);
    }

    pub fn total(&self) -> f64 {
        let dense: f64 = self.dense.iter().flatten().map(|v| v.iter().sum::<f64>()).sum();
        dense + self.sparse.total()
    }

    /// States the accumulator holds (dense entries counted in full).
    pub fn len(&self) -> u64 {
        self.dense.iter().flatten().map(|v| v.len() as u64).sum::<u64>() + self.sparse.len() as u64
    }

    /// True when everything sits in dense arrays, i.e. no sparse map is needed to hold it.
    pub fn is_dense(&self) -> bool {
        self.sparse.is_empty()
    }

    /// The result as is (no post-processing), normalised by `norm`: dense when a single photon count is present,
    /// else sparse sorted by photon count then `FSArray` order. Stops with [`EngineError::Canceled`] on a cancel.
    pub fn into_distribution(
        self,
        norm: f64,
        global: f64,
        physical: f64,
        logical: f64,
        control: &dyn Control,
    ) -> Result<Distribution> {
        if !self.is_dense() {
            return Ok(self.merged(control)?.into_distribution(norm, global, physical, logical));
        }
        let present: Vec<usize> = (0..self.dense.len()).filter(|&n| self.dense[n].is_some()).collect();
        let storage = match present.as_slice() {
            [n] => {
                let mut probs = self.dense.into_iter().nth(*n).flatten().unwrap_or_default();
                if norm != 1.0 {
                    probs.iter_mut().for_each(|p| *p /= norm);
                }
                DistributionStorage::Dense { n: *n, probs }
            }
            _ => {
                let floor = PROBABILITY_FLOOR * norm;
                let mut occupations = Vec::new();
                let mut probs = Vec::new();
                for (n, v) in self.dense.into_iter().enumerate() {
                    let Some(v) = v else { continue };
                    let mut states = FockIter::new(n, self.m);
                    for (i, p) in v.into_iter().enumerate() {
                        poll(i, control)?;
                        if let Some(s) = states.next_ref() {
                            if p > floor {
                                occupations.extend_from_slice(s);
                                probs.push(p / norm);
                            }
                        }
                    }
                }
                DistributionStorage::Sparse { occupations, probs }
            }
        };
        Ok(Distribution { m: self.m, storage, global_perf: global, physical_perf: physical, logical_perf: logical })
    }

    /// Everything as one sparse map (for detectors, filters and post-selection); stops on a cancel.
    pub fn into_map(self, control: &dyn Control) -> Result<StateMap> {
        let entries = self.len();
        memory::check(
            entries.checked_mul(map_entry_bytes(self.m)),
            self.limit,
            &format!("post-processing {} output states", memory::group_digits(entries)),
        )?;
        self.merged(control)
    }

    /// The sum as a sparse map over `m` modes after `image` maps each state (equal images add): the polarized
    /// spatial states, summed straight from the dense arrays without a map of every state in between.
    pub fn into_map_of(
        self,
        m: usize,
        mut image: impl FnMut(&[u8], &mut Vec<u8>),
        control: &dyn Control,
    ) -> Result<StateMap> {
        // At most one entry per state summed, and per image: the states of `m` modes with as many photons as a dense
        // array's (the images of the sparse entries are not known ahead: one each).
        let images =
            self.dense.iter().enumerate().filter(|(_, v)| v.is_some()).fold(self.sparse.len() as u64, |sum, (n, _)| {
                sum.saturating_add(count_states(n, m).unwrap_or(u64::MAX))
            });
        let entries = self.len().min(images);
        memory::check(
            entries.checked_mul(map_entry_bytes(m)),
            self.limit,
            &format!("post-processing {} output states", memory::group_digits(entries)),
        )?;
        let mut out = StateMap::new(m);
        let mut buf = Vec::with_capacity(m);
        let mut add = |s: &[u8], p: f64| {
            image(s, &mut buf);
            out.add(&buf, p);
        };
        for (s, &p) in &self.sparse.map {
            add(s, p);
        }
        for_each_dense(self.dense, self.m, control, add)?;
        Ok(out)
    }

    /// The dense arrays' non-zero entries added into the sparse map (millions of hash insertions for a large
    /// result: polled for a cancel as it goes).
    fn merged(self, control: &dyn Control) -> Result<StateMap> {
        let mut map = self.sparse;
        for_each_dense(self.dense, self.m, control, |s, p| map.add(s, p))?;
        Ok(map)
    }
}

/// Calls `f` on every state of positive probability of the dense arrays (over `m` modes), polling for a cancel.
fn for_each_dense(
    dense: Vec<Option<Vec<f64>>>,
    m: usize,
    control: &dyn Control,
    mut f: impl FnMut(&[u8], f64),
) -> Result<()> {
    for (n, v) in dense.into_iter().enumerate() {
        let Some(v) = v else { continue };
        let mut states = FockIter::new(n, m);
        for (i, p) in v.into_iter().enumerate() {
            poll(i, control)?;
            if let Some(s) = states.next_ref() {
                if p > 0.0 {
                    f(s, p);
                }
            }
        }
    }
    Ok(())
}

/// States converted between two polls of the cancel flag (a few milliseconds of work at most).
const POLL_EVERY: usize = 1 << 16;

/// [`EngineError::Canceled`] when the caller canceled, checked every [`POLL_EVERY`] states.
fn poll(i: usize, control: &dyn Control) -> Result<()> {
    if i.is_multiple_of(POLL_EVERY) && control.is_canceled() {
        return Err(EngineError::Canceled);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::Silent;

    /// Cancels from its `after`-th poll on.
    struct CancelAfter(std::sync::atomic::AtomicUsize, usize);

    impl Control for CancelAfter {
        fn progress(&self, _: f64, _: &str) {}
        fn is_canceled(&self) -> bool {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= self.1
        }
    }

    /// Two photon counts of a 12-mode distribution: C(15, 4) = 1,365 states of 4 photons and C(17, 6) = 12,376
    /// of 6.
    fn accumulated() -> Accum {
        let mut acc = Accum::new(12, 1 << 30);
        for n in [4, 6] {
            let states = count_states(n, 12).unwrap() as usize;
            acc.dense.resize_with(n + 1, || None);
            acc.dense[n] = Some(vec![1.0; states]);
        }
        acc
    }

    #[test]
    fn building_a_large_result_stops_at_a_cancel() {
        // A sparse result is built from both dense arrays; a cancel between two polls stops it with Canceled.
        let canceled = CancelAfter(0.into(), 0);
        assert_eq!(accumulated().into_distribution(1.0, 1.0, 1.0, 1.0, &canceled), Err(EngineError::Canceled));
        assert!(matches!(accumulated().into_map(&canceled), Err(EngineError::Canceled)));
        // The map of a post-processed result is built the same way, and completes without a cancel.
        let total = count_states(4, 12).unwrap() + count_states(6, 12).unwrap();
        assert_eq!(accumulated().into_map(&Silent).unwrap().len() as u64, total);
        match accumulated().into_distribution(total as f64, 1.0, 1.0, 1.0, &Silent).unwrap().storage {
            DistributionStorage::Sparse { probs, .. } => assert_eq!(probs.len() as u64, total),
            other => panic!("{other:?}"),
        }
    }
}
