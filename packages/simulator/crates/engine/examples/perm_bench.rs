//! Times Glynn permanents of Haar-random unitaries on every available kernel and thread count.
//!
//! `cargo run --release --example perm_bench -p bosonic-engine -- [n ...]` (default: 20 24 26 28). Set
//! `PERM_THREADS=1,2` and `PERM_KERNELS=avx512,avx2,portable` to narrow the grid.

use std::time::{Duration, Instant};

use bosonic_engine::matrix::Matrix;
use bosonic_engine::permanent::{permanent_with_kernel, Kernel};
use bosonic_engine::rng::Rng;

fn list_env(name: &str) -> Option<Vec<String>> {
    std::env::var(name).ok().map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
}

fn main() {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
        if args.is_empty() {
            vec![20, 24, 26, 28]
        } else {
            args
        }
    };
    let threads: Vec<usize> =
        list_env("PERM_THREADS").map_or_else(|| vec![1, 2], |v| v.iter().filter_map(|s| s.parse().ok()).collect());
    let kernels: Vec<Kernel> = match list_env("PERM_KERNELS") {
        Some(names) => Kernel::available().into_iter().filter(|k| names.iter().any(|n| n == k.name())).collect(),
        None => Kernel::available().into_iter().rev().collect(),
    };
    println!(
        "{:>3} {:>9} {:>7} {:>12} {:>14} {:>22}",
        "n", "kernel", "threads", "seconds", "ns/(n·2^(n-1))", "permanent"
    );
    for &n in &sizes {
        let a = Matrix::random_haar(n, &mut Rng::seed_from_u64(n as u64));
        let work = n as f64 * 2f64.powi(n as i32 - 1);
        for &kernel in &kernels {
            for &t in &threads {
                // Best of several timed batches (a batch repeats small permanents to last at least 20 ms), within
                // about two seconds per configuration.
                let mut best = f64::MAX;
                let mut value = None;
                let mut reps = 1usize;
                let started = Instant::now();
                for _ in 0..5 {
                    loop {
                        let t0 = Instant::now();
                        for _ in 0..reps {
                            value = Some(permanent_with_kernel(&a, t, kernel).expect("a square Haar matrix"));
                        }
                        let dt = t0.elapsed();
                        if dt >= Duration::from_millis(20) || reps >= 1 << 24 {
                            best = best.min(dt.as_secs_f64() / reps as f64);
                            break;
                        }
                        reps *= 4;
                    }
                    if started.elapsed() > Duration::from_secs(2) {
                        break;
                    }
                }
                let p = value.unwrap();
                println!(
                    "{n:>3} {:>9} {t:>7} {:>12.7} {:>14.4} {:>10.3e}{:+.3e}i",
                    kernel.name(),
                    best,
                    best * 1e9 / work,
                    p.re,
                    p.im
                );
            }
        }
    }
}
