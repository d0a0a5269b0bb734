//! How long computations talk to their caller: progress reports and cooperative cancellation.
//!
//! Engine loops call [`Control::progress`] often (every few milliseconds of work at most) and poll
//! [`Control::is_canceled`] at the same points; the implementation behind it (the Node binding) does the
//! time-based throttling, so the engine never needs a clock.

/// Implemented by the caller of a long computation. Must be callable from worker threads.
pub trait Control: Sync {
    /// Reports progress in `[0, 1]` within the named phase (e.g. `"compute probability distributions"`).
    fn progress(&self, fraction: f64, phase: &str);
    /// True once the caller asked to stop; the computation returns what it has as soon as it can.
    fn is_canceled(&self) -> bool;
}

/// A `Control` that reports nowhere and never cancels.
pub struct Silent;

impl Control for Silent {
    fn progress(&self, _fraction: f64, _phase: &str) {}
    fn is_canceled(&self) -> bool {
        false
    }
}
