//! Progress of one stage reported as a slice of the whole run.

use crate::control::Control;

/// Maps the `[0, 1]` progress of a sub-computation onto `[start, start + width]` of its caller's phase.
pub(crate) struct Scaled<'a> {
    pub inner: &'a dyn Control,
    pub start: f64,
    pub width: f64,
}

impl Control for Scaled<'_> {
    fn progress(&self, fraction: f64, phase: &str) {
        self.inner.progress(self.start + self.width * fraction.clamp(0.0, 1.0), phase);
    }
    fn is_canceled(&self) -> bool {
        self.inner.is_canceled()
    }
}
