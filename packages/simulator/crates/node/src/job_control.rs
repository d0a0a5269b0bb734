//! The engine's [`Control`] for one job: cancellation flag plus the latest progress report, shared
//! between the computing threads (which write it) and the pump (which forwards it to JavaScript).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use bosonic_engine::Control;

/// The latest progress the engine reported.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Overall fraction in `[0, 1]`, never decreasing.
    pub fraction: f64,
    pub phase: String,
}

pub struct JobControl {
    canceled: AtomicBool,
    latest: Mutex<Reported>,
}

struct Reported {
    progress: Progress,
    /// Bumped on every change, so the pump forwards each change once.
    version: u64,
}

impl Default for JobControl {
    fn default() -> Self {
        JobControl {
            canceled: AtomicBool::new(false),
            latest: Mutex::new(Reported { progress: Progress { fraction: 0.0, phase: String::new() }, version: 0 }),
        }
    }
}

impl JobControl {
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the computation to stop; it returns what it has at its next poll.
    pub fn cancel(&self) {
        self.canceled.store(true, Ordering::Relaxed);
    }

    /// The latest progress if it changed since `seen_version`, with its version.
    pub fn progress_since(&self, seen_version: u64) -> Option<(Progress, u64)> {
        let reported = self.latest.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        (reported.version != seen_version).then(|| (reported.progress.clone(), reported.version))
    }
}

impl Control for JobControl {
    fn progress(&self, fraction: f64, phase: &str) {
        // `try_lock`: a report that collides with another thread's (or the pump's read) is dropped
        // rather than waited for; the next one carries the news, and the hot loop never blocks.
        let Ok(mut reported) = self.latest.try_lock() else {
            return;
        };
        let fraction = if fraction.is_nan() { 0.0 } else { fraction.clamp(0.0, 1.0) };
        let mut changed = false;
        // Progress never goes backwards, whatever order threads report in.
        if fraction > reported.progress.fraction {
            reported.progress.fraction = fraction;
            changed = true;
        }
        if reported.progress.phase != phase {
            reported.progress.phase.clear();
            reported.progress.phase.push_str(phase);
            changed = true;
        }
        if changed {
            reported.version += 1;
        }
    }

    fn is_canceled(&self) -> bool {
        self.canceled.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_monotone_and_each_change_is_seen_once() {
        let control = JobControl::new();
        assert!(control.progress_since(0).is_none());
        control.progress(0.3, "sampling");
        let (first, version) = control.progress_since(0).unwrap();
        assert_eq!(first, Progress { fraction: 0.3, phase: "sampling".into() });
        assert!(control.progress_since(version).is_none());
        control.progress(0.1, "sampling");
        assert!(control.progress_since(version).is_none(), "a smaller fraction is not news");
        control.progress(2.0, "recombine");
        let (last, _) = control.progress_since(version).unwrap();
        assert_eq!(last, Progress { fraction: 1.0, phase: "recombine".into() });
    }

    #[test]
    fn cancel_is_seen_by_the_engine() {
        let control = JobControl::new();
        assert!(!control.is_canceled());
        control.cancel();
        assert!(control.is_canceled());
    }
}
