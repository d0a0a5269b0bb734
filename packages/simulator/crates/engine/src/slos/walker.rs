//! SLOS over a sequence of inputs, reusing the layers of the photons they share.
//!
//! A noisy source feeds the circuit with many sub-states of the requested input (some photons lost, some made
//! distinguishable). With photons added in increasing mode order, two inputs share the layers of their common
//! photon prefix, so the walker keeps the layers of the last input on a stack and only computes what differs
//! (the multi-input "tree" of Perceval's SLOS, walked in the order the inputs come). Layers are pruned by the heralds
//! with "at most" semantics, which does not depend on the input; exact matching is applied to the last layer.

use std::sync::atomic::AtomicU64;

use super::kernel::{self, Coef, Weights};
use super::layout::{LayerSlots, Layout};
use super::{convert_blocks, layer_tasks, run_layer, Block, Blocks, HeraldFit, Progress};
use crate::complex::C64;
use crate::control::Control;
use crate::error::{EngineError, Result};
use crate::fock::{factorial, CountTable};
use crate::matrix::Matrix;
use crate::permanent::Verified;
use crate::request::Herald;

pub struct SlosWalker<'a> {
    unitary: &'a Matrix,
    herald_modes: Vec<usize>,
    free_modes: Vec<usize>,
    caps: Vec<u8>,
    max_photons: usize,
    threads: usize,
    layout: Layout,
    counts: CountTable,
    sqrt_occupation: Vec<f64>,
    /// Input modes of the photons whose layers are on the stack.
    path: Vec<usize>,
    /// `layers[k]`: the layer after the first `k` photons of `path` (layer 0 is the vacuum).
    layers: Vec<(Vec<Coef>, LayerSlots)>,
}

impl<'a> SlosWalker<'a> {
    /// A walker for inputs of at most `max_photons` photons through `unitary`, outputs masked by `heralds`.
    pub fn new(unitary: &'a Matrix, heralds: &[Herald], max_photons: usize, threads: usize) -> Result<SlosWalker<'a>> {
        let m = unitary.rows;
        if unitary.cols != m || unitary.data.len() != m * m {
            return Err(EngineError::validation("unitary", "SLOS needs a square unitary"));
        }
        let mut herald_modes: Vec<usize> = Vec::with_capacity(heralds.len());
        for h in heralds {
            if h.mode >= m || herald_modes.contains(&h.mode) {
                return Err(EngineError::validation(
                    "heralds",
                    format!("herald mode {} is out of range or repeated", h.mode),
                ));
            }
            herald_modes.push(h.mode);
        }
        let free_modes: Vec<usize> = (0..m).filter(|i| !herald_modes.contains(i)).collect();
        let caps: Vec<u8> = heralds.iter().map(|h| h.expected).collect();
        let layout = Layout::new(caps.clone(), free_modes.len(), max_photons, HeraldFit::AtMost);
        let counts = CountTable::new(max_photons, free_modes.len());
        let sqrt_occupation = (0..=max_photons).map(|d| (d as f64).sqrt()).collect();
        let vacuum = layout.layer(0, &counts).ok_or_else(|| EngineError::validation("unitary", "no modes"))?;
        let mut first = vec![[0.0; 2]; vacuum.total];
        if let Some(c) = first.first_mut() {
            *c = [1.0, 0.0];
        }
        Ok(SlosWalker {
            unitary,
            herald_modes,
            free_modes,
            caps,
            max_photons,
            threads: crate::threads::resolve(threads),
            layout,
            counts,
            sqrt_occupation,
            path: Vec::new(),
            layers: vec![(first, vacuum)],
        })
    }

    /// Bytes held at the peak of [`SlosWalker::probabilities`] for an input of `photons` photons: every layer up to
    /// `photons` on the stack, plus the output. `None` if the sizes cannot be addressed.
    pub fn required_bytes(&self, photons: usize) -> Option<u64> {
        let mut total: u128 = 0;
        let mut last = 0;
        for k in 0..=photons.min(self.max_photons) {
            last = self.layout.layer(k, &self.counts)?.total;
            total += last as u128 * 16;
        }
        u64::try_from(total + last as u128 * 8).ok()
    }

    /// Output probabilities of `input` allowed by the heralds (exactly, or at most, the expected counts).
    pub fn probabilities(&mut self, input: &[u8], fit: HeraldFit, control: &dyn Control) -> Result<Blocks<f64>> {
        let m = self.unitary.rows;
        if input.len() != m {
            return Err(EngineError::validation("input", format!("the input has {} modes, not {m}", input.len())));
        }
        let photons: Vec<usize> =
            input.iter().enumerate().flat_map(|(mode, &k)| std::iter::repeat_n(mode, k as usize)).collect();
        let n = photons.len();
        if n > self.max_photons {
            return Err(EngineError::validation("input", format!("more than {} photons", self.max_photons)));
        }
        let common = self.path.iter().zip(&photons).take_while(|(a, b)| a == b).count();
        self.path.truncate(common);
        self.layers.truncate(common + 1);
        let mut sizes = Vec::with_capacity(n + 1);
        for k in common + 1..=n {
            sizes.push(self.layout.layer(k, &self.counts).ok_or_else(|| too_big(n, m))?);
        }
        let total_work: u64 = sizes.iter().map(|l| l.total as u64).sum::<u64>().max(1);
        let done = AtomicU64::new(0);
        for (k, child_slots) in (common + 1..=n).zip(sizes) {
            let column = photons[k - 1];
            let u = &self.unitary.data;
            let a_free: Vec<C64> = self.free_modes.iter().map(|&j| u[j * m + column]).collect();
            let a_herald: Vec<C64> = self.herald_modes.iter().map(|&j| u[j * m + column]).collect();
            let (parent, parent_slots) = self.layers.last().expect("the vacuum is always on the stack");
            let weights = Weights::new::<Coef>(&a_free, &self.sqrt_occupation);
            let tasks = layer_tasks::<Coef>(
                &self.layout,
                parent_slots,
                &child_slots,
                &weights,
                &a_herald,
                &self.sqrt_occupation,
                &self.counts,
            );
            let mut child = vec![[0.0; 2]; child_slots.total];
            let counts = &self.counts;
            let progress = Progress { control, done: &done, total_work };
            run_layer(tasks, &mut child, self.threads, progress, |task, slice: &mut [Coef], _: &mut Vec<Coef>| {
                kernel::run_task(slice, task, parent, &weights, counts, Verified::best());
            })?;
            self.layers.push((child, child_slots));
            self.path.push(column);
        }
        let (coefs, slots) = self.layers.last().expect("layer n is on the stack");
        let scale = 1.0 / input.iter().map(|&s| factorial(s as usize)).product::<f64>();
        let caps_index = exact_index(&self.caps);
        let keep = |idx: usize| fit == HeraldFit::AtMost || idx == caps_index;
        let blocks: Vec<Block<f64>> =
            convert_blocks(&self.layout, slots, coefs, keep, self.threads, |c| (c[0] * c[0] + c[1] * c[1]) * scale);
        Ok(Blocks { m, n, herald_modes: self.herald_modes.clone(), free_modes: self.free_modes.clone(), blocks })
    }
}

/// Prefix index of the herald occupation equal to the expected counts (the last one in mixed-radix order).
fn exact_index(caps: &[u8]) -> usize {
    caps.iter().map(|&c| c as usize + 1).product::<usize>() - 1
}

fn too_big(n: usize, m: usize) -> EngineError {
    EngineError::ResourceLimit {
        required_bytes: u64::MAX,
        limit_bytes: 0,
        message: format!("SLOS with {n} photons on {m} modes has more states than memory can address"),
    }
}
