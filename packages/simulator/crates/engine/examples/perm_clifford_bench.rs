//! Times Clifford & Clifford sampling (per sample) of Haar-random interferometers, input |1^n 0^(m−n)>.
//!
//! `cargo run --release --example perm_clifford_bench -p bosonic-engine -- [n:m ...]` (default: 10:20 16:32
//! 20:40 20:400 24:48). `CC_THREADS=1,2` narrows the thread counts.

use std::time::Instant;

use bosonic_engine::clifford::CliffordSampler;
use bosonic_engine::matrix::Matrix;
use bosonic_engine::rng::Rng;
use bosonic_engine::Silent;

mod common;

fn main() {
    let cases = common::size_pairs(&[(10, 20), (16, 32), (20, 40), (20, 400), (24, 48)]);
    let threads = common::thread_counts("CC_THREADS", &[1, 2]);
    println!("{:>3} {:>4} {:>7} {:>8} {:>14}", "n", "m", "threads", "samples", "ms/sample");
    for (n, m) in cases {
        let u = Matrix::random_haar(m, &mut Rng::seed_from_u64(m as u64));
        let input: Vec<u8> = (0..m).map(|i| u8::from(i < n)).collect();
        let sampler = CliffordSampler::new(&u, &input).expect("a unitary and a matching input");
        // Calibrate the sample count to about two seconds per configuration.
        let t0 = Instant::now();
        sampler.sample_many(2, 0, 2, &Silent);
        let per = t0.elapsed().as_secs_f64() / 2.0;
        let count = ((2.0 / per.max(1e-7)) as usize).clamp(4, 200_000);
        for &t in &threads {
            let t0 = Instant::now();
            let batch = sampler.sample_many(count, 42, t, &Silent);
            let dt = t0.elapsed().as_secs_f64();
            assert_eq!(batch.count, count);
            println!("{n:>3} {m:>4} {t:>7} {count:>8} {:>14.4}", dt * 1e3 / count as f64);
        }
    }
}
