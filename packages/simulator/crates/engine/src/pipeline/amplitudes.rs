//! Amplitudes of a pure input (perfect source or one state vector) through a lossless circuit: `prob_amplitude` of
//! one output and `evolve()`, the whole output state vector.
//!
//! Photons with different noise tags evolve independently and their amplitudes multiply; an output is then a
//! tagged state, and only identical tagged outputs add up (docs/conventions.md, Fock states).

use std::collections::HashMap;

use crate::complex::C64;
use crate::control::{Control, Silent};
use crate::error::{EngineError, Result};
use crate::fock::rank;
use crate::gurvits::{self, Estimate};
use crate::naive;
use crate::request::{Backend, InputSpec, Request, StateVectorResult, TaggedPhoton, TaggedState};

use super::inputs::{pure_state, tagged_groups, TaggedGroups};
use super::prepare::{prepare, Prepared};
use super::probs::tagged_outputs;
use super::strong::Strong;

fn lossless(prepared: &Prepared) -> Result<()> {
    if prepared.circuit.has_hidden_modes() {
        return Err(EngineError::validation(
            "request.elements",
            "amplitudes and evolve() need a circuit without time delays (the earlier time steps are traced out)",
        ));
    }
    if prepared.circuit.has_losses() {
        return Err(EngineError::validation(
            "request.elements",
            "amplitudes and evolve() need a lossless circuit (a loss channel makes the output state mixed)",
        ));
    }
    Ok(())
}

/// The output as given (all `m` modes), or with the heralded modes left out (their expected counts are inserted).
fn full_output(prepared: &Prepared, output: &[u8]) -> Result<Vec<u8>> {
    let m = prepared.m;
    if output.len() == m {
        return Ok(output.to_vec());
    }
    if prepared.polarized() {
        return Err(EngineError::validation(
            "output",
            format!("a polarized output lists all {m} H and V modes, heralded ones included; got {}", output.len()),
        ));
    }
    let free = m - prepared.heralds.len();
    if output.len() != free || prepared.heralds.is_empty() {
        return Err(EngineError::validation(
            "output",
            format!("the output state has {} modes; expected {m} (or {free} without the heralded modes)", output.len()),
        ));
    }
    let mut full = Vec::with_capacity(m);
    let mut rest = output.iter();
    for mode in 0..m {
        match prepared.heralds.iter().find(|h| h.mode == mode) {
            Some(h) => full.push(h.expected),
            None => full.push(*rest.next().unwrap_or(&0)),
        }
    }
    Ok(full)
}

/// `⟨output|U|ψ⟩` for an output without noise tags (every photon tag 0). `output` covers all modes, or the
/// non-heralded ones.
pub fn prob_amplitude(request: &Request, output: &[u8]) -> Result<C64> {
    let prepared = prepare(request)?;
    let full = full_output(&prepared, output)?;
    let photons = full.iter().map(|&k| k as usize).sum::<usize>();
    let tagged = TaggedState {
        m: prepared.m,
        photons: (0..prepared.m)
            .flat_map(|mode| std::iter::repeat_n(TaggedPhoton { mode, tag: 0 }, full[mode] as usize))
            .collect(),
    };
    debug_assert_eq!(tagged.photons.len(), photons);
    amplitude_of(&prepared, &tagged)
}

/// Perceval's `prob_amplitude_with_error`: Gurvits' estimate of `⟨output|U|input⟩` for a Fock-state input through a
/// perfect source, with its 99 % error bound (exact, bound 0, for fewer than two photons). The request's backend
/// must be `NaiveApprox`; `output` covers all modes, or the non-heralded ones.
pub fn prob_amplitude_with_error(request: &Request, output: &[u8], control: &dyn Control) -> Result<Estimate> {
    let Backend::NaiveApprox { iterations } = request.backend else {
        return Err(EngineError::validation(
            "request.backend",
            "an amplitude with an error bound needs the NaiveApprox backend (other backends are exact)",
        ));
    };
    let prepared = prepare(request)?;
    lossless(&prepared)?;
    let input = match &request.input {
        InputSpec::Source { occupations, noise } if noise.is_perfect() => occupations,
        _ => {
            return Err(EngineError::validation(
                "request.input",
                "an amplitude with an error bound needs a Fock-state input through a perfect source",
            ))
        }
    };
    let full = full_output(&prepared, output)?;
    let approx = naive::Approx { iterations, seed: request.seed };
    naive::approx_amplitude(&prepared.circuit.unitary, input, &full, approx, gurvits::Z_99, prepared.threads, control)
}

/// `⟨output|U|ψ⟩` for a tagged output: nonzero only when each noise tag carries as many photons as in the input.
pub fn prob_amplitude_tagged(request: &Request, output: &TaggedState) -> Result<C64> {
    let prepared = prepare(request)?;
    if output.m != prepared.m || output.photons.iter().any(|p| p.mode >= prepared.m) {
        return Err(EngineError::validation("output", format!("the output state must have {} modes", prepared.m)));
    }
    amplitude_of(&prepared, output)
}

fn amplitude_of(prepared: &Prepared, output: &TaggedState) -> Result<C64> {
    lossless(prepared)?;
    let terms = pure_state(prepared)?;
    let out_groups = tagged_groups(output);
    let unitary = &prepared.circuit.unitary;
    let mut total = C64::ZERO;
    for (a, groups) in &terms {
        if groups.len() != out_groups.len() || groups.iter().zip(&out_groups).any(|(g, o)| g.0 != o.0) {
            continue;
        }
        let mut amp = *a;
        for ((_, input), (_, out)) in groups.iter().zip(&out_groups) {
            amp *= match prepared.request.backend {
                Backend::Mps { cutoff } => {
                    let mut state = crate::mps::Mps::new(input, cutoff);
                    state.apply_all(&prepared.request.circuit.elements)?;
                    state.amplitude(out)
                }
                Backend::NaiveApprox { iterations } => {
                    let approx = naive::Approx { iterations, seed: prepared.request.seed };
                    naive::approx_amplitude(unitary, input, out, approx, gurvits::Z_99, prepared.threads, &Silent)?
                        .value
                }
                _ => naive::amplitude(unitary, input, out, prepared.threads),
            };
        }
        total += amp;
    }
    Ok(total)
}

/// The output state vector, restricted to the outputs the heralds and the post-selection accept and normalised;
/// heralded modes are removed unless `keep_heralds`. Terms come by photon count, then `FSArray` order.
pub fn evolve(request: &Request) -> Result<StateVectorResult> {
    evolve_with(request, &Silent)
}

/// [`evolve`] with progress and cancellation.
pub fn evolve_with(request: &Request, control: &dyn Control) -> Result<StateVectorResult> {
    let prepared = prepare(request)?;
    lossless(&prepared)?;
    let terms = pure_state(&prepared)?;
    // Amplitudes do not go through the walker (it computes probabilities), so no photon bound is needed.
    let mut strong = Strong::new(&prepared, 0);
    // Heralds are checked on photon numbers, as PNR detection would report them.
    let mut amplitudes: HashMap<TaggedGroups, C64> = HashMap::new();
    for (a, groups) in &terms {
        for (key, amp) in tagged_outputs(&mut strong, groups, control)? {
            *amplitudes.entry(key).or_insert(C64::ZERO) += *a * amp;
        }
    }
    let m = prepared.m;
    let mut kept: Vec<(u64, u64, TaggedGroups, C64)> = Vec::new();
    let mut norm = 0.0;
    let mut detected = Vec::with_capacity(m);
    for (key, amp) in amplitudes {
        let mut merged = vec![0u8; m];
        for (_, occ) in &key {
            for (x, &k) in merged.iter_mut().zip(occ) {
                *x += k;
            }
        }
        prepared.detected_state(&merged, &mut detected);
        if amp.norm_sqr() <= 1e-24 || !prepared.accepts(&detected) {
            continue;
        }
        norm += amp.norm_sqr();
        let photons = merged.iter().map(|&k| u64::from(k)).sum();
        kept.push((photons, rank(&merged), key, amp));
    }
    kept.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let norm = norm.sqrt();
    // The real modes kept: both polarizations of each kept spatial mode when polarized.
    let out_modes: Vec<usize> = if prepared.polarized() {
        prepared.output_modes.iter().flat_map(|&k| [2 * k, 2 * k + 1]).collect()
    } else {
        prepared.output_modes.clone()
    };
    let out_m = out_modes.len();
    let terms = kept
        .into_iter()
        .map(|(_, _, key, amp)| {
            let mut photons = Vec::new();
            for (tag, occ) in &key {
                for (new_mode, &mode) in out_modes.iter().enumerate() {
                    photons.extend(std::iter::repeat_n(TaggedPhoton { mode: new_mode, tag: *tag }, occ[mode] as usize));
                }
            }
            photons.sort_unstable();
            (amp / norm, TaggedState { m: out_m, photons })
        })
        .collect();
    Ok(StateVectorResult { m: out_m, terms })
}
