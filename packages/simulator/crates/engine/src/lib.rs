//! bosonic's linear-optics simulation engine: pure Rust, no FFI, no third-party crates.
//!
//! Conventions (see docs/conventions.md): unitaries are indexed `U[out, in]`, circuits
//! compose as `U = U_last · … · U_first`, and Fock states enumerate in Perceval's `FSArray` order.
#![deny(unsafe_code)]

pub mod complex;
pub mod control;
pub mod error;

pub use complex::C64;
pub use control::{Control, Silent};
pub use error::{EngineError, Result};
pub mod circuit;
pub mod clifford;
pub mod detector;
pub mod distribution;
pub mod fock;
pub mod gurvits;
pub mod matrix;
pub mod memory;
pub mod mps;
pub mod naive;
pub mod permanent;
pub mod pipeline;
pub mod postselect;
pub mod request;
pub mod rng;
pub mod slos;
pub mod source;
pub mod svd;
pub mod threads;
