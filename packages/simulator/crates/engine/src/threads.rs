//! How many worker threads a computation uses.

/// The number of hardware threads the process may use (1 if the platform cannot tell).
pub fn available() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// A requested thread count, where 0 means "as many as the machine offers".
pub fn resolve(requested: usize) -> usize {
    if requested == 0 {
        available()
    } else {
        requested
    }
}

/// Runs `worker` on `threads` threads at once, the calling thread being one of them, and returns when all are done.
/// Workers pull their work items from shared state, so how the items spread over the threads does not matter.
pub fn run_workers(threads: usize, worker: impl Fn() + Sync) {
    if threads <= 1 {
        worker();
        return;
    }
    std::thread::scope(|s| {
        for _ in 1..threads {
            s.spawn(&worker);
        }
        worker();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_means_all_available_threads_and_other_counts_are_kept() {
        assert_eq!(resolve(0), available());
        assert!(available() >= 1);
        assert_eq!(resolve(3), 3);
    }
}
