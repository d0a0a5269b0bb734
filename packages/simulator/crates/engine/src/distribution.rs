//! Containers of output states: dense blocks straight from a strong backend, and a sparse map for everything the
//! processor pipeline combines (noisy inputs, distinguishable photons, detectors, heralds).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::fock::{rank, FockIter};
use crate::request::{Distribution, DistributionStorage, PROBABILITY_FLOOR};

/// The outputs of a strong backend that share one herald occupation: every state of `free_photons` photons on the
/// free modes, in `FSArray` order of the free modes.
#[derive(Clone, Debug, PartialEq)]
pub struct Block<T> {
    pub herald_occupations: Vec<u8>,
    pub free_photons: usize,
    pub values: Vec<T>,
}

/// Strong-simulation results: for each herald occupation vector that can match, a dense block over the free modes.
/// Without heralds there is a single block holding the whole output space in `FSArray` order.
#[derive(Clone, Debug, PartialEq)]
pub struct Blocks<T> {
    pub m: usize,
    pub n: usize,
    /// Heralded modes, in the order of the setup's heralds.
    pub herald_modes: Vec<usize>,
    /// The other modes, ascending.
    pub free_modes: Vec<usize>,
    pub blocks: Vec<Block<T>>,
}

impl<T> Blocks<T> {
    /// Calls `f(occupations over all m modes, value)` for every computed output.
    pub fn for_each(&self, mut f: impl FnMut(&[u8], &T)) {
        let mut full = vec![0u8; self.m];
        for block in &self.blocks {
            for (&mode, &o) in self.herald_modes.iter().zip(&block.herald_occupations) {
                full[mode] = o;
            }
            let mut states = FockIter::new(block.free_photons, self.free_modes.len());
            let mut values = block.values.iter();
            while let (Some(free), Some(v)) = (states.next_ref(), values.next()) {
                for (&mode, &o) in self.free_modes.iter().zip(free) {
                    full[mode] = o;
                }
                f(&full, v);
            }
        }
    }

    /// Number of computed outputs.
    pub fn len(&self) -> usize {
        self.blocks.iter().map(|b| b.values.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// FNV-1a over the occupation bytes: states are short byte strings and the maps are private to one computation, so
/// a fast non-keyed hash is enough.
#[derive(Default)]
pub struct StateHasher(u64);

impl Hasher for StateHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type StateBuild = BuildHasherDefault<StateHasher>;

/// A sparse distribution over Fock states of `m` modes.
#[derive(Clone, Debug, Default)]
pub struct StateMap {
    pub m: usize,
    pub map: HashMap<Vec<u8>, f64, StateBuild>,
}

impl StateMap {
    pub fn new(m: usize) -> StateMap {
        StateMap { m, map: HashMap::default() }
    }

    /// The distribution holding `state` with probability 1.
    pub fn certain(state: Vec<u8>) -> StateMap {
        let mut d = StateMap::new(state.len());
        d.map.insert(state, 1.0);
        d
    }

    pub fn add(&mut self, state: &[u8], p: f64) {
        if let Some(v) = self.map.get_mut(state) {
            *v += p;
        } else {
            self.map.insert(state.to_vec(), p);
        }
    }

    pub fn total(&self) -> f64 {
        self.map.values().sum()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Adds `weight ×` every entry of `other`.
    pub fn add_scaled(&mut self, other: &StateMap, weight: f64) {
        for (s, &p) in &other.map {
            self.add(s, p * weight);
        }
    }

    /// The distribution of the mode-wise sum of two independent states (distinguishable photons detected together).
    pub fn convolve(&self, other: &StateMap) -> StateMap {
        let mut out = StateMap::new(self.m);
        let mut merged = vec![0u8; self.m];
        for (a, &pa) in &self.map {
            for (b, &pb) in &other.map {
                for i in 0..self.m {
                    merged[i] = a[i] + b[i];
                }
                out.add(&merged, pa * pb);
            }
        }
        out
    }

    /// Keeps the states for which `keep` holds; returns the probability kept.
    pub fn retain(&mut self, mut keep: impl FnMut(&[u8]) -> bool) -> f64 {
        self.map.retain(|s, _| keep(s));
        self.total()
    }

    /// Maps every state through `f` (which may merge states).
    pub fn map_states(&self, m: usize, mut f: impl FnMut(&[u8], &mut Vec<u8>)) -> StateMap {
        let mut out = StateMap::new(m);
        let mut buf = Vec::with_capacity(m);
        for (s, &p) in &self.map {
            buf.clear();
            f(s, &mut buf);
            out.add(&buf, p);
        }
        out
    }

    /// Entries sorted by photon count, then in `FSArray` order.
    pub fn sorted(&self) -> Vec<(&[u8], f64)> {
        let mut entries: Vec<(usize, u64, &[u8], f64)> = self
            .map
            .iter()
            .map(|(s, &p)| (s.iter().map(|&k| k as usize).sum::<usize>(), rank(s), s.as_slice(), p))
            .collect();
        entries.sort_unstable_by_key(|e| (e.0, e.1));
        entries.into_iter().map(|(_, _, s, p)| (s, p)).collect()
    }

    /// The sparse result, each probability divided by `norm`, dropping states below [`PROBABILITY_FLOOR`] of the total (numerical
    /// zeros such as the `|1,1>` of a HOM dip).
    pub fn into_distribution(self, norm: f64, global_perf: f64, physical_perf: f64, logical_perf: f64) -> Distribution {
        let floor = PROBABILITY_FLOOR * norm.abs();
        let mut occupations = Vec::new();
        let mut probs = Vec::new();
        for (s, p) in self.sorted() {
            if p > floor {
                occupations.extend_from_slice(s);
                probs.push(p / norm);
            }
        }
        Distribution {
            m: self.m,
            storage: DistributionStorage::Sparse { occupations, probs },
            global_perf,
            physical_perf,
            logical_perf,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn convolution_adds_occupations_and_multiplies_probabilities() {
        let mut a = StateMap::new(2);
        a.add(&[1, 0], 0.5);
        a.add(&[0, 1], 0.5);
        let b = a.clone();
        let c = a.convolve(&b);
        assert_eq!(c.map.get(&vec![2, 0]).copied(), Some(0.25));
        assert_eq!(c.map.get(&vec![1, 1]).copied(), Some(0.5));
        assert_eq!(c.map.get(&vec![0, 2]).copied(), Some(0.25));
    }

    #[test]
    fn sparse_results_are_sorted_by_photon_count_then_fsarray_order() {
        let mut d = StateMap::new(2);
        d.add(&[0, 2], 0.2);
        d.add(&[1, 0], 0.1);
        d.add(&[2, 0], 0.3);
        d.add(&[1, 1], 0.4);
        d.add(&[0, 1], 1e-30);
        let dist = d.into_distribution(1.0, 1.0, 1.0, 1.0);
        match dist.storage {
            DistributionStorage::Sparse { occupations, probs } => {
                assert_eq!(occupations, vec![1, 0, 2, 0, 1, 1, 0, 2]);
                assert_eq!(probs, vec![0.1, 0.3, 0.4, 0.2]);
            }
            other => panic!("expected sparse storage, got {other:?}"),
        }
    }
}
