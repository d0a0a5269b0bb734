//! What the MPS backend needs for a request, and what it lost: the bond dimension at which it is exact (which
//! `'auto'` uses to choose MPS only where it gives exact results) and the truncation error of a run at the request's
//! cutoff.

use crate::error::{EngineError, Result};
use crate::memory;
use crate::mps::{self, Mps, Plan};
use crate::request::{Backend, InputSpec, Request};

use super::prepare::prepare;

/// The MPS [`Plan`] of the request's Fock-state input through its circuit (herald photons included), or `None` when
/// the MPS backend cannot simulate the request: an input that is not a Fock state from a source, or a component it
/// refuses (wider than two neighbouring modes and not a permutation, a loss channel, a time delay). A noisy source
/// splits the input into groups of photons on the same modes, each bounded by the plan of the whole input.
pub fn mps_plan(request: &Request) -> Result<Option<ExactMps>> {
    let prepared = prepare(request)?;
    let InputSpec::Source { occupations, .. } = &request.input else { return Ok(None) };
    let plan = match mps::plan(occupations, &request.circuit.elements) {
        Ok(plan) => plan,
        Err(EngineError::Validation { .. }) => return Ok(None),
        Err(other) => return Err(other),
    };
    let n: usize = occupations.iter().map(|&k| k as usize).sum();
    let chi = mps::bond_dimension(Some(plan.bond_dimension), n, occupations.len());
    let required_bytes = mps::required_bytes(occupations.len(), n, chi);
    Ok(Some(ExactMps { plan, required_bytes, limit_bytes: prepared.memory_limit }))
}

/// The MPS [`Plan`] of a request with what its state needs in memory (not counting any result).
#[derive(Clone, Debug, PartialEq)]
pub struct ExactMps {
    pub plan: Plan,
    /// Bytes of the MPS at the plan's bond dimension (`None`: beyond addressable memory).
    pub required_bytes: Option<u64>,
    /// The request's memory limit.
    pub limit_bytes: u64,
}

/// The sum of the squared singular values the MPS backend drops (below its floor or beyond the request's cutoff)
/// while the request's input goes through the circuit: 0 when nothing is truncated. Needs the MPS backend and a
/// Fock-state input through a perfect source (one MPS).
pub fn mps_truncation_error(request: &Request) -> Result<f64> {
    let prepared = prepare(request)?;
    let Backend::Mps { cutoff } = request.backend else {
        return Err(EngineError::validation(
            "request.backend",
            format!("the truncation error is a figure of the MPS backend, not of {}", request.backend.name()),
        ));
    };
    let input = match &request.input {
        InputSpec::Source { occupations, noise } if noise.is_perfect() => occupations,
        _ => {
            return Err(EngineError::validation(
                "request.input",
                "the truncation error needs a Fock-state input through a perfect source (one MPS)",
            ))
        }
    };
    let n: usize = input.iter().map(|&k| k as usize).sum();
    let chi = mps::bond_dimension(cutoff, n, input.len());
    let what = format!("an MPS of {n} photons on {} modes with bond dimension {chi}", input.len());
    memory::check(mps::required_bytes(input.len(), n, chi), prepared.memory_limit, &what)?;
    let mut state = Mps::new(input, cutoff);
    state.apply_all(&request.circuit.elements)?;
    Ok(state.truncation_error())
}
