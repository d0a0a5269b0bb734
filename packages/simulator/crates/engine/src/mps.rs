//! The MPS backend (Perceval's `MPSBackend`): the state of the modes as a matrix product state in Vidal's form,
//! `Γ[0] λ[0] Γ[1] λ[1] … Γ[m−1]`, updated component by component and cut to a bond dimension (`cutoff`) after each
//! two-mode component. Components act on one mode (phases) or two neighbouring modes; permutations are decomposed
//! into swaps of neighbours; anything wider is refused.
//!
//! Photon number is conserved, so every bond index carries the number of photons left of it and the matrix split by
//! each SVD is block-diagonal in that number: each block is decomposed alone (much smaller than the whole), and the
//! largest singular values of all blocks are kept. Perceval's default cutoff is `n + 1`; it never exceeds
//! `(n + 1)^(m/2)`, where nothing is truncated. The weight of the singular values dropped is the truncation error.

use crate::complex::C64;
use crate::error::{EngineError, Result};
use crate::fock::prod_factorials;
use crate::matrix::Matrix;
use crate::request::Element;
use crate::svd::svd;

/// Singular values below this are zero (Perceval drops those below 1e-8; a smaller floor keeps 1e-9 accuracy).
const SINGULAR_FLOOR: f64 = 1e-12;

/// A matrix product state of `n` photons on `m` modes.
pub struct Mps {
    m: usize,
    /// Photons per mode at most, plus one: the physical dimension.
    d: usize,
    /// Largest bond dimension kept.
    cutoff: usize,
    /// `gamma[k]`: `left(k) × d × right(k)`, row-major.
    gamma: Vec<Vec<C64>>,
    /// `lambda[k]`: singular values of bond k (between modes k and k+1), `right(k)` of them.
    lambda: Vec<Vec<f64>>,
    /// `charge[k][i]`: photons on modes 0..=k for index i of bond k.
    charge: Vec<Vec<usize>>,
    /// Sum of the squared singular values dropped by truncations.
    truncation: f64,
}

/// The bond dimension used for `cutoff` (None: Perceval's default `n + 1`): at least `n + 1`, at most
/// `(n + 1)^(m/2)`.
pub fn bond_dimension(cutoff: Option<usize>, n: usize, m: usize) -> usize {
    let d = n + 1;
    let full = (0..m / 2).try_fold(1usize, |acc, _| acc.checked_mul(d)).unwrap_or(usize::MAX);
    cutoff.unwrap_or(d).max(d).min(full.max(1))
}

/// Bytes of an MPS of bond dimension `chi`: its tensors and one two-mode update.
pub fn required_bytes(m: usize, n: usize, chi: usize) -> Option<u64> {
    let d = (n + 1) as u64;
    let chi = chi as u64;
    let tensors = (m as u64).checked_mul(chi.checked_mul(chi)?.checked_mul(d)?)?;
    let update = chi.checked_mul(chi)?.checked_mul(d * d)?.checked_mul(3)?;
    tensors.checked_add(update)?.checked_mul(16)
}

/// `C(n, k)` as a float.
fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

impl Mps {
    /// The product state `input` (one byte per mode).
    pub fn new(input: &[u8], cutoff: Option<usize>) -> Mps {
        let m = input.len();
        let n: usize = input.iter().map(|&k| k as usize).sum();
        let d = n + 1;
        let mut gamma = Vec::with_capacity(m);
        let mut charge = Vec::with_capacity(m);
        let mut left = 0;
        for &k in input {
            let mut g = vec![C64::ZERO; d];
            g[k as usize] = C64::ONE;
            gamma.push(g);
            left += k as usize;
            charge.push(vec![left]);
        }
        Mps { m, d, cutoff: bond_dimension(cutoff, n, m), gamma, lambda: vec![vec![1.0]; m], charge, truncation: 0.0 }
    }

    /// Sum of the squared singular values dropped so far: an upper estimate of the probability lost to the cutoff.
    pub fn truncation_error(&self) -> f64 {
        self.truncation
    }

    /// The bond dimension in use.
    pub fn cutoff(&self) -> usize {
        self.cutoff
    }

    fn left_dim(&self, k: usize) -> usize {
        if k == 0 {
            1
        } else {
            self.lambda[k - 1].len()
        }
    }

    fn right_dim(&self, k: usize) -> usize {
        self.lambda[k].len()
    }

    /// `λ` of the bond left of mode `k` (1 at the edge).
    fn left_lambda(&self, k: usize, a: usize) -> f64 {
        if k == 0 {
            1.0
        } else {
            self.lambda[k - 1][a]
        }
    }

    /// Photons left of mode `k` for index `a` of its left bond.
    fn left_charge(&self, k: usize, a: usize) -> usize {
        if k == 0 {
            0
        } else {
            self.charge[k - 1][a]
        }
    }

    /// Applies the circuit's elements, in order.
    pub fn apply_all(&mut self, elements: &[Element]) -> Result<()> {
        for (i, element) in elements.iter().enumerate() {
            match element {
                Element::Unitary { first_mode, matrix } => self.apply(*first_mode, matrix, i)?,
                _ => {
                    return Err(EngineError::validation(
                        format!("request.elements[{i}]"),
                        "the MPS backend simulates unitary components only (no loss channel or time delay)",
                    ))
                }
            }
        }
        Ok(())
    }

    /// Applies the `k×k` unitary `u` on modes `first .. first + k`.
    fn apply(&mut self, first: usize, u: &Matrix, index: usize) -> Result<()> {
        match u.rows {
            1 => {
                self.phase(first, u.data[0]);
                Ok(())
            }
            2 => {
                self.two_mode(first, u);
                Ok(())
            }
            k => match permutation_of(u) {
                Some(perm) => {
                    let swap = Matrix { rows: 2, cols: 2, data: vec![C64::ZERO, C64::ONE, C64::ONE, C64::ZERO] };
                    for i in neighbour_swaps(perm) {
                        self.two_mode(first + i, &swap);
                    }
                    Ok(())
                }
                None => Err(too_wide(index, k)),
            },
        }
    }

    /// A phase `u` on mode `k`: `n` photons take `u^n`.
    fn phase(&mut self, k: usize, u: C64) {
        let d = self.d;
        let powers: Vec<C64> = (0..d)
            .scan(C64::ONE, |p, _| {
                let current = *p;
                *p *= u;
                Some(current)
            })
            .collect();
        let right = self.right_dim(k);
        let g = &mut self.gamma[k];
        for (idx, value) in g.iter_mut().enumerate() {
            let photons = (idx / right) % d;
            *value *= powers[photons];
        }
    }

    /// The amplitudes `T[(n1, n2) → (o1, o2)]` of the 2×2 unitary `u` (`U[out, in]`) on Fock states of at most
    /// `n` photons in total: `T[((n1·d + n2)·d + o1)·d + o2]`.
    fn transition(&self, u: &Matrix) -> Vec<C64> {
        let d = self.d;
        let n = d - 1;
        let (u00, u01, u10, u11) = (u.get(0, 0), u.get(0, 1), u.get(1, 0), u.get(1, 1));
        let pow = |z: C64, e: usize| (0..e).fold(C64::ONE, |acc, _| acc * z);
        let mut t = vec![C64::ZERO; d * d * d * d];
        for n1 in 0..d {
            for n2 in 0..d - n1 {
                let total = n1 + n2;
                if total > n {
                    continue;
                }
                let norm = prod_factorials(&[n1 as u8, n2 as u8]).sqrt();
                // k1 of the n1 photons go to output 0 (amplitude u00), the others to output 1 (u10); k2 of the n2
                // photons to output 0 (u01), the others to output 1 (u11).
                for k1 in 0..=n1 {
                    for k2 in 0..=n2 {
                        let o1 = k1 + k2;
                        let o2 = total - o1;
                        let coefficient = pow(u00, k1)
                            * pow(u10, n1 - k1)
                            * pow(u01, k2)
                            * pow(u11, n2 - k2)
                            * (binomial(n1, k1) * binomial(n2, k2));
                        let weight = prod_factorials(&[o1 as u8, o2 as u8]).sqrt() / norm;
                        t[((n1 * d + n2) * d + o1) * d + o2] += coefficient * weight;
                    }
                }
            }
        }
        t
    }

    /// A two-mode unitary on modes `k`, `k + 1`: contract, split block by block by SVD, truncate to the cutoff.
    fn two_mode(&mut self, k: usize, u: &Matrix) {
        let d = self.d;
        let t = self.transition(u);
        let (dl, dm, dr) = (self.left_dim(k), self.right_dim(k), self.right_dim(k + 1));
        // θ[a, o1, o2, b] = Σ λ_{k−1}[a] Γk[a, n1, c] λ_k[c] Γk+1[c, n2, b] λ_{k+1}[b] T[n1, n2 → o1, o2].
        let mut pair = vec![C64::ZERO; dl * d * d * dr]; // [a, n1, n2, b] before the gate
        for a in 0..dl {
            let la = self.left_lambda(k, a);
            for n1 in 0..d {
                for c in 0..dm {
                    let x = self.gamma[k][(a * d + n1) * dm + c] * (la * self.lambda[k][c]);
                    if x == C64::ZERO {
                        continue;
                    }
                    for n2 in 0..d {
                        for b in 0..dr {
                            let y = self.gamma[k + 1][(c * d + n2) * dr + b];
                            if y != C64::ZERO {
                                pair[((a * d + n1) * d + n2) * dr + b] += x * y * self.lambda[k + 1][b];
                            }
                        }
                    }
                }
            }
        }
        let mut theta = vec![C64::ZERO; dl * d * d * dr]; // [a, o1, o2, b]
        for a in 0..dl {
            for b in 0..dr {
                for n1 in 0..d {
                    for n2 in 0..d - n1 {
                        let x = pair[((a * d + n1) * d + n2) * dr + b];
                        if x == C64::ZERO {
                            continue;
                        }
                        let total = n1 + n2;
                        for o1 in 0..=total {
                            let o2 = total - o1;
                            let coefficient = t[((n1 * d + n2) * d + o1) * d + o2];
                            theta[((a * d + o1) * d + o2) * dr + b] += x * coefficient;
                        }
                    }
                }
            }
        }
        // Blocks by the photon count left of the new bond: rows (a, o1), columns (o2, b).
        let right_charge = |b: usize| self.charge[k + 1][b];
        let mut labels: Vec<usize> = Vec::new();
        for a in 0..dl {
            for o1 in 0..d {
                let q = self.left_charge(k, a) + o1;
                if !labels.contains(&q) {
                    labels.push(q);
                }
            }
        }
        labels.sort_unstable();
        // (singular value, label, left vector over rows (a, o1), right vector over columns (o2, b)).
        let mut candidates: Vec<(f64, usize, Vec<(usize, C64)>, Vec<(usize, C64)>)> = Vec::new();
        // Squared singular values dropped: below the floor, or beyond the cutoff.
        let mut dropped = 0.0;
        for &q in &labels {
            let rows: Vec<(usize, usize)> = (0..dl)
                .flat_map(|a| (0..d).map(move |o1| (a, o1)))
                .filter(|&(a, o1)| self.left_charge(k, a) + o1 == q)
                .collect();
            let cols: Vec<(usize, usize)> = (0..d)
                .flat_map(|o2| (0..dr).map(move |b| (o2, b)))
                .filter(|&(o2, b)| right_charge(b) >= o2 && right_charge(b) - o2 == q)
                .collect();
            if rows.is_empty() || cols.is_empty() {
                continue;
            }
            let block: Vec<C64> = rows
                .iter()
                .flat_map(|&(a, o1)| cols.iter().map(move |&(o2, b)| (a, o1, o2, b)))
                .map(|(a, o1, o2, b)| theta[((a * d + o1) * d + o2) * dr + b])
                .collect();
            if block.iter().all(|z| *z == C64::ZERO) {
                continue;
            }
            let s = svd(&block, rows.len(), cols.len());
            for j in 0..s.k {
                let sigma = s.s[j];
                if sigma <= SINGULAR_FLOOR {
                    dropped += sigma * sigma;
                    continue;
                }
                let left = rows.iter().enumerate().map(|(r, &(a, o1))| (a * d + o1, s.u[r * s.k + j])).collect();
                let right =
                    cols.iter().enumerate().map(|(c, &(o2, b))| (o2 * dr + b, s.vh[j * cols.len() + c])).collect();
                candidates.push((sigma, q, left, right));
            }
        }
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0));
        let kept = candidates.len().min(self.cutoff);
        dropped += candidates[kept..].iter().map(|c| c.0 * c.0).sum::<f64>();
        self.truncation += dropped;
        candidates.truncate(kept);
        let chi = candidates.len().max(1);
        let mut gk = vec![C64::ZERO; dl * d * chi];
        let mut gk1 = vec![C64::ZERO; chi * d * dr];
        let mut lambda = vec![0.0; chi];
        let mut charge = vec![0; chi];
        for (j, (sigma, q, left, right)) in candidates.iter().enumerate() {
            lambda[j] = *sigma;
            charge[j] = *q;
            for &(row, value) in left {
                let a = row / d;
                let la = self.left_lambda(k, a);
                if la > 0.0 {
                    gk[row * chi + j] = value / la;
                }
            }
            for &(col, value) in right {
                let (o2, b) = (col / dr, col % dr);
                let lb = self.lambda[k + 1][b];
                if lb > 0.0 {
                    gk1[(j * d + o2) * dr + b] = value / lb;
                }
            }
        }
        self.gamma[k] = gk;
        self.gamma[k + 1] = gk1;
        self.lambda[k] = lambda;
        self.charge[k] = charge;
    }

    /// `⟨output|ψ⟩` (one byte per mode).
    pub fn amplitude(&self, output: &[u8]) -> C64 {
        if output.len() != self.m || output.iter().any(|&k| k as usize >= self.d) {
            return C64::ZERO;
        }
        let d = self.d;
        let mut v = vec![C64::ONE];
        for (k, &o) in output.iter().enumerate() {
            let right = self.right_dim(k);
            let mut next = vec![C64::ZERO; right];
            for (a, &x) in v.iter().enumerate() {
                if x == C64::ZERO {
                    continue;
                }
                let row = &self.gamma[k][(a * d + o as usize) * right..(a * d + o as usize + 1) * right];
                for (slot, &g) in next.iter_mut().zip(row) {
                    *slot += x * g;
                }
            }
            if k + 1 < self.m {
                for (slot, &l) in next.iter_mut().zip(&self.lambda[k]) {
                    *slot = *slot * l;
                }
            }
            v = next;
        }
        v.first().copied().unwrap_or(C64::ZERO)
    }
}

fn too_wide(index: usize, k: usize) -> EngineError {
    EngineError::validation(
        format!("request.elements[{index}].matrix"),
        format!(
            "the MPS backend needs components on one or two neighbouring modes (or permutations), got a {k}-mode \
             component: decompose it into beam splitters and phase shifters"
        ),
    )
}

/// A permutation as swaps of neighbours (a bubble sort of the outputs): the first of the two modes of each swap.
fn neighbour_swaps(perm: Vec<usize>) -> Vec<usize> {
    let k = perm.len();
    let mut at = perm; // at[i]: the output mode the photon now in mode i goes to
    let mut swaps = Vec::new();
    for pass in 0..k {
        for i in 0..k.saturating_sub(1 + pass) {
            if at[i] > at[i + 1] {
                at.swap(i, i + 1);
                swaps.push(i);
            }
        }
    }
    swaps
}

/// The two-mode components of a circuit as the MPS applies them (the first of their two modes, permutations
/// decomposed), or the validation error of the first element it cannot simulate.
fn two_mode_sites(elements: &[Element]) -> Result<Vec<usize>> {
    let mut sites = Vec::new();
    for (index, element) in elements.iter().enumerate() {
        let Element::Unitary { first_mode, matrix } = element else {
            return Err(EngineError::validation(
                format!("request.elements[{index}]"),
                "the MPS backend simulates unitary components only (no loss channel or time delay)",
            ));
        };
        match matrix.rows {
            1 => {}
            2 => sites.push(*first_mode),
            k => match permutation_of(matrix) {
                Some(perm) => sites.extend(neighbour_swaps(perm).into_iter().map(|i| first_mode + i)),
                None => return Err(too_wide(index, k)),
            },
        }
    }
    Ok(sites)
}

/// `C(q + l − 1, q)`: the number of states of `q` photons on `l` modes, as a float (0 without modes unless `q = 0`).
fn fock_dimension(q: usize, l: usize) -> f64 {
    if l == 0 {
        return if q == 0 { 1.0 } else { 0.0 };
    }
    binomial(q + l - 1, q)
}

/// How an input goes through a circuit as an MPS with nothing truncated ([`plan`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The largest Schmidt rank any bond can reach, at any step: a cutoff at least this large truncates nothing.
    pub bond_dimension: usize,
    /// Bound of each bond (between modes `k` and `k + 1`).
    pub bonds: Vec<usize>,
    /// Estimated arithmetic operations of building the MPS at that bond dimension (see [`plan`]).
    pub cost: f64,
}

/// The bond dimension at which the MPS of `input` through `elements` is exact, from the light cone of each bond.
///
/// Only the photons entering on modes `S_c` whose forward light cone meets a component across bond `c` (on modes
/// `c`, `c + 1`) can end on both sides of it; every other photon's creation operator acts on one side only, and
/// applying such operators never raises a Schmidt rank. The `n_c` photons of `S_c` end within the modes their light
/// cones reach, `l_c` of them left of the bond and `r_c` right of it, and a state of `n_c` photons with `q` on the
/// left has a Schmidt rank at most the smaller dimension of the two sides, so the rank across bond `c` is at most
/// `Σ_q min(C(q + l_c − 1, q), C(n_c − q + r_c − 1, n_c − q))`. Every intermediate state (a prefix of the circuit)
/// has smaller light cones, so the same bound holds after every component. The MPS keeps, besides, at least `n + 1`.
///
/// The cost is, per two-mode component on bonds of bounds `χ_l`, `χ`, `χ_r` and physical dimension `d = n + 1`,
/// `χ_l·χ·χ_r·d + χ_l·χ_r·d³ + 10·d·χ_l·χ_r·min(χ_l, χ_r) + d⁴` (contraction, gate, block SVDs, gate table).
pub fn plan(input: &[u8], elements: &[Element]) -> Result<Plan> {
    let m = input.len();
    let n: usize = input.iter().map(|&k| k as usize).sum();
    let sites = two_mode_sites(elements)?;
    let bonds_count = m.saturating_sub(1);
    // Per bond: photons whose light cone crosses it, and the modes those light cones reach.
    let mut crossing = vec![0usize; bonds_count];
    let mut lo = vec![usize::MAX; bonds_count];
    let mut hi = vec![0usize; bonds_count];
    let mut hit = vec![false; bonds_count];
    for (mode, &photons) in input.iter().enumerate() {
        if photons == 0 {
            continue;
        }
        // The modes a photon entering on `mode` may occupy: always an interval.
        let (mut a, mut b) = (mode, mode);
        hit.iter_mut().for_each(|h| *h = false);
        for &k in &sites {
            if k + 1 >= a && k <= b {
                a = a.min(k);
                b = b.max(k + 1);
                hit[k] = true;
            }
        }
        for c in (0..bonds_count).filter(|&c| hit[c]) {
            crossing[c] += photons as usize;
            lo[c] = lo[c].min(a);
            hi[c] = hi[c].max(b);
        }
    }
    let bounds: Vec<f64> = (0..bonds_count)
        .map(|c| {
            let photons = crossing[c];
            if photons == 0 {
                return 1.0;
            }
            let (left, right) = (c + 1 - lo[c], hi[c] - c);
            (0..=photons)
                .map(|q| fock_dimension(q, left).min(fock_dimension(photons - q, right)))
                .filter(|&x| x > 0.0)
                .sum::<f64>()
                .max(1.0)
        })
        .collect();
    let d = (n + 1) as f64;
    let bond = |k: Option<usize>| k.and_then(|k| bounds.get(k)).copied().unwrap_or(1.0);
    let cost = sites
        .iter()
        .map(|&k| {
            let (l, c, r) = (bond(k.checked_sub(1)), bond(Some(k)), bond(Some(k + 1)));
            l * c * r * d + l * r * d * d * d + 10.0 * d * l * r * l.min(r) + d.powi(4)
        })
        .sum();
    let largest = bounds.iter().copied().fold(1.0, f64::max);
    let saturate = |x: f64| if x >= usize::MAX as f64 { usize::MAX } else { x as usize };
    Ok(Plan { bond_dimension: saturate(largest), bonds: bounds.into_iter().map(saturate).collect(), cost })
}

/// The permutation a matrix of zeros and ones is (`perm[i]`: the output of input `i`), if it is one.
fn permutation_of(u: &Matrix) -> Option<Vec<usize>> {
    let k = u.rows;
    let mut perm = vec![usize::MAX; k];
    for input in 0..k {
        for output in 0..k {
            let x = u.get(output, input);
            if x == C64::ONE {
                if perm[input] != usize::MAX {
                    return None;
                }
                perm[input] = output;
            } else if x != C64::ZERO {
                return None;
            }
        }
    }
    if perm.contains(&usize::MAX) {
        return None;
    }
    Some(perm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naive;
    use crate::rng::Rng;

    /// Haar 2×2 components on random neighbours, a phase now and then, and a 3-mode permutation.
    fn circuit(m: usize, layers: usize, seed: u64) -> Vec<Element> {
        let mut rng = Rng::seed_from_u64(seed);
        let mut elements = Vec::new();
        for layer in 0..layers {
            for k in (layer % 2..m - 1).step_by(2) {
                elements.push(Element::Unitary { first_mode: k, matrix: Matrix::random_haar(2, &mut rng) });
            }
            elements.push(Element::Unitary {
                first_mode: layer % m,
                matrix: Matrix { rows: 1, cols: 1, data: vec![C64::cis(rng.next_f64() * 6.0)] },
            });
        }
        let perm = Matrix::from_fn(3, 3, |r, c| if r == (c + 2) % 3 { C64::ONE } else { C64::ZERO });
        elements.push(Element::Unitary { first_mode: 0, matrix: perm });
        elements
    }

    fn unitary_of(elements: &[Element], m: usize) -> Matrix {
        crate::circuit::expand(&crate::request::CircuitSpec { m, elements: elements.to_vec() }).unwrap().unitary
    }

    #[test]
    fn at_full_bond_dimension_the_amplitudes_are_exact() {
        for (input, seed) in [(vec![1u8, 1, 0, 1], 1u64), (vec![2, 0, 1, 0, 1], 2), (vec![1, 1, 1, 1, 0, 0], 3)] {
            let m = input.len();
            let elements = circuit(m, 4, seed);
            let u = unitary_of(&elements, m);
            let mut mps = Mps::new(&input, Some(usize::MAX));
            mps.apply_all(&elements).unwrap();
            let n: usize = input.iter().map(|&k| k as usize).sum();
            let mut out = vec![0u8; m];
            out[0] = n as u8;
            loop {
                let exact = naive::amplitude(&u, &input, &out, 1);
                let approx = mps.amplitude(&out);
                assert!((exact - approx).abs() < 1e-10, "{input:?} → {out:?}: {exact:?} vs {approx:?}");
                if !crate::fock::next_state(&mut out) {
                    break;
                }
            }
            assert!(mps.truncation_error() < 1e-18);
        }
    }

    #[test]
    fn a_small_cutoff_truncates_and_says_how_much() {
        let input = vec![1u8, 1, 1, 1, 0, 0, 0, 0];
        let elements = circuit(8, 6, 9);
        let mut mps = Mps::new(&input, Some(1));
        assert_eq!(mps.cutoff(), 5); // never below n + 1
        mps.apply_all(&elements).unwrap();
        assert!(mps.truncation_error() > 1e-6);
    }

    #[test]
    fn the_light_cone_bound_holds_after_every_component() {
        for (input, layers, seed) in [
            (vec![1u8, 1, 0, 1, 0, 0], 2usize, 5u64),
            (vec![2, 0, 1, 0, 1, 0, 0], 3, 6),
            (vec![1, 1, 1, 1, 0, 0, 0, 0], 6, 7),
        ] {
            let elements = circuit(input.len(), layers, seed);
            let plan = plan(&input, &elements).unwrap();
            // Without a cutoff, the bonds hold the exact Schmidt ranks (above the singular-value floor).
            let mut mps = Mps::new(&input, Some(usize::MAX));
            for element in &elements {
                mps.apply_all(std::slice::from_ref(element)).unwrap();
                for (k, lambda) in mps.lambda[..input.len() - 1].iter().enumerate() {
                    assert!(
                        lambda.len() <= plan.bonds[k],
                        "{input:?}: bond {k} has rank {} > {}",
                        lambda.len(),
                        plan.bonds[k]
                    );
                }
            }
            assert!(plan.bonds.iter().all(|&b| b <= plan.bond_dimension));
        }
    }

    #[test]
    fn a_shallow_circuit_on_many_modes_is_exact_at_a_small_bond_dimension() {
        // 20 photons on 40 modes, two layers of beam splitters: each bond sees the photons of at most 4 modes.
        let m = 40;
        let input: Vec<u8> = (0..m).map(|k| u8::from(k % 2 == 0)).collect();
        let mut rng = Rng::seed_from_u64(21);
        let mut elements = Vec::new();
        for layer in 0..2 {
            for k in (layer..m - 1).step_by(2) {
                elements.push(Element::Unitary { first_mode: k, matrix: Matrix::random_haar(2, &mut rng) });
            }
        }
        let plan = plan(&input, &elements).unwrap();
        assert!(plan.bond_dimension <= 6, "{plan:?}");
        let mut mps = Mps::new(&input, Some(plan.bond_dimension));
        mps.apply_all(&elements).unwrap();
        assert!(mps.truncation_error() < 1e-18);
        let u = unitary_of(&elements, m);
        let odd: Vec<u8> = (0..m).map(|k| u8::from(k % 2 == 1)).collect();
        let mut bunched = input.clone();
        (bunched[0], bunched[1], bunched[2]) = (0, 2, 0); // both photons meet on mode 1
        for out in [input.clone(), odd, bunched] {
            let exact = naive::amplitude(&u, &input, &out, 1);
            let approx = mps.amplitude(&out);
            assert!(
                exact.abs() > 1e-15 && (exact - approx).abs() < 1e-9 * exact.abs(),
                "{out:?}: {exact:?} vs {approx:?}"
            );
        }
    }

    #[test]
    fn a_plan_refuses_what_the_mps_refuses() {
        let u = Matrix::random_haar(3, &mut Rng::seed_from_u64(4));
        assert!(plan(&[1, 0, 0], &[Element::Unitary { first_mode: 0, matrix: u }]).is_err());
        assert!(plan(&[1, 0], &[Element::Loss { mode: 0, loss: 0.5 }]).is_err());
        let perm = Matrix::from_fn(3, 3, |r, c| if r == 2 - c { C64::ONE } else { C64::ZERO });
        let plan = plan(&[1, 0, 1], &[Element::Unitary { first_mode: 0, matrix: perm }]).unwrap();
        assert_eq!(plan.bonds.len(), 2);
    }

    #[test]
    fn wider_components_are_refused_but_permutations_decompose() {
        let mut mps = Mps::new(&[1, 0, 0], None);
        let u = Matrix::random_haar(3, &mut Rng::seed_from_u64(4));
        match mps.apply_all(&[Element::Unitary { first_mode: 0, matrix: u }]) {
            Err(EngineError::Validation { field, .. }) => assert_eq!(field, "request.elements[0].matrix"),
            other => panic!("{:?}", other.err()),
        }
        let perm = Matrix::from_fn(3, 3, |r, c| if r == 2 - c { C64::ONE } else { C64::ZERO });
        let mut mps = Mps::new(&[1, 0, 0], None);
        mps.apply_all(&[Element::Unitary { first_mode: 0, matrix: perm }]).unwrap();
        assert!((mps.amplitude(&[0, 0, 1]).abs() - 1.0).abs() < 1e-12);
    }
}
