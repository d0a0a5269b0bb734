//! Exact boson sampling by Clifford & Clifford 2017, Algorithm B (docs/simulation.md).
//!
//! The `n` photons are put in a uniformly random order; output modes are then drawn one photon at a time, photon
//! `k` from the weights `w_x = |Perm(A[0:k, (r_1 … r_{k−1}, x)])|²`, where row `j` of `A` is the column of `U`
//! of photon `j`'s input mode. Expanding each of those permanents along the new column gives
//! `w_x = |Σ_j p_j A[j, x]|²` with `p_j` the leave-one-row-out permanents of `A[0:k, r]`, all obtained at once by
//! [`sub_permanents`](crate::permanent::sub_permanents). One sample costs `O(n·2^n + m·n²)`.
//!
//! Parallel sampling cuts the requested samples into fixed chunks; chunk `c` always draws from
//! `Rng::stream(seed, c)`, so a seed gives the same samples whatever the number of threads. Chunks are drawn in
//! bounded batches appended to the output, so memory grows with the samples actually drawn and the scratch
//! bookkeeping stays small however many samples are asked for; batches hold whole chunks, so they change nothing
//! in the samples either.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::complex::C64;
use crate::control::{Control, Silent};
use crate::error::{EngineError, Result};
use crate::matrix::Matrix;
use crate::memory;
use crate::permanent::{self, Verified};
use crate::rng::Rng;
use crate::threads;

/// Most photons one sampler accepts (the sub-permanents' size limit; run time is long before that).
pub const MAX_PHOTONS: usize = permanent::MAX_SIZE;

/// Samples per random stream for small photon numbers. The chunk size depends on the photon number only, so
/// the samples of a seed depend neither on the thread count nor on how many samples are asked for.
const SMALL_CHUNK: usize = 16;

/// From this many photons a sample takes long enough (≳ 0.1 ms) to be a chunk of its own, which balances the
/// threads when only a few samples are asked for.
const SINGLE_SAMPLE_CHUNKS_FROM: usize = 14;

/// Tolerance on `U†U = I` over the occupied input modes.
const UNITARITY_TOL: f64 = 1e-6;

/// Progress is reported about every this many operations of sampling work (well under a millisecond).
const REPORT_EVERY_OPS: f64 = 2e6;

/// Most samples drawn per batch, and most output bytes per batch: what one batch allocates is bounded whatever
/// the requested count.
pub(crate) const BATCH_SAMPLES: usize = 1 << 16;
pub(crate) const BATCH_BYTES: usize = 64 << 20;

/// Samples drawn by [`CliffordSampler::sample_many`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleBatch {
    /// Number of output modes.
    pub m: usize,
    /// Output photon counts, `count · m` of them: sample `i` is `occupations[i·m .. (i+1)·m]`.
    pub occupations: Vec<u8>,
    /// Number of samples in `occupations` (the requested count unless canceled).
    pub count: usize,
    /// True if the caller canceled before every requested sample was drawn.
    pub canceled: bool,
}

impl SampleBatch {
    /// Sample `i` as per-mode photon counts.
    pub fn sample(&self, i: usize) -> &[u8] {
        &self.occupations[i * self.m..(i + 1) * self.m]
    }
}

/// What the batches of one [`CliffordSampler::sample_many`] run share.
struct Run<'c> {
    /// Samples of the whole run.
    count: usize,
    seed: u64,
    threads: usize,
    ctl: &'c dyn Control,
}

/// A Clifford & Clifford sampler for one unitary and one input state.
#[derive(Clone, Debug)]
pub struct CliffordSampler {
    m: usize,
    n: usize,
    /// `A[j, x] = U[x, input mode of photon j]`, `n × m`.
    a: Matrix,
    kernel: Verified,
}

impl CliffordSampler {
    /// A sampler for `u` (`U[out, in]`, `m × m'`) fed with `input[i]` photons in input mode `i`
    /// (`input.len() == m'`). The columns of the occupied input modes must be orthonormal (true of a unitary);
    /// errors name `"unitary"` or `"input"`.
    pub fn new(u: &Matrix, input: &[u8]) -> Result<CliffordSampler> {
        if u.rows.checked_mul(u.cols) != Some(u.data.len()) {
            return Err(EngineError::validation("unitary", "the matrix's entry count does not match its shape"));
        }
        u.check_finite("unitary")?;
        if u.rows == 0 {
            return Err(EngineError::validation("unitary", "the circuit has no modes"));
        }
        if input.len() != u.cols {
            return Err(EngineError::validation(
                "input",
                format!("the input state has {} modes but the circuit has {}", input.len(), u.cols),
            ));
        }
        let n: usize = input.iter().map(|&k| k as usize).sum();
        if n > MAX_PHOTONS {
            return Err(EngineError::validation(
                "input",
                format!("Clifford & Clifford sampling takes at most {MAX_PHOTONS} photons, the input has {n}"),
            ));
        }
        let occupied: Vec<usize> = (0..u.cols).filter(|&i| input[i] > 0).collect();
        for (a, &i) in occupied.iter().enumerate() {
            for &j in &occupied[a..] {
                let mut dot = (0..u.rows).fold(C64::ZERO, |s, x| s + u.get(x, i).conj() * u.get(x, j));
                if i == j {
                    dot -= C64::ONE;
                }
                if dot.abs() > UNITARITY_TOL {
                    return Err(EngineError::validation(
                        "unitary",
                        format!(
                            "columns {i} and {j} are not orthonormal (error {:.2e}); the circuit must be unitary",
                            dot.abs()
                        ),
                    ));
                }
            }
        }
        let photon_modes: Vec<usize> = (0..u.cols).flat_map(|i| std::iter::repeat_n(i, input[i] as usize)).collect();
        let a = Matrix::from_fn(n, u.rows, |j, x| u.get(x, photon_modes[j]));
        Ok(CliffordSampler { m: u.rows, n, a, kernel: Verified::best() })
    }

    /// Number of output modes.
    pub fn modes(&self) -> usize {
        self.m
    }

    /// Number of photons.
    pub fn photons(&self) -> usize {
        self.n
    }

    /// One sample: the photon count of each output mode.
    pub fn sample(&self, rng: &mut Rng) -> Vec<u8> {
        let mut out = vec![0; self.m];
        self.sample_into(rng, 1, &Silent, &mut out).expect("Silent never cancels");
        out
    }

    /// `count` samples on `threads` threads (`0`: all cores), reproducible from `seed` whatever the thread count.
    /// Reports `ctl.progress(drawn / count, "sampling")` about every millisecond of work and polls
    /// `ctl.is_canceled()` between samples (and between blocks inside a large sample). After a cancel it returns
    /// the samples drawn so far that form a prefix of the full run's sequence: sample `i` of a canceled run is
    /// sample `i` of the uncanceled one. The output grows batch by batch (at most 65 536 samples or 64 MiB each)
    /// and never holds room for more than `count · m` bytes, which callers bound against their memory budget (the
    /// pipeline does, before sampling).
    pub fn sample_many(&self, count: usize, seed: u64, threads: usize, ctl: &dyn Control) -> SampleBatch {
        self.sample_in_batches(count, seed, threads, ctl, self.batch_size())
    }

    /// [`sample_many`](Self::sample_many) with batches of `batch` samples, a multiple of the chunk size.
    fn sample_in_batches(
        &self,
        count: usize,
        seed: u64,
        threads: usize,
        ctl: &dyn Control,
        batch: usize,
    ) -> SampleBatch {
        debug_assert!(batch >= self.chunk_size() && batch.is_multiple_of(self.chunk_size()));
        let run = Run { count, seed, threads: threads::resolve(threads), ctl };
        let total_bytes = count.saturating_mul(self.m);
        let mut occupations = Vec::new();
        let mut drawn = 0;
        while drawn < count {
            let size = batch.min(count - drawn);
            memory::reserve_within(&mut occupations, size * self.m, total_bytes);
            let kept = self.draw_batch(&run, drawn, size, &mut occupations);
            drawn += kept;
            if kept < size {
                break;
            }
            if drawn < count {
                ctl.progress(drawn as f64 / count as f64, "sampling");
            }
        }
        SampleBatch { m: self.m, occupations, count: drawn, canceled: drawn < count }
    }

    /// Appends samples `before .. before + size` of the run to `out` (only a prefix of them after a cancel),
    /// returning how many were appended. `before` is a multiple of the chunk size, since every batch but the last
    /// is whole: the batch draws the chunks `before / chunk, before / chunk + 1, …` from their own streams.
    fn draw_batch(&self, run: &Run, before: usize, size: usize, out: &mut Vec<u8>) -> usize {
        let Run { count, seed, threads, ctl } = *run;
        let m = self.m;
        let chunk = self.chunk_size();
        debug_assert!(before.is_multiple_of(chunk));
        let first_chunk = before / chunk;
        let chunks = size.div_ceil(chunk);
        let workers = threads.clamp(1, chunks.max(1));
        // With fewer chunks than threads (a few large samples), the spare threads go inside each sample.
        let inner_threads = (threads / workers).max(1);
        let report_every = (REPORT_EVERY_OPS / self.ops_per_sample()).max(1.0) as usize;
        let start = out.len();
        out.resize(start + size * m, 0);
        let done: Vec<AtomicUsize> = (0..chunks).map(|_| AtomicUsize::new(0)).collect();
        let drawn = AtomicUsize::new(before);
        let stop = AtomicBool::new(false);
        {
            let queue = Mutex::new(out[start..].chunks_mut(chunk * m.max(1)).enumerate());
            let worker = || {
                let mut since_report = 0;
                'chunks: loop {
                    let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).next();
                    let Some((c, slice)) = next else { break };
                    let mut rng = Rng::stream(seed, (first_chunk + c) as u64);
                    for (i, sample) in slice.chunks_mut(m).enumerate() {
                        if stop.load(Ordering::Relaxed) || ctl.is_canceled() {
                            stop.store(true, Ordering::Relaxed);
                            break 'chunks;
                        }
                        if self.sample_into(&mut rng, inner_threads, ctl, sample).is_err() {
                            stop.store(true, Ordering::Relaxed);
                            break 'chunks;
                        }
                        done[c].store(i + 1, Ordering::Relaxed);
                        let total = drawn.fetch_add(1, Ordering::Relaxed) + 1;
                        since_report += 1;
                        if since_report >= report_every {
                            since_report = 0;
                            ctl.progress(total as f64 / count as f64, "sampling");
                        }
                    }
                }
            };
            if workers == 1 {
                worker();
            } else {
                std::thread::scope(|scope| {
                    for _ in 0..workers {
                        scope.spawn(worker);
                    }
                });
            }
        }
        // Keep the longest run of chunks drawn in full, plus the drawn head of the first unfinished one.
        let mut kept = 0;
        for (c, d) in done.iter().enumerate() {
            let d = d.load(Ordering::Relaxed);
            kept += d;
            if d < chunk.min(size - c * chunk) {
                break;
            }
        }
        out.truncate(start + kept * m);
        kept
    }

    /// Samples per batch: [`BATCH_SAMPLES`], fewer for wide samples, in whole chunks.
    fn batch_size(&self) -> usize {
        let chunk = self.chunk_size();
        let by_bytes = BATCH_BYTES / self.m.max(1);
        (BATCH_SAMPLES.min(by_bytes) / chunk).max(1) * chunk
    }

    /// Samples per random stream.
    fn chunk_size(&self) -> usize {
        if self.n >= SINGLE_SAMPLE_CHUNKS_FROM {
            1
        } else {
            SMALL_CHUNK
        }
    }

    /// Rough operations per sample, to space progress reports: the sub-permanents, the weights, and a fixed
    /// cost per photon (buffers, the draw) that dominates small samples.
    fn ops_per_sample(&self) -> f64 {
        let n = self.n as f64;
        3.0 * n * 2f64.powf(n - 1.0) + self.m as f64 * n * n + 200.0 * n + 100.0
    }

    /// Draws one sample into `out` (zeroed here), running sub-permanents on `threads` threads.
    fn sample_into(&self, rng: &mut Rng, threads: usize, ctl: &dyn Control, out: &mut [u8]) -> Result<()> {
        out.fill(0);
        if self.n == 0 {
            return Ok(());
        }
        let mut order: Vec<usize> = (0..self.n).collect();
        rng.shuffle(&mut order);
        let mut weights = vec![0.0; self.m];
        let mut picked: Vec<usize> = Vec::with_capacity(self.n);
        for k in 1..=self.n {
            if k > 1 && ctl.is_canceled() {
                return Err(EngineError::Canceled);
            }
            self.step_weights(&order[..k], &picked, threads, ctl, &mut weights)?;
            let total: f64 = weights.iter().sum();
            let x = if total > 0.0 && total.is_finite() {
                rng.pick_weighted(&weights, total)
            } else {
                // Only reachable through underflow of every weight, which the rescaling below rules out for
                // unitaries; a uniform pick keeps the sampler total rather than panicking.
                rng.below(self.m as u64) as usize
            };
            picked.push(x);
            out[x] += 1;
        }
        Ok(())
    }

    /// The unnormalised weights `w_x ∝ |Perm(A[rows, picked ∪ {x}])|²` of the next photon, where `rows` are the
    /// first `k = picked.len() + 1` photons of the random order.
    fn step_weights(
        &self,
        rows: &[usize],
        picked: &[usize],
        threads: usize,
        ctl: &dyn Control,
        weights: &mut [f64],
    ) -> Result<()> {
        let k = rows.len();
        debug_assert_eq!(picked.len() + 1, k);
        let mut p = if k == 1 {
            vec![C64::ONE]
        } else {
            let b = Matrix::from_fn(k, k - 1, |i, c| self.a.get(rows[i], picked[c]));
            permanent::sub_permanents_in(&b, threads, self.kernel, ctl)?
        };
        // Rescale so that the largest component is 1: the permanents of large unitaries shrink like e^{-k/2}.
        let scale = p.iter().fold(0.0f64, |s, z| s.max(z.re.abs()).max(z.im.abs()));
        if scale > 0.0 && scale.is_finite() {
            for z in &mut p {
                *z = z.scale(1.0 / scale);
            }
        }
        for (x, w) in weights.iter_mut().enumerate() {
            let amp = rows.iter().zip(&p).fold(C64::ZERO, |s, (&j, pj)| s + *pj * self.a.get(j, x));
            *w = amp.norm_sqr();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permanent::{permanent, Kernel};

    /// Every occupation vector of `n` photons in `m` modes.
    fn all_outputs(n: usize, m: usize) -> Vec<Vec<u8>> {
        if m == 1 {
            return vec![vec![n as u8]];
        }
        (0..=n)
            .rev()
            .flat_map(|first| {
                all_outputs(n - first, m - 1).into_iter().map(move |mut rest| {
                    rest.insert(0, first as u8);
                    rest
                })
            })
            .collect()
    }

    fn factorials(state: &[u8]) -> f64 {
        state.iter().map(|&k| (1..=u64::from(k)).product::<u64>() as f64).product()
    }

    fn modes_of(state: &[u8]) -> Vec<usize> {
        state.iter().enumerate().flat_map(|(i, &k)| std::iter::repeat_n(i, k as usize)).collect()
    }

    /// `|Perm(U_{T,S})|² / (Π s! Π t!)` (docs/simulation.md).
    fn exact_probability(u: &Matrix, input: &[u8], output: &[u8]) -> f64 {
        let sub = u.submatrix(&modes_of(output), &modes_of(input));
        permanent(&sub).norm_sqr() / (factorials(input) * factorials(output))
    }

    /// Total variation distance between the empirical distribution of `batch` and the exact one.
    fn tvd_to_exact(u: &Matrix, input: &[u8], batch: &SampleBatch) -> f64 {
        let n = input.iter().map(|&k| k as usize).sum();
        let outputs = all_outputs(n, u.rows);
        let mut counts = std::collections::HashMap::new();
        for i in 0..batch.count {
            *counts.entry(batch.sample(i).to_vec()).or_insert(0usize) += 1;
        }
        let mut exact_total = 0.0;
        let mut tvd = 0.0;
        for t in &outputs {
            let p = exact_probability(u, input, t);
            exact_total += p;
            let q = counts.remove(t).unwrap_or(0) as f64 / batch.count as f64;
            tvd += (p - q).abs();
        }
        assert!((exact_total - 1.0).abs() < 1e-12, "exact probabilities sum to {exact_total}");
        assert!(counts.is_empty(), "samples outside the output space: {counts:?}");
        tvd / 2.0
    }

    #[test]
    fn three_photons_in_four_modes_follow_the_exact_distribution() {
        // 20 outputs, N = 200 000: by the Bretagnolle–Huber–Carol inequality
        // P(TVD ≥ ε) ≤ 2^20 · exp(−2Nε²) = 4.4e-12 for ε = 0.01 (the C++ port reached 0.004).
        let u = Matrix::random_haar(4, &mut Rng::seed_from_u64(2017));
        let input = [1, 1, 1, 0];
        let batch = CliffordSampler::new(&u, &input).unwrap().sample_many(200_000, 7, 2, &Silent);
        assert_eq!((batch.count, batch.canceled), (200_000, false));
        let tvd = tvd_to_exact(&u, &input, &batch);
        eprintln!("|1,1,1,0>: TVD {tvd:.4} over 200k samples");
        assert!(tvd < 0.01, "TVD {tvd}");
    }

    #[test]
    fn bunched_inputs_follow_the_exact_distribution() {
        // |2,1,0,0,0>: 35 outputs, N = 200 000: P(TVD ≥ 0.012) ≤ 2^35 · exp(−57.6) = 3.3e-15.
        let u = Matrix::random_haar(5, &mut Rng::seed_from_u64(5));
        let input = [2, 1, 0, 0, 0];
        let batch = CliffordSampler::new(&u, &input).unwrap().sample_many(200_000, 8, 2, &Silent);
        let tvd = tvd_to_exact(&u, &input, &batch);
        eprintln!("|2,1,0,0,0>: TVD {tvd:.4} over 200k samples");
        assert!(tvd < 0.012, "TVD {tvd}");
    }

    #[test]
    fn hong_ou_mandel_photons_never_leave_one_per_mode() {
        let h = std::f64::consts::FRAC_1_SQRT_2;
        let bs =
            Matrix::from_rows(&[vec![C64::new(h, 0.0), C64::new(0.0, h)], vec![C64::new(0.0, h), C64::new(h, 0.0)]])
                .unwrap();
        let batch = CliffordSampler::new(&bs, &[1, 1]).unwrap().sample_many(10_000, 1, 2, &Silent);
        let mut bunched_left = 0;
        for i in 0..batch.count {
            let s = batch.sample(i);
            assert_ne!(s, [1, 1]);
            bunched_left += usize::from(s == [2, 0]);
        }
        // |2,0> and |0,2> have probability 1/2 each: mean 5000, sd 50; 8 sigma.
        assert!((bunched_left as i64 - 5_000).abs() < 400, "{bunched_left}");
    }

    /// The `n`-mode Fourier interferometer `U[j, k] = ω^{jk} / √n`.
    fn fourier(n: usize) -> Matrix {
        let s = 1.0 / (n as f64).sqrt();
        Matrix::from_fn(n, n, |j, k| C64::cis(2.0 * std::f64::consts::PI * ((j * k) % n) as f64 / n as f64).scale(s))
    }

    #[test]
    fn fourier_interferometers_obey_the_suppression_law() {
        // One photon per mode through the n-mode Fourier matrix: the permanent vanishes unless the output modes
        // sum to 0 mod n (a cyclic shift of the permutations multiplies it by ω^{Σ r}). Sizes 12 and 14 run
        // the SIMD sub-permanent blocks of every kernel at the last photons.
        for n in [6, 12, 14] {
            for kernel in Kernel::available() {
                let mut sampler = CliffordSampler::new(&fourier(n), &vec![1; n]).unwrap();
                sampler.kernel = Verified::new(kernel).unwrap();
                let batch = sampler.sample_many(64, n as u64, 2, &Silent);
                for i in 0..batch.count {
                    let s = batch.sample(i);
                    assert_eq!(s.iter().map(|&k| k as usize).sum::<usize>(), n);
                    let moment: usize = s.iter().enumerate().map(|(x, &k)| x * k as usize).sum();
                    assert_eq!(moment % n, 0, "n={n} {kernel:?} sample {s:?} is suppressed");
                }
            }
        }
    }

    #[test]
    fn step_weights_are_the_squared_permanents_up_to_a_common_factor() {
        let mut rng = Rng::seed_from_u64(13);
        let u = Matrix::random_haar(20, &mut rng);
        let input: Vec<u8> = (0..20).map(|i| u8::from(i < 14)).collect();
        for kernel in Kernel::available() {
            let mut sampler = CliffordSampler::new(&u, &input).unwrap();
            sampler.kernel = Verified::new(kernel).unwrap();
            let rows: Vec<usize> = (0..13).rev().collect();
            let picked: Vec<usize> = (0..12).map(|_| rng.below(20) as usize).collect();
            let mut w = vec![0.0; 20];
            sampler.step_weights(&rows, &picked, 1, &Silent, &mut w).unwrap();
            let exact: Vec<f64> = (0..20)
                .map(|x| {
                    let mut cols = picked.clone();
                    cols.push(x);
                    permanent(&sampler.a.submatrix(&rows, &cols)).norm_sqr()
                })
                .collect();
            let (ws, es): (f64, f64) = (w.iter().sum(), exact.iter().sum());
            for x in 0..20 {
                assert!((w[x] / ws - exact[x] / es).abs() < 1e-10, "{kernel:?} mode {x}");
            }
        }
    }

    #[test]
    fn samples_depend_on_the_seed_only_not_on_the_thread_count() {
        let u = Matrix::random_haar(8, &mut Rng::seed_from_u64(3));
        let sampler = CliffordSampler::new(&u, &[1, 1, 0, 1, 0, 1, 0, 0]).unwrap();
        let one = sampler.sample_many(100, 99, 1, &Silent);
        assert_eq!(one.count, 100);
        assert_eq!(one.occupations.len(), 800);
        assert!(one.occupations.chunks(8).all(|s| s.iter().map(|&k| u32::from(k)).sum::<u32>() == 4));
        assert_eq!(sampler.sample_many(100, 99, 2, &Silent), one);
        assert_eq!(sampler.sample_many(100, 99, 3, &Silent), one);
        assert_ne!(sampler.sample_many(100, 100, 2, &Silent), one);
        // A shorter run is a prefix of a longer one.
        assert_eq!(sampler.sample_many(37, 99, 2, &Silent).occupations, one.occupations[..37 * 8]);
        let mut rng = Rng::seed_from_u64(1);
        assert_eq!(sampler.sample(&mut rng).len(), 8);
        // From 14 photons every sample is its own stream; the same holds.
        let u = Matrix::random_haar(16, &mut Rng::seed_from_u64(16));
        let sampler = CliffordSampler::new(&u, &[1; 14].iter().chain(&[0, 0]).copied().collect::<Vec<u8>>()).unwrap();
        let one = sampler.sample_many(6, 3, 1, &Silent);
        assert_eq!(sampler.sample_many(6, 3, 2, &Silent), one);
        assert_eq!(sampler.sample_many(4, 3, 2, &Silent).occupations, one.occupations[..4 * 16]);
    }

    /// Cancels once `polls` calls to `is_canceled` have been made, and records progress reports.
    struct CancelAfterPolls {
        polls: std::sync::atomic::AtomicIsize,
        reports: Mutex<Vec<(f64, String)>>,
    }

    impl Control for CancelAfterPolls {
        fn progress(&self, fraction: f64, phase: &str) {
            self.reports.lock().unwrap().push((fraction, phase.to_string()));
        }
        fn is_canceled(&self) -> bool {
            self.polls.fetch_sub(1, Ordering::Relaxed) <= 0
        }
    }

    #[test]
    fn a_cancel_returns_a_prefix_of_the_full_sequence() {
        let u = Matrix::random_haar(10, &mut Rng::seed_from_u64(4));
        let sampler = CliffordSampler::new(&u, &[1, 1, 1, 1, 1, 1, 0, 0, 0, 0]).unwrap();
        let full = sampler.sample_many(2_000, 5, 2, &Silent);
        for threads in [1, 2] {
            let ctl = CancelAfterPolls { polls: 300.into(), reports: Mutex::new(Vec::new()) };
            let part = sampler.sample_many(2_000, 5, threads, &ctl);
            assert!(part.canceled);
            assert!(part.count < 2_000);
            assert_eq!(part.occupations.len(), part.count * 10);
            assert_eq!(part.occupations, full.occupations[..part.count * 10]);
            let reports = ctl.reports.lock().unwrap();
            assert!(reports.iter().all(|(f, phase)| (0.0..=1.0).contains(f) && phase == "sampling"));
        }
    }

    #[test]
    fn progress_is_reported_while_sampling() {
        let u = Matrix::random_haar(12, &mut Rng::seed_from_u64(6));
        let sampler = CliffordSampler::new(&u, &[1; 12]).unwrap();
        let ctl = CancelAfterPolls { polls: isize::MAX.into(), reports: Mutex::new(Vec::new()) };
        // About 25 samples of 12 photons make a report; 2000 samples give dozens.
        let batch = sampler.sample_many(2_000, 1, 2, &ctl);
        assert!(!batch.canceled);
        let reports = ctl.reports.lock().unwrap();
        assert!(reports.len() >= 10, "{} reports", reports.len());
        assert!(reports.iter().any(|(f, _)| *f > 0.9));
    }

    /// The samples of `seed` as the module documents them: chunk `c` of `chunk` samples drawn one after the other
    /// from `Rng::stream(seed, c)`.
    fn from_chunk_streams(sampler: &CliffordSampler, count: usize, seed: u64) -> Vec<u8> {
        let chunk = sampler.chunk_size();
        let mut out = Vec::new();
        for c in 0..count.div_ceil(chunk) {
            let mut rng = Rng::stream(seed, c as u64);
            for _ in 0..chunk.min(count - c * chunk) {
                out.extend(sampler.sample(&mut rng));
            }
        }
        out
    }

    #[test]
    fn batches_change_nothing_in_the_samples() {
        let u = Matrix::random_haar(7, &mut Rng::seed_from_u64(11));
        let sampler = CliffordSampler::new(&u, &[1, 1, 0, 1, 0, 0, 1]).unwrap();
        let expected = from_chunk_streams(&sampler, 1_000, 42);
        for batch in [16, 48, 1_008, sampler.batch_size()] {
            for threads in [1, 2] {
                let drawn = sampler.sample_in_batches(1_000, 42, threads, &Silent, batch);
                assert_eq!((drawn.count, drawn.canceled), (1_000, false));
                assert_eq!(drawn.occupations, expected, "batches of {batch} on {threads} threads");
            }
        }
        // The default batches: a run longer than one batch is still the chunk streams' sequence.
        let count = BATCH_SAMPLES + 1_000;
        assert_eq!(sampler.sample_many(count, 42, 2, &Silent).occupations, from_chunk_streams(&sampler, count, 42));
        // From 14 photons a chunk is one sample, and so can a batch be.
        let u = Matrix::random_haar(16, &mut Rng::seed_from_u64(16));
        let input: Vec<u8> = (0..16).map(|i| u8::from(i < 14)).collect();
        let sampler = CliffordSampler::new(&u, &input).unwrap();
        let expected = from_chunk_streams(&sampler, 7, 5);
        for batch in [1, 3, sampler.batch_size()] {
            assert_eq!(sampler.sample_in_batches(7, 5, 2, &Silent, batch).occupations, expected, "batch {batch}");
        }
    }

    #[test]
    fn a_batch_holds_whole_chunks_and_a_bounded_number_of_bytes() {
        let narrow = CliffordSampler::new(&Matrix::identity(6), &[1, 1, 1, 0, 0, 0]).unwrap();
        assert_eq!(narrow.batch_size(), BATCH_SAMPLES);
        // 1 100 modes: 64 MB hold 61 008 samples, a multiple of the 16-sample chunks.
        let mut input = vec![0u8; 1_100];
        input[..3].fill(1);
        let wide = CliffordSampler::new(&Matrix::identity(1_100), &input).unwrap();
        let batch = wide.batch_size();
        assert!(batch * 1_100 <= BATCH_BYTES && (batch + 16) * 1_100 > BATCH_BYTES, "{batch}");
        assert!(batch.is_multiple_of(SMALL_CHUNK));
    }

    #[test]
    fn a_cancel_in_a_later_batch_returns_a_prefix_and_memory_for_what_was_drawn() {
        let u = Matrix::random_haar(10, &mut Rng::seed_from_u64(4));
        let sampler = CliffordSampler::new(&u, &[1, 1, 1, 1, 1, 0, 0, 0, 0, 0]).unwrap();
        let full = sampler.sample_many(3_000, 5, 2, &Silent);
        for threads in [1, 2] {
            let ctl = CancelAfterPolls { polls: 2_000.into(), reports: Mutex::new(Vec::new()) };
            // Batches of 48: the cancel lands many batches in.
            let part = sampler.sample_in_batches(1_000_000, 5, threads, &ctl, 48);
            assert!(part.canceled);
            assert!(part.count > 48 && part.count < 2_000, "{} samples", part.count);
            assert_eq!(part.occupations, full.occupations[..part.count * 10]);
            // Room for what was drawn (doubling), not for the million samples asked for.
            assert!(part.occupations.capacity() <= 2 * (part.count + 48) * 10, "{}", part.occupations.capacity());
            // Progress counts the whole run across batches.
            let reports = ctl.reports.lock().unwrap();
            let most = reports.iter().map(|(f, _)| *f).fold(0.0, f64::max);
            assert!(most >= 96.0 / 1e6 && most <= (part.count + 48) as f64 / 1e6, "{reports:?}");
        }
    }

    #[test]
    fn invalid_inputs_are_rejected_naming_the_field() {
        let field_of = |r: Result<CliffordSampler>| match r {
            Err(EngineError::Validation { field, .. }) => field,
            other => panic!("expected a validation error, got {other:?}"),
        };
        let u = Matrix::identity(3);
        assert_eq!(field_of(CliffordSampler::new(&u, &[1, 0])), "input");
        let mut skewed = Matrix::identity(3);
        skewed.set(1, 0, C64::new(0.5, 0.0));
        assert_eq!(field_of(CliffordSampler::new(&skewed, &[1, 0, 0])), "unitary");
        // Unoccupied columns do not matter.
        assert!(CliffordSampler::new(&skewed, &[0, 1, 1]).is_ok());
        assert_eq!(field_of(CliffordSampler::new(&Matrix::new(0, 0), &[])), "unitary");
        assert_eq!(field_of(CliffordSampler::new(&Matrix::identity(2), &[40, 40])), "input");
    }

    #[test]
    fn vacuum_gives_empty_samples() {
        let sampler = CliffordSampler::new(&Matrix::identity(3), &[0, 0, 0]).unwrap();
        let batch = sampler.sample_many(5, 0, 2, &Silent);
        assert_eq!(batch.occupations, vec![0; 15]);
        assert_eq!(sampler.sample_many(0, 0, 2, &Silent).count, 0);
    }
}
