//! Inputs made of one group of indistinguishable photons plus single distinguishable photons (what a noisy source
//! emits): the group's distribution, then one convolution per distinguishable photon, each a real-valued SLOS layer
//! step ([`slos::convolve_photon`]). Inputs processed in sorted order share their common prefixes: the partial
//! convolutions of the previous input stay on a stack.

use std::rc::Rc;

use crate::control::Control;
use crate::distribution::Blocks;
use crate::error::Result;
use crate::fock::count_states;
use crate::memory;
use crate::slos;

use super::strong::Strong;

pub(crate) struct Convolver {
    base: Option<Vec<u8>>,
    /// Distinguishable photons' input modes applied so far, in order.
    applied: Vec<usize>,
    /// `stack[i]`: the base group's distribution convolved with the first `i` photons of `applied`.
    stack: Vec<Rc<Blocks<f64>>>,
}

impl Convolver {
    pub fn new() -> Convolver {
        Convolver { base: None, applied: Vec::new(), stack: Vec::new() }
    }

    /// The distribution of `base` (a group of indistinguishable photons, possibly empty) together with one
    /// distinguishable photon entering each of `singles` (sorted), under exact herald masks.
    pub fn distribution(
        &mut self,
        strong: &mut Strong,
        base: &[u8],
        singles: &[usize],
        control: &dyn Control,
    ) -> Result<Rc<Blocks<f64>>> {
        let prepared = strong.prepared();
        if self.base.as_deref() != Some(base) {
            self.base = Some(base.to_vec());
            self.applied.clear();
            self.stack.clear();
            self.stack.push(strong.blocks(base, singles.is_empty(), control)?);
        }
        let common = self.applied.iter().zip(singles).take_while(|(a, b)| a == b).count();
        self.applied.truncate(common);
        self.stack.truncate(common + 1);
        let total_photons = base.iter().map(|&k| k as usize).sum::<usize>() + singles.len();
        let caps: Vec<u8> = prepared.mask_heralds.iter().map(|h| h.expected).collect();
        let unitary = &prepared.circuit.unitary;
        let modes = prepared.circuit.modes;
        for &mode in &singles[common..] {
            let parent = self.stack.last().expect("the base is on the stack").clone();
            let states = count_states(parent.n + 1, modes).unwrap_or(u64::MAX);
            let held: u64 = self.stack.iter().map(|b| b.len() as u64).sum();
            let required = states.checked_add(held).and_then(|s| s.checked_mul(16));
            let what = format!("convolving distinguishable photons ({} output states)", memory::group_digits(states));
            memory::check(required, prepared.memory_limit, &what)?;
            let q: Vec<f64> = (0..modes).map(|j| unitary.get(j, mode).norm_sqr()).collect();
            let next = slos::convolve_photon(&parent, &q, &caps, total_photons, prepared.threads, control)?;
            self.stack.push(Rc::new(next));
            self.applied.push(mode);
        }
        Ok(self.stack.last().expect("non-empty stack").clone())
    }
}
