//! Runs a computation on a worker thread while the calling thread forwards its progress.
//!
//! Both job modes use this. In sync mode the calling thread is the JavaScript thread: it blocks (as
//! `executeSync` must) yet still calls the JavaScript progress callback on itself between waits. In
//! async mode it is the job's own thread, forwarding progress through the threadsafe function. Either
//! way progress reaches JavaScript on a timer, whatever threads the engine reports from and however
//! rarely, and a cancel request reaches the engine through [`JobControl`].

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use crate::error::{BindingError, Result};
use crate::job_control::{JobControl, Progress};

/// Time between two progress reports to JavaScript: twice as often as the 100 ms the job rules require.
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

/// Stack of the computing thread; generous, since engines may recurse over modes or photons.
const COMPUTE_STACK_BYTES: usize = 16 << 20;

/// What the progress reporter wants after a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Stop the computation (the listener asked for it, or nobody is listening any more).
    Cancel,
}

/// Runs `work` on a fresh thread and calls `report` on the current thread with each change of
/// progress, at most once per [`PROGRESS_INTERVAL`], until `work` returns. A panic in `work` or
/// `report` becomes [`BindingError::Panic`]; after a panicking or cancelling `report`, the
/// computation is canceled and no more reports are made.
pub fn run_with_pump<T: Send>(
    control: &JobControl,
    work: impl FnOnce(&JobControl) -> Result<T> + Send,
    mut report: impl FnMut(&Progress) -> Flow,
) -> Result<T> {
    let (done_tx, done_rx) = mpsc::sync_channel::<Result<T>>(1);
    thread::scope(|scope| {
        let spawned = thread::Builder::new()
            .name("bosonic-compute".into())
            .stack_size(COMPUTE_STACK_BYTES)
            .spawn_scoped(scope, move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| work(control)));
                let result = outcome.unwrap_or_else(|payload| Err(BindingError::from_panic(payload)));
                // The receiver lives until the scope ends, so this cannot fail.
                let _ = done_tx.send(result);
            });
        if let Err(e) = spawned {
            return Err(BindingError::Os(format!("could not start the computing thread: {e}")));
        }

        let mut seen_version = 0;
        let mut reporting = true;
        let mut report_panic = None;
        let mut last_report = Instant::now();
        loop {
            let wait = PROGRESS_INTERVAL.saturating_sub(last_report.elapsed());
            match done_rx.recv_timeout(wait) {
                Ok(result) => return report_panic.map_or(result, Err),
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(BindingError::Panic("the computing thread ended without a result".into()))
                }
                Err(RecvTimeoutError::Timeout) => {
                    last_report = Instant::now();
                    if !reporting {
                        continue;
                    }
                    let Some((progress, version)) = control.progress_since(seen_version) else {
                        continue;
                    };
                    seen_version = version;
                    match catch_unwind(AssertUnwindSafe(|| report(&progress))) {
                        Ok(Flow::Continue) => {}
                        Ok(Flow::Cancel) => {
                            control.cancel();
                            reporting = false;
                        }
                        Err(payload) => {
                            control.cancel();
                            reporting = false;
                            report_panic = Some(BindingError::from_panic(payload));
                        }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bosonic_engine::Control;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A computation that reports progress and polls for cancellation like the engine does.
    fn busy_work(control: &JobControl, steps: usize, step: Duration) -> Result<usize> {
        for i in 0..steps {
            if control.is_canceled() {
                return Ok(i);
            }
            control.progress(i as f64 / steps as f64, "working");
            thread::sleep(step);
        }
        Ok(steps)
    }

    #[test]
    fn reports_progress_on_the_calling_thread_while_work_runs_elsewhere() {
        let control = JobControl::new();
        let caller = thread::current().id();
        let delivered = AtomicUsize::new(0);
        let mut reports = Vec::new();
        let result = run_with_pump(
            &control,
            |c| {
                assert_ne!(thread::current().id(), caller);
                // Works until the calling thread has received three reports, however busy the machine is
                // (the step cap only ends a broken pump).
                let mut steps = 0;
                while delivered.load(Ordering::SeqCst) < 3 && steps < 100_000 {
                    c.progress(f64::from(steps) / 100_000.0, "working");
                    thread::sleep(Duration::from_millis(5));
                    steps += 1;
                }
                Ok(steps)
            },
            |p| {
                assert_eq!(thread::current().id(), caller);
                reports.push(p.fraction);
                delivered.fetch_add(1, Ordering::SeqCst);
                Flow::Continue
            },
        );
        assert!(result.unwrap() < 100_000, "the pump delivered fewer than 3 reports while the work ran");
        assert!(reports.len() >= 3, "got {} reports", reports.len());
        assert!(reports.windows(2).all(|w| w[0] <= w[1]), "progress went backwards: {reports:?}");
    }

    #[test]
    fn a_cancel_from_the_reporter_stops_the_work_early() {
        let control = JobControl::new();
        let result = run_with_pump(&control, |c| busy_work(c, 10_000, Duration::from_millis(1)), |_| Flow::Cancel);
        let done = result.unwrap();
        assert!(done < 10_000, "the work ran to its end despite the cancel");
    }

    #[test]
    fn panics_in_the_work_become_errors() {
        let control = JobControl::new();
        let result: Result<()> = run_with_pump(&control, |_| panic!("engine bug"), |_| Flow::Continue);
        match result {
            Err(BindingError::Panic(message)) => assert!(message.contains("engine bug")),
            other => panic!("expected a panic error, got {other:?}"),
        }
    }

    #[test]
    fn panics_in_the_reporter_cancel_the_work_and_become_errors() {
        let control = JobControl::new();
        let result =
            run_with_pump(&control, |c| busy_work(c, 10_000, Duration::from_millis(1)), |_| panic!("listener bug"));
        assert!(matches!(result, Err(BindingError::Panic(_))));
        assert!(control.is_canceled());
    }
}
