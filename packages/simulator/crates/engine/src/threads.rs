//! How many worker threads a computation uses.

/// The number of hardware threads the process may use (1 if the platform cannot tell).
pub fn available() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A requested thread count, where 0 means "as many as the machine offers".
pub fn resolve(requested: usize) -> usize {
    if requested == 0 {
        available()
    } else {
        requested
    }
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
