//! Runs the blocks of a Glynn sum on a few scoped threads and hands the per-block results back in block order,
//! so the final sum (and hence every bit of the result) does not depend on the number of threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::control::Control;
use crate::error::{EngineError, Result};

/// Computes `work(workspace, b)` for every block `b < blocks` on up to `threads` threads (each with its own
/// workspace from `init`), polling `ctl.is_canceled()` before each block.
pub(crate) fn run_blocks<W, T, I, F>(
    blocks: usize,
    threads: usize,
    ctl: &dyn Control,
    init: I,
    work: F,
) -> Result<Vec<T>>
where
    T: Send,
    I: Fn() -> W + Sync,
    F: Fn(&mut W, usize) -> T + Sync,
{
    let threads = threads.clamp(1, blocks.max(1));
    if threads == 1 {
        let mut ws = init();
        let mut out = Vec::with_capacity(blocks);
        for b in 0..blocks {
            if ctl.is_canceled() {
                return Err(EngineError::Canceled);
            }
            out.push(work(&mut ws, b));
        }
        return Ok(out);
    }
    let next = AtomicUsize::new(0);
    let canceled = AtomicBool::new(false);
    let parts: Vec<Vec<(usize, T)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut ws = init();
                    let mut mine = Vec::new();
                    loop {
                        if canceled.load(Ordering::Relaxed) {
                            break;
                        }
                        if ctl.is_canceled() {
                            canceled.store(true, Ordering::Relaxed);
                            break;
                        }
                        let b = next.fetch_add(1, Ordering::Relaxed);
                        if b >= blocks {
                            break;
                        }
                        mine.push((b, work(&mut ws, b)));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    if canceled.load(Ordering::Relaxed) {
        return Err(EngineError::Canceled);
    }
    let mut slots: Vec<Option<T>> = (0..blocks).map(|_| None).collect();
    for (b, t) in parts.into_iter().flatten() {
        slots[b] = Some(t);
    }
    Ok(slots.into_iter().map(|t| t.expect("every block ran exactly once")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::Silent;

    struct CancelAfter(AtomicUsize);
    impl Control for CancelAfter {
        fn progress(&self, _: f64, _: &str) {}
        fn is_canceled(&self) -> bool {
            self.0.fetch_sub(1, Ordering::Relaxed) == 0
        }
    }

    #[test]
    fn results_come_back_in_block_order_for_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            let out = run_blocks(37, threads, &Silent, || (), |(), b| b * b).unwrap();
            assert_eq!(out, (0..37).map(|b| b * b).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_cancel_stops_the_blocks_with_a_canceled_error() {
        for threads in [1, 2] {
            let ctl = CancelAfter(AtomicUsize::new(3));
            let r = run_blocks(1000, threads, &ctl, || (), |(), b| b);
            assert_eq!(r, Err(EngineError::Canceled));
        }
    }
}
