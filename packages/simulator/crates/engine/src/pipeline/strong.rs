//! The strong backends (SLOS, Naive) as the pipeline uses them: one group of indistinguishable photons at a time,
//! under the herald masks, behind the memory guard, with results cached per distinct group.

use std::collections::HashMap;
use std::rc::Rc;

use crate::complex::C64;
use crate::control::Control;
use crate::distribution::{Blocks, StateMap};
use crate::error::Result;
use crate::fock::count_states;
use crate::memory;
use crate::request::Backend;
use crate::slos::{HeraldFit, SlosSetup};
use crate::{naive, slos};

use super::prepare::Prepared;

/// The output distribution of one group.
pub(crate) enum GroupDist {
    /// Straight from the backend (lossless circuits).
    Dense(Blocks<f64>),
    /// Loss modes traced out.
    Sparse(StateMap),
}

pub(crate) struct Strong<'p, 'r> {
    prepared: &'p Prepared<'r>,
    naive: bool,
    probabilities: HashMap<(Vec<u8>, bool), Rc<GroupDist>>,
    amplitudes: HashMap<(Vec<u8>, bool), Rc<Blocks<C64>>>,
}

impl<'p, 'r> Strong<'p, 'r> {
    pub fn new(prepared: &'p Prepared<'r>) -> Strong<'p, 'r> {
        Strong {
            prepared,
            naive: prepared.request.backend == Backend::Naive,
            probabilities: HashMap::new(),
            amplitudes: HashMap::new(),
        }
    }

    fn name(&self) -> &'static str {
        if self.naive {
            "Naive"
        } else {
            "SLOS"
        }
    }

    /// Refuses groups whose computation would exceed the memory limit.
    fn check_memory(&self, setup: &SlosSetup, value_bytes: u64) -> Result<()> {
        let required =
            if self.naive { naive::required_bytes(setup, value_bytes)? } else { slos::required_bytes(setup, value_bytes)? };
        let n: usize = setup.input.iter().map(|&k| k as usize).sum();
        let states = count_states(n, setup.unitary.rows).map_or_else(|| "too many".to_string(), memory::group_digits);
        let what = format!(
            "{} with {n} photons on {} modes ({states} output states)",
            self.name(),
            setup.unitary.rows
        );
        memory::check(required, self.prepared.memory_limit, &what)
    }

    fn setup<'a>(&'a self, input: &'a [u8], fit: HeraldFit) -> SlosSetup<'a> {
        SlosSetup {
            unitary: &self.prepared.circuit.unitary,
            input,
            heralds: &self.prepared.mask_heralds,
            fit,
            threads: self.prepared.threads,
        }
    }

    /// Output probabilities of `group` (occupations of the real modes), masked by the PNR heralds (`exact`: the
    /// group holds every photon, so the heralds must match exactly; otherwise at most the expected counts).
    pub fn probabilities(&mut self, group: &[u8], exact: bool, control: &dyn Control) -> Result<Rc<GroupDist>> {
        let key = (group.to_vec(), exact);
        if let Some(d) = self.probabilities.get(&key) {
            return Ok(d.clone());
        }
        let dist = Rc::new(self.compute_probabilities(group, exact, control)?);
        self.probabilities.insert(key, dist.clone());
        Ok(dist)
    }

    /// [`Strong::probabilities`] without the cache, for a result used once and handed over without a copy.
    pub fn compute_probabilities(&self, group: &[u8], exact: bool, control: &dyn Control) -> Result<GroupDist> {
        let circuit = &self.prepared.circuit;
        let input = circuit.pad_input(group);
        let fit = if exact { HeraldFit::Exact } else { HeraldFit::AtMost };
        let setup = self.setup(&input, fit);
        self.check_memory(&setup, 8)?;
        let blocks =
            if self.naive { naive::probabilities(&setup, control)? } else { slos::probabilities(&setup, control)? };
        let dist = if circuit.has_losses() {
            let m = circuit.m;
            let mut traced = StateMap::new(m);
            blocks.for_each(|state, &p| {
                if p > 0.0 {
                    traced.add(&state[..m], p);
                }
            });
            GroupDist::Sparse(traced)
        } else {
            GroupDist::Dense(blocks)
        };
        Ok(dist)
    }

    /// Output amplitudes of `group` over every mode (loss modes included), masked like [`Strong::probabilities`].
    pub fn amplitudes(&mut self, group: &[u8], exact: bool, control: &dyn Control) -> Result<Rc<Blocks<C64>>> {
        let key = (group.to_vec(), exact);
        if let Some(a) = self.amplitudes.get(&key) {
            return Ok(a.clone());
        }
        let input = self.prepared.circuit.pad_input(group);
        let fit = if exact { HeraldFit::Exact } else { HeraldFit::AtMost };
        let setup = self.setup(&input, fit);
        self.check_memory(&setup, 16)?;
        let blocks =
            if self.naive { naive::amplitudes(&setup, control)? } else { slos::amplitudes(&setup, control)? };
        let blocks = Rc::new(blocks);
        self.amplitudes.insert(key, blocks.clone());
        Ok(blocks)
    }
}
