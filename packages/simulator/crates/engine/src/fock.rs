//! Fock states of `n` photons on `m` modes in Perceval's `FSArray` order, with closed-form rank and unrank.
//!
//! The order is descending-lexicographic in occupation numbers: for m=3, n=2 it is
//! `|2,0,0>, |1,1,0>, |1,0,1>, |0,2,0>, |0,1,1>, |0,0,2>`. It is recursive: the states come in blocks by the
//! occupation `d` of mode 0 (`d = n, n−1, …, 0`), and block `d` lists the states of the other `m−1` modes holding
//! `n−d` photons in the same order. SLOS relies on that block structure to find parents and children of a state
//! without any lookup table. `@bosonic/core` reads dense distributions with the same order.

/// Number of states of `n` photons on `m` modes, `C(n+m−1, n)`, or `None` when it does not fit in a `u64`.
pub fn count_states(n: usize, m: usize) -> Option<u64> {
    if m == 0 {
        return Some(u64::from(n == 0));
    }
    binomial(n + m - 1, n.min(m - 1))
}

/// `C(a, b)` computed exactly, or `None` on `u64` overflow.
pub fn binomial(a: usize, b: usize) -> Option<u64> {
    if b > a {
        return Some(0);
    }
    let b = b.min(a - b);
    let mut c: u128 = 1;
    for i in 0..b {
        // c·(a−i) stays exact: c = C(a, i)·… fits in u64 before the division, checked below.
        c = c * (a - i) as u128 / (i + 1) as u128;
        if c > u128::from(u64::MAX) {
            return None;
        }
    }
    Some(c as u64)
}

/// Rank of `occupations` among the states with the same photon number and mode count, in `FSArray` order.
///
/// `rank = Σ_{i < m−1} C(r_i − s_i − 1 + m−i−1, m−i−1)` over the modes with `s_i < r_i`, where `r_i` is the number
/// of photons in modes `i..m`: the states with the same prefix and more photons in mode `i` come first, and there
/// are `count_states(r_i − s_i − 1, m − i)` of them (hockey-stick identity).
pub fn rank(occupations: &[u8]) -> u64 {
    let m = occupations.len();
    let mut remaining: usize = occupations.iter().map(|&k| k as usize).sum();
    let mut r = 0u64;
    for (i, &s) in occupations.iter().enumerate().take(m.saturating_sub(1)) {
        let s = s as usize;
        if s < remaining {
            r += count_states(remaining - s - 1, m - i).unwrap_or(u64::MAX);
        }
        remaining -= s;
    }
    r
}

/// The state of rank `rank` among `n` photons on `m` modes (`rank < count_states(n, m)`).
pub fn unrank(mut rank: u64, n: usize, m: usize) -> Vec<u8> {
    let mut occ = vec![0u8; m];
    let mut remaining = n;
    for (i, slot) in occ.iter_mut().enumerate() {
        if i + 1 == m {
            *slot = remaining as u8;
            break;
        }
        // Blocks d = remaining, remaining−1, …: block d holds count_states(remaining − d, m − i − 1) states.
        let mut d = remaining;
        loop {
            let block = count_states(remaining - d, m - i - 1).unwrap_or(u64::MAX);
            if rank < block || d == 0 {
                break;
            }
            rank -= block;
            d -= 1;
        }
        *slot = d as u8;
        remaining -= d;
    }
    occ
}

/// Moves `occupations` to the next state in `FSArray` order; false when it was the last one (`|0,…,0,n>`).
pub fn next_state(occupations: &mut [u8]) -> bool {
    let m = occupations.len();
    if m < 2 {
        return false;
    }
    // The rightmost non-empty mode before the last one gives one photon to its right neighbour, which also
    // collects every photon further right.
    let Some(i) = (0..m - 1).rev().find(|&i| occupations[i] > 0) else {
        return false;
    };
    let tail: u32 = occupations[i + 1..].iter().map(|&k| u32::from(k)).sum();
    occupations[i] -= 1;
    occupations[i + 1..].iter_mut().for_each(|k| *k = 0);
    occupations[i + 1] = (tail + 1) as u8;
    true
}

/// Iterates over every state of `n` photons on `m` modes in `FSArray` order.
pub struct FockIter {
    current: Vec<u8>,
    started: bool,
    done: bool,
}

impl FockIter {
    pub fn new(n: usize, m: usize) -> FockIter {
        let mut current = vec![0u8; m];
        let done = if m == 0 {
            n != 0
        } else {
            current[0] = n as u8;
            false
        };
        FockIter { current, started: false, done }
    }

    /// The next state, borrowed (no allocation per state).
    pub fn next_ref(&mut self) -> Option<&[u8]> {
        if self.done {
            return None;
        }
        if self.started {
            if !next_state(&mut self.current) {
                self.done = true;
                return None;
            }
        } else {
            self.started = true;
        }
        Some(&self.current)
    }
}

impl Iterator for FockIter {
    type Item = Vec<u8>;
    fn next(&mut self) -> Option<Vec<u8>> {
        self.next_ref().map(<[u8]>::to_vec)
    }
}

/// `count_states(k, f)` for every `k ≤ n`, `f ≤ m`, as `usize`, for the hot loops of SLOS. Entries that overflow
/// saturate (callers check sizes against the memory limit first).
#[derive(Clone, Debug)]
pub struct CountTable {
    n: usize,
    table: Vec<usize>,
}

impl CountTable {
    pub fn new(n: usize, m: usize) -> CountTable {
        let mut table = vec![0usize; (m + 1) * (n + 1)];
        for f in 0..=m {
            for k in 0..=n {
                table[f * (n + 1) + k] =
                    count_states(k, f).map_or(usize::MAX, |c| usize::try_from(c).unwrap_or(usize::MAX));
            }
        }
        CountTable { n, table }
    }

    /// Number of states of `k` photons on `f` modes.
    #[inline(always)]
    pub fn get(&self, k: usize, f: usize) -> usize {
        self.table[f * (self.n + 1) + k]
    }
}

/// `Π k_i!` of a state, as `f64`.
pub fn prod_factorials(occupations: &[u8]) -> f64 {
    occupations.iter().map(|&k| factorial(k as usize)).product()
}

/// `k!` as `f64` (exact up to 22!).
pub fn factorial(k: usize) -> f64 {
    (1..=k).fold(1.0, |acc, i| acc * i as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All states by brute force, sorted descending-lexicographically in occupations.
    fn enumerate(n: usize, m: usize) -> Vec<Vec<u8>> {
        let mut all = Vec::new();
        let mut cur = vec![0u8; m];
        fn rec(i: usize, left: usize, cur: &mut Vec<u8>, all: &mut Vec<Vec<u8>>) {
            if i + 1 == cur.len() {
                cur[i] = left as u8;
                all.push(cur.clone());
                return;
            }
            for k in 0..=left {
                cur[i] = k as u8;
                rec(i + 1, left - k, cur, all);
            }
        }
        if m > 0 {
            rec(0, n, &mut cur, &mut all);
        }
        all.sort_by(|a, b| b.cmp(a));
        all
    }

    #[test]
    fn order_matches_perceval_example_m3_n2() {
        let states: Vec<Vec<u8>> = FockIter::new(2, 3).collect();
        assert_eq!(
            states,
            vec![vec![2, 0, 0], vec![1, 1, 0], vec![1, 0, 1], vec![0, 2, 0], vec![0, 1, 1], vec![0, 0, 2]]
        );
    }

    #[test]
    fn rank_unrank_and_iteration_agree_with_explicit_enumeration() {
        for m in 1..=6 {
            for n in 0..=5 {
                let expected = enumerate(n, m);
                assert_eq!(count_states(n, m), Some(expected.len() as u64), "count n={n} m={m}");
                let iterated: Vec<Vec<u8>> = FockIter::new(n, m).collect();
                assert_eq!(iterated, expected, "iteration n={n} m={m}");
                for (r, s) in expected.iter().enumerate() {
                    assert_eq!(rank(s), r as u64, "rank of {s:?}");
                    assert_eq!(&unrank(r as u64, n, m), s, "unrank {r} n={n} m={m}");
                }
            }
        }
    }

    #[test]
    fn counts_of_the_benchmark_sizes() {
        assert_eq!(count_states(14, 14), Some(20_058_300));
        assert_eq!(count_states(16, 16), Some(300_540_195));
        assert_eq!(count_states(0, 0), Some(1));
        assert_eq!(count_states(1, 0), Some(0));
        assert_eq!(binomial(200, 100), None);
        let t = CountTable::new(4, 5);
        assert_eq!(t.get(4, 5), 70);
        assert_eq!(t.get(0, 0), 1);
        assert_eq!(t.get(2, 0), 0);
    }

    #[test]
    fn rank_of_the_last_state_is_count_minus_one() {
        let mut last = vec![0u8; 14];
        last[13] = 14;
        assert_eq!(rank(&last), 20_058_299);
        assert_eq!(unrank(20_058_299, 14, 14), last);
    }
}
