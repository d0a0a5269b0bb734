//! The strong backends (SLOS, Naive) as the pipeline uses them: one group of indistinguishable photons at a time,
//! under the herald masks, behind the memory guard. Successive groups go through one [`SlosWalker`], which reuses
//! the layers of the photons they share (inputs come sorted, so neighbours share the most).

use std::collections::HashMap;
use std::rc::Rc;

use crate::complex::C64;
use crate::control::Control;
use crate::distribution::{Blocks, StateMap};
use crate::error::Result;
use crate::fock::count_states;
use crate::memory;
use crate::mps::{self, Mps};
use crate::request::Backend;
use crate::slos::{HeraldFit, SlosSetup, SlosWalker};
use crate::{naive, slos};

use super::prepare::Prepared;

/// The output distribution of one group.
pub(crate) enum GroupDist {
    /// Straight from the backend (lossless circuits).
    Dense(Rc<Blocks<f64>>),
    /// Loss modes traced out.
    Sparse(StateMap),
}

/// Cache key: the group's occupations and whether the heralds must match exactly.
type Key = (Vec<u8>, bool);

pub(crate) struct Strong<'p, 'r> {
    prepared: &'p Prepared<'r>,
    naive: bool,
    /// Gurvits' estimates in place of exact permanents (`NaiveApprox`).
    approx: Option<naive::Approx>,
    /// Most photons of any group this run will simulate.
    max_photons: usize,
    walker: Option<SlosWalker<'p>>,
    amplitudes: HashMap<Key, Rc<Blocks<C64>>>,
}

impl<'p, 'r> Strong<'p, 'r> {
    pub fn new(prepared: &'p Prepared<'r>, max_photons: usize) -> Strong<'p, 'r> {
        Strong {
            prepared,
            naive: matches!(
                prepared.request.backend,
                Backend::Naive | Backend::NaiveApprox { .. } | Backend::Mps { .. }
            ),
            approx: match prepared.request.backend {
                Backend::NaiveApprox { iterations } => Some(naive::Approx { iterations, seed: prepared.request.seed }),
                _ => None,
            },
            max_photons,
            walker: None,
            amplitudes: HashMap::new(),
        }
    }

    pub fn prepared(&self) -> &'p Prepared<'r> {
        self.prepared
    }

    fn name(&self) -> &'static str {
        if let Backend::Mps { .. } = self.prepared.request.backend {
            "MPS"
        } else if self.approx.is_some() {
            "NaiveApprox"
        } else if self.naive {
            "Naive"
        } else {
            "SLOS"
        }
    }

    /// Peak bytes of computing `group` (occupations of the real modes) alone, values of `value_bytes` bytes per
    /// state (8 for probabilities, 16 for amplitudes), with what the computation is, for messages.
    pub fn requirement(&self, group: &[u8], exact: bool, value_bytes: u64) -> Result<(Option<u64>, String)> {
        let input = self.prepared.circuit.pad_input(group);
        self.setup_requirement(&self.setup(&input, exact), value_bytes)
    }

    fn setup_requirement(&self, setup: &SlosSetup, value_bytes: u64) -> Result<(Option<u64>, String)> {
        let n: usize = setup.input.iter().map(|&k| k as usize).sum();
        let required = if self.naive {
            let results = naive::required_bytes(setup, value_bytes)?;
            match self.prepared.request.backend {
                // The MPS itself stays in memory while the amplitudes are read from it.
                Backend::Mps { cutoff } => {
                    let modes = setup.unitary.rows;
                    let state = mps::required_bytes(modes, n, mps::bond_dimension(cutoff, n, modes));
                    results.zip(state).and_then(|(a, b)| a.checked_add(b))
                }
                _ => results,
            }
        } else {
            slos::required_bytes(setup, value_bytes)?
        };
        let states = count_states(n, setup.unitary.rows).map_or_else(|| "too many".to_string(), memory::group_digits);
        let what = format!("{} with {n} photons on {} modes ({states} output states)", self.name(), setup.unitary.rows);
        Ok((required, what))
    }

    /// Refuses groups whose computation would exceed the memory limit.
    fn check_memory(&self, setup: &SlosSetup, value_bytes: u64) -> Result<()> {
        let (required, what) = self.setup_requirement(setup, value_bytes)?;
        memory::check(required, self.prepared.memory_limit, &what)
    }

    fn setup<'a>(&'a self, input: &'a [u8], exact: bool) -> SlosSetup<'a> {
        SlosSetup {
            unitary: &self.prepared.circuit.unitary,
            input,
            heralds: &self.prepared.mask_heralds,
            fit: if exact { HeraldFit::Exact } else { HeraldFit::AtMost },
            threads: self.prepared.threads,
        }
    }

    /// The MPS of `group` through the circuit, for the MPS backend (None for the others).
    fn mps(&self, group: &[u8]) -> Result<Option<Mps>> {
        let Backend::Mps { cutoff } = self.prepared.request.backend else { return Ok(None) };
        let n: usize = group.iter().map(|&k| k as usize).sum();
        let chi = mps::bond_dimension(cutoff, n, group.len());
        let what = format!("an MPS of {n} photons on {} modes with bond dimension {chi}", group.len());
        memory::check(mps::required_bytes(group.len(), n, chi), self.prepared.memory_limit, &what)?;
        let mut state = Mps::new(group, cutoff);
        state.apply_all(&self.prepared.request.circuit.elements)?;
        Ok(Some(state))
    }

    /// Output probabilities of `group` (occupations of the real modes) over every mode, loss modes included, masked
    /// by the PNR heralds (`exact`: the group holds every photon, so the heralds must match exactly; otherwise at
    /// most the expected counts). Not cached.
    pub fn compute_blocks(&self, group: &[u8], exact: bool, control: &dyn Control) -> Result<Blocks<f64>> {
        let input = self.prepared.circuit.pad_input(group);
        let setup = self.setup(&input, exact);
        self.check_memory(&setup, 8)?;
        if let Some(state) = self.mps(group)? {
            naive::probabilities_from(&setup, naive::Source::Mps(&state), control)
        } else if let Some(approx) = self.approx {
            naive::probabilities_from(&setup, naive::Source::Approx(approx), control)
        } else if self.naive {
            naive::probabilities(&setup, control)
        } else {
            slos::probabilities(&setup, control)
        }
    }

    /// [`Strong::compute_blocks`] for one of many groups: SLOS reuses the layers shared with the previous group.
    pub fn blocks(&mut self, group: &[u8], exact: bool, control: &dyn Control) -> Result<Rc<Blocks<f64>>> {
        if self.naive {
            return Ok(Rc::new(self.compute_blocks(group, exact, control)?));
        }
        let prepared = self.prepared;
        let input = prepared.circuit.pad_input(group);
        let n: usize = input.iter().map(|&k| k as usize).sum();
        if self.walker.is_none() {
            let max = self.max_photons.max(n);
            self.walker =
                Some(SlosWalker::new(&prepared.circuit.unitary, &prepared.mask_heralds, max, prepared.threads)?);
        }
        let walker = self.walker.as_mut().expect("created above");
        let modes = prepared.circuit.modes;
        let states = count_states(n, modes).map_or_else(|| "too many".to_string(), memory::group_digits);
        let what = format!("SLOS with {n} photons on {modes} modes ({states} output states)");
        memory::check(walker.required_bytes(n), prepared.memory_limit, &what)?;
        let fit = if exact { HeraldFit::Exact } else { HeraldFit::AtMost };
        Ok(Rc::new(walker.probabilities(&input, fit, control)?))
    }

    /// The output distribution of `group` over the real modes (loss modes traced out).
    pub fn probabilities(&mut self, group: &[u8], exact: bool, control: &dyn Control) -> Result<GroupDist> {
        let blocks = self.blocks(group, exact, control)?;
        Ok(self.over_real_modes(blocks))
    }

    /// Blocks over every mode as a distribution over the real modes.
    pub fn over_real_modes(&self, blocks: Rc<Blocks<f64>>) -> GroupDist {
        let circuit = &self.prepared.circuit;
        if !circuit.has_losses() {
            return GroupDist::Dense(blocks);
        }
        let m = circuit.m;
        let mut traced = StateMap::new(m);
        blocks.for_each(|state, &p| {
            if p > 0.0 {
                traced.add(&state[..m], p);
            }
        });
        GroupDist::Sparse(traced)
    }

    /// Output amplitudes of `group` over every mode (loss modes included), masked like [`Strong::blocks`].
    pub fn amplitudes(&mut self, group: &[u8], exact: bool, control: &dyn Control) -> Result<Rc<Blocks<C64>>> {
        let key = (group.to_vec(), exact);
        if let Some(a) = self.amplitudes.get(&key) {
            return Ok(a.clone());
        }
        let input = self.prepared.circuit.pad_input(group);
        let setup = self.setup(&input, exact);
        self.check_memory(&setup, 16)?;
        let state = self.mps(group)?;
        let blocks = match (&state, self.approx, self.naive) {
            (Some(state), _, _) => naive::amplitudes_from(&setup, naive::Source::Mps(state), control)?,
            (None, Some(approx), _) => naive::amplitudes_from(&setup, naive::Source::Approx(approx), control)?,
            (None, None, true) => naive::amplitudes(&setup, control)?,
            (None, None, false) => slos::amplitudes(&setup, control)?,
        };
        let blocks = Rc::new(blocks);
        self.amplitudes.insert(key, blocks.clone());
        Ok(blocks)
    }
}
