//! The engine's random numbers: xoshiro256++ (Blackman & Vigna) seeded through splitmix64.
//!
//! Parallel sampling needs streams that do not depend on how work is split among threads, so a generator can
//! [`fork`](Rng::fork) an independent child for any stream number: sample chunk `c` of a job seeded with `s`
//! always draws from `Rng::stream(s, c)`, whichever thread runs it.

/// A xoshiro256++ generator. Cloning it duplicates the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

/// One splitmix64 step: advances `state` and returns a well-mixed word.
#[inline]
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The generator whose state is four splitmix64 outputs of `seed` (the seeding the xoshiro authors advise).
    pub fn seed_from_u64(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm)];
        // splitmix64 is a bijection of its counter, so four consecutive outputs are never all zero.
        Rng { s }
    }

    /// Stream `stream` of the job seeded with `seed`: `Rng::seed_from_u64(seed).fork(stream)`.
    pub fn stream(seed: u64, stream: u64) -> Rng {
        Rng::seed_from_u64(seed).fork(stream)
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal deviate (Marsaglia's polar method; no cached spare, so clones stay in lockstep).
    pub fn normal(&mut self) -> f64 {
        loop {
            let x = 2.0 * self.next_f64() - 1.0;
            let y = 2.0 * self.next_f64() - 1.0;
            let r2 = x * x + y * y;
            if r2 > 0.0 && r2 < 1.0 {
                return x * (-2.0 * r2.ln() / r2).sqrt();
            }
        }
    }

    /// Uniform in `0..n` without modulo bias (Lemire's multiply-and-reject). Returns 0 when `n == 0`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let wide = u128::from(self.next_u64()) * u128::from(n);
            if (wide as u64) >= threshold {
                return (wide >> 64) as u64;
            }
        }
    }

    /// Shuffles `items` uniformly (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// An index drawn with probability proportional to `weights` (non-negative, summing to `total > 0`).
    /// Rounding can leave the draw past the last positive weight; it then falls back to that weight's index.
    pub fn pick_weighted(&mut self, weights: &[f64], total: f64) -> usize {
        let target = self.next_f64() * total;
        let mut acc = 0.0;
        let mut last_positive = 0;
        for (i, &w) in weights.iter().enumerate() {
            if w > 0.0 {
                acc += w;
                last_positive = i;
                if target < acc {
                    return i;
                }
            }
        }
        last_positive
    }

    /// Advances the generator by 2^128 steps: calling it `k` times yields the start of the `k`-th of 2^128
    /// non-overlapping subsequences.
    pub fn jump(&mut self) {
        const JUMP: [u64; 4] =
            [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C];
        let mut acc = [0u64; 4];
        for word in JUMP {
            for b in 0..64 {
                if word & (1u64 << b) != 0 {
                    for (a, s) in acc.iter_mut().zip(self.s) {
                        *a ^= s;
                    }
                }
                self.next_u64();
            }
        }
        self.s = acc;
    }

    /// An independent generator for stream number `stream`, derived from this one's state without advancing it.
    /// Distinct streams get distinct splitmix64 seeds (the stream number enters through an odd multiplier), and
    /// splitmix64's output decorrelates them; this is the usual way to seed parallel xoshiro streams when their
    /// count is not known in advance (jumping would cost O(stream)).
    pub fn fork(&self, stream: u64) -> Rng {
        let [a, b, c, d] = self.s;
        let mut sm = a ^ b.rotate_left(16) ^ c.rotate_left(32) ^ d.rotate_left(48);
        sm = splitmix64(&mut sm) ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let s = [splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm)];
        Rng { s }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let mut a = Rng::seed_from_u64(42);
        let mut b = Rng::seed_from_u64(42);
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::seed_from_u64(43).next_u64(), xs[0]);
    }

    #[test]
    fn splitmix_and_xoshiro_match_their_published_reference_outputs() {
        // splitmix64 seeded with 0: first output 0xE220A8397B1DCDAF (Vigna's splitmix64.c).
        let mut sm = 0u64;
        assert_eq!(splitmix64(&mut sm), 0xE220_A839_7B1D_CDAF);
        // xoshiro256++ from state [1, 2, 3, 4]: result = rotl(1 + 4, 23) + 1.
        let mut r = Rng { s: [1, 2, 3, 4] };
        assert_eq!(r.next_u64(), (5u64 << 23) + 1);
    }

    #[test]
    fn uniforms_have_the_right_range_and_mean() {
        let mut r = Rng::seed_from_u64(3);
        let n = 200_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let x = r.next_f64();
            assert!((0.0..1.0).contains(&x));
            sum += x;
        }
        // Standard error of the mean: sqrt(1/12 / n) ≈ 6.5e-4; 6 sigma.
        assert!((sum / f64::from(n) - 0.5).abs() < 4e-3);
    }

    #[test]
    fn normals_have_zero_mean_and_unit_variance() {
        let mut r = Rng::seed_from_u64(5);
        let n = 200_000;
        let (mut s1, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let x = r.normal();
            s1 += x;
            s2 += x * x;
        }
        let mean = s1 / f64::from(n);
        let var = s2 / f64::from(n) - mean * mean;
        // Standard errors: 1/sqrt(n) ≈ 2.2e-3 for the mean, sqrt(2/n) ≈ 3.2e-3 for the variance; 6 sigma.
        assert!(mean.abs() < 0.014, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
    }

    #[test]
    fn below_is_unbiased_over_a_small_range() {
        let mut r = Rng::seed_from_u64(9);
        let mut counts = [0u32; 3];
        for _ in 0..300_000 {
            counts[r.below(3) as usize] += 1;
        }
        // Each count: mean 1e5, sd ≈ 258; 6 sigma.
        for c in counts {
            assert!((i64::from(c) - 100_000).abs() < 1_600, "{counts:?}");
        }
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
    }

    #[test]
    fn forks_are_reproducible_distinct_and_leave_the_parent_untouched() {
        let parent = Rng::seed_from_u64(11);
        let snapshot = parent.clone();
        let a: Vec<u64> = {
            let mut f = parent.fork(0);
            (0..4).map(|_| f.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut f = parent.fork(1);
            (0..4).map(|_| f.next_u64()).collect()
        };
        assert_ne!(a, b);
        assert_eq!(parent, snapshot);
        let mut again = Rng::stream(11, 0);
        assert_eq!((0..4).map(|_| again.next_u64()).collect::<Vec<_>>(), a);
    }

    #[test]
    fn jump_moves_to_a_different_subsequence_deterministically() {
        let mut a = Rng::seed_from_u64(1);
        let mut b = a.clone();
        a.jump();
        b.jump();
        assert_eq!(a, b);
        assert_ne!(a, Rng::seed_from_u64(1));
    }

    #[test]
    fn shuffles_are_permutations() {
        let mut r = Rng::seed_from_u64(2);
        let mut v: Vec<usize> = (0..50).collect();
        r.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(v, sorted);
    }

    #[test]
    fn weighted_picks_follow_the_weights_and_skip_zeros() {
        let mut r = Rng::seed_from_u64(4);
        let w = [0.0, 1.0, 0.0, 3.0];
        let mut counts = [0u32; 4];
        for _ in 0..100_000 {
            counts[r.pick_weighted(&w, 4.0)] += 1;
        }
        assert_eq!(counts[0] + counts[2], 0);
        // Mean 25000, sd ≈ 137; 6 sigma.
        assert!((i64::from(counts[1]) - 25_000).abs() < 830, "{counts:?}");
    }
}
