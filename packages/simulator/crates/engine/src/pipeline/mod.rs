//! The processor: from a [`Request`](crate::request::Request) to probabilities, samples, amplitudes or the output
//! state, following Perceval's `Simulator`, `NoisySamplingSimulator` and `Processor` (docs/simulation.md).
//!
//! Steps: validate ([`prepare`]), expand loss channels, enumerate the weighted inputs of the source or state
//! vector ([`inputs`]), simulate each distinct group of indistinguishable photons once with the strong backend under
//! the herald masks ([`strong`]), combine ([`accumulate`]), then detectors, filters, heralds and post-selection
//! ([`postprocess`]).

mod accumulate;
mod amplitudes;
mod convolve;
mod estimate;
mod inputs;
mod mps_plan;
mod postprocess;
mod prepare;
mod probs;
mod progress;
mod samples;
mod strong;

pub use amplitudes::{evolve, evolve_with, prob_amplitude, prob_amplitude_tagged, prob_amplitude_with_error};
pub use estimate::{estimate, Estimate, Primitive};
pub use mps_plan::{mps_plan, mps_truncation_error, ExactMps};
pub use probs::probs;
pub use samples::samples;
