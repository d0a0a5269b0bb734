//! What enters the circuit, as a list of weighted pure inputs.
//!
//! A noisy source emits a mixture of Fock states whose photons split into groups that do not interfere (signal
//! photons, and each distinguishable photon alone). A state-vector input is split into photon-number sectors (they
//! never interfere either); a sector with a single basis state is again a list of groups, one per noise tag, and a
//! sector with several basis states stays a coherent superposition.

use std::collections::BTreeMap;

use crate::complex::C64;
use crate::error::{EngineError, Result};
use crate::request::{InputSpec, StateVectorSpec, TaggedState};
use crate::source;

use super::prepare::Prepared;

/// A basis state split by noise tag: `(tag, occupations)` sorted by tag, one entry per tag present.
pub(crate) type TaggedGroups = Vec<(u32, Vec<u8>)>;

pub(crate) enum PureInput {
    /// Groups of photons distinguishable from each other: their output distributions convolve.
    Groups(Vec<Vec<u8>>),
    /// A superposition of basis states with the same photon count: their amplitudes add.
    Superposed(Vec<(C64, TaggedGroups)>),
}

pub(crate) struct WeightedInput {
    pub p: f64,
    pub photons: usize,
    pub input: PureInput,
}

/// Splits a tagged state by tag.
pub(crate) fn tagged_groups(state: &TaggedState) -> TaggedGroups {
    let mut by_tag: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
    for p in &state.photons {
        by_tag.entry(p.tag).or_insert_with(|| vec![0u8; state.m])[p.mode] += 1;
    }
    by_tag.into_iter().collect()
}

/// Normalised terms of a state vector with equal basis states merged (amplitudes added), zero terms dropped.
pub(crate) fn normalised_terms(sv: &StateVectorSpec) -> Vec<(C64, TaggedGroups)> {
    let mut merged: Vec<(C64, TaggedGroups)> = Vec::new();
    for (a, state) in &sv.terms {
        let groups = tagged_groups(state);
        match merged.iter_mut().find(|(_, g)| *g == groups) {
            Some((amp, _)) => *amp += *a,
            None => merged.push((*a, groups)),
        }
    }
    merged.retain(|(a, _)| a.norm_sqr() > 0.0);
    let norm: f64 = merged.iter().map(|(a, _)| a.norm_sqr()).sum::<f64>().sqrt();
    merged.iter_mut().for_each(|(a, _)| *a = *a / norm);
    merged
}

pub(crate) fn photons_of(groups: &TaggedGroups) -> usize {
    groups.iter().flat_map(|(_, occ)| occ.iter()).map(|&k| k as usize).sum()
}

/// The weighted pure inputs of the request. Source states below the precision are left out, so the weights may sum
/// to slightly less than one.
pub(crate) fn weighted_inputs(prepared: &Prepared) -> Vec<WeightedInput> {
    match &prepared.request.input {
        InputSpec::Source { occupations, noise } => {
            // Photons entering hidden modes (time delays) are part of every input.
            let hidden = prepared.circuit.hidden_photons();
            source::distribution(noise, occupations, prepared.precision)
                .into_iter()
                .map(|(state, p)| WeightedInput {
                    p,
                    photons: state.photons() + hidden,
                    input: PureInput::Groups(state.groups()),
                })
                .collect()
        }
        InputSpec::Mixed(components) => {
            let total: f64 = components.iter().map(|(p, _)| p).sum();
            let mut out = Vec::new();
            for (p, sv) in components {
                if *p == 0.0 {
                    continue;
                }
                let terms = normalised_terms(sv);
                let mut sectors: BTreeMap<usize, Vec<(C64, TaggedGroups)>> = BTreeMap::new();
                for (a, g) in terms {
                    sectors.entry(photons_of(&g)).or_default().push((a, g));
                }
                for (photons, terms) in sectors {
                    let weight: f64 = terms.iter().map(|(a, _)| a.norm_sqr()).sum();
                    let input = if terms.len() == 1 {
                        PureInput::Groups(
                            terms
                                .into_iter()
                                .next()
                                .map(|(_, g)| g)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|(_, occ)| occ)
                                .collect(),
                        )
                    } else {
                        let norm = weight.sqrt();
                        PureInput::Superposed(terms.into_iter().map(|(a, g)| (a / norm, g)).collect())
                    };
                    out.push(WeightedInput { p: p / total * weight, photons, input });
                }
            }
            out
        }
    }
}

/// The input as one normalised state vector, for `evolve` and amplitudes: a perfect source or a single state vector.
pub(crate) fn pure_state(prepared: &Prepared) -> Result<Vec<(C64, TaggedGroups)>> {
    match &prepared.request.input {
        InputSpec::Source { occupations, noise } => {
            if !noise.is_perfect() {
                return Err(EngineError::validation(
                    "request.input.noise",
                    "amplitudes and evolve() need a perfect source (a noisy source emits a mixed state)",
                ));
            }
            let groups = if occupations.iter().any(|&k| k > 0) { vec![(0, occupations.clone())] } else { Vec::new() };
            Ok(vec![(C64::ONE, groups)])
        }
        InputSpec::Mixed(components) => {
            let pure: Vec<&(f64, StateVectorSpec)> = components.iter().filter(|(p, _)| *p > 0.0).collect();
            match pure.as_slice() {
                [(_, sv)] => Ok(normalised_terms(sv)),
                _ => Err(EngineError::validation(
                    "request.input",
                    "amplitudes and evolve() need a pure input (one state vector), not a mixture",
                )),
            }
        }
    }
}

/// The inputs a run simulates: those with enough photons for the min-detected-photons filter and a positive weight.
pub(crate) fn kept_inputs(inputs: &[WeightedInput], min_total: usize) -> Vec<&WeightedInput> {
    inputs.iter().filter(|i| i.photons >= min_total && i.p > 0.0).collect()
}
