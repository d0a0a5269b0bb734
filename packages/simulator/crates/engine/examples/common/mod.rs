//! Command-line pieces shared by the benchmark examples.

/// `n:m` pairs from the command line (photons, modes), or `default` when none is given.
pub fn size_pairs(default: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let args: Vec<(usize, usize)> = std::env::args()
        .skip(1)
        .filter_map(|a| {
            let (n, m) = a.split_once(':')?;
            Some((n.parse().ok()?, m.parse().ok()?))
        })
        .collect();
    if args.is_empty() {
        default.to_vec()
    } else {
        args
    }
}

/// Thread counts from the comma-separated environment variable `var`, or `default` when it is unset.
pub fn thread_counts(var: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(var)
        .ok()
        .map_or_else(|| default.to_vec(), |v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
}
