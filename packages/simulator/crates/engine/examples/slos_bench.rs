//! Times SLOS full distributions through the processor's fast path (`pipeline::probs`, dense result) on Haar-random
//! unitaries, input `|1,…,1,0,…,0>` (photons spread round-robin when n > m).
//!
//! `cargo run --release --example slos_bench -p bosonic-engine -- [n:m ...]` (default: 10:10 12:12 14:14). Set
//! `SLOS_THREADS=1,2` to choose thread counts. Each size runs in this process one after the other, so run a single
//! size under `/usr/bin/time -v` to read its own peak memory; the process's peak (`VmHWM`) is printed too.

use std::time::Instant;

use bosonic_engine::fock::count_states;
use bosonic_engine::matrix::Matrix;
use bosonic_engine::pipeline::probs;
use bosonic_engine::request::{Backend, CircuitSpec, DistributionStorage, Element, Request};
use bosonic_engine::rng::Rng;
use bosonic_engine::Silent;

mod common;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let sizes = common::size_pairs(&[(10, 10), (12, 12), (14, 14)]);
    let threads = common::thread_counts("SLOS_THREADS", &[2]);
    let mut rng = Rng::seed_from_u64(1);
    println!(
        "{:>3} {:>3} {:>7} {:>13} {:>10} {:>14} {:>12}",
        "n", "m", "threads", "states", "seconds", "ns/MAC/thread", "peak RSS MB"
    );
    for (n, m) in sizes {
        let u = Matrix::random_haar(m, &mut rng);
        let mut input = vec![0u8; m];
        for i in 0..n {
            input[i % m] += 1;
        }
        for &t in &threads {
            let mut request = Request::new(
                Backend::Slos,
                CircuitSpec { m, elements: vec![Element::Unitary { first_mode: 0, matrix: u.clone() }] },
                input.clone(),
            );
            request.threads = t;
            let start = Instant::now();
            let result = match probs(&request, &Silent) {
                Ok(d) => d,
                Err(e) => {
                    println!("{n:>3} {m:>3} {t:>7}  error: {e}");
                    continue;
                }
            };
            let seconds = start.elapsed().as_secs_f64();
            let states = match &result.storage {
                DistributionStorage::Dense { probs, .. } => probs.len(),
                DistributionStorage::Sparse { probs, .. } => probs.len(),
            };
            // Multiply-adds of one SLOS pass: m · C(m+n−1, n−1).
            let macs = m as f64 * count_states(n - 1, m + 1).unwrap_or(0) as f64;
            let ns_per_mac = seconds * 1e9 * t as f64 / macs;
            let rss = peak_rss_mb().map_or("?".to_string(), |r| format!("{r:.0}"));
            println!("{n:>3} {m:>3} {t:>7} {states:>13} {seconds:>10.3} {ns_per_mac:>14.2} {rss:>12}");
        }
    }
}
