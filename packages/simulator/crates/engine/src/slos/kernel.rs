//! The SLOS layer step as polynomial arithmetic on FSArray-ordered blocks.
//!
//! Layer `k` holds, for every `k`-photon output state `t`, the coefficient of `Π x_j^{t_j}` in
//! `Π_{photons p ≤ k} (Σ_j U[j, mode_p] · x_j)`. Adding photon `k` multiplies the layer-`(k−1)` polynomial by the linear
//! form `L = Σ_j a_j x_j` (`a` = column of U). In `FSArray` order a layer splits into blocks by the occupation `d` of its
//! first mode, and
//!
//! `child block d = a_0 · parent block (d−1)  +  (parent block d) ⊗ L(a_1, …)`
//!
//! where the first term is an AXPY between blocks of identical shape and the second recurses on one mode fewer. No
//! state is ever looked up: every access is a contiguous slice, which is what makes this memory-bound kernel fast.
//!
//! For amplitudes the creation operator adds a factor `sqrt(d)` when the new photon makes `d` in its mode
//! (`a†|d−1> = sqrt(d)|d>`); since `d` is constant over a block, it rides on the block's coefficient, and the last
//! layer holds `⟨t|U|s⟩·sqrt(Π s_i!)` with no per-state weighting left. For probability convolutions the factor is 1.
//! `occ[d]` carries that factor; the weights `a_j · occ[d]` of a layer are computed once ([`Weights`]), so the inner
//! loops only look them up. The long AXPYs run on the CPU's vector unit when it has one ([`super::simd`]).

use super::simd;
use crate::complex::C64;
use crate::fock::CountTable;
use crate::permanent::Verified;

/// A coefficient stored as `[re, im]`: the same layout as [`C64`], but `vec![[0.0; 2]; n]` is a zeroed allocation
/// (calloc) whose pages the worker threads fault in on first write, instead of a single-threaded memset.
pub(crate) type Coef = [f64; 2];

/// What a layer holds: complex amplitude coefficients ([`Coef`], multiplied by [`C64`] entries of U), or real
/// probabilities (`f64`, multiplied by single-photon probabilities) when a distinguishable photon is convolved in.
pub(crate) trait Elem: Copy + Send + Sync {
    type Factor: Copy + Send + Sync;
    const ZERO: Self;
    fn mul_add(y: &mut Self, a: Self::Factor, x: Self);
    /// `a · w` for a real weight.
    fn weigh(a: Self::Factor, w: f64) -> Self::Factor;
    /// `y += a · x` on `kernel`.
    fn axpy(kernel: Verified, y: &mut [Self], a: Self::Factor, x: &[Self]);
    /// `y = a · x` on `kernel`.
    fn scale_into(kernel: Verified, y: &mut [Self], a: Self::Factor, x: &[Self]);
}

impl Elem for Coef {
    type Factor = C64;
    const ZERO: Coef = [0.0; 2];
    #[inline(always)]
    fn mul_add(y: &mut Coef, a: C64, x: Coef) {
        y[0] += a.re * x[0] - a.im * x[1];
        y[1] += a.re * x[1] + a.im * x[0];
    }
    #[inline(always)]
    fn weigh(a: C64, w: f64) -> C64 {
        a.scale(w)
    }
    #[inline]
    fn axpy(kernel: Verified, y: &mut [Coef], a: C64, x: &[Coef]) {
        simd::axpy(kernel, y, a, x);
    }
    #[inline]
    fn scale_into(kernel: Verified, y: &mut [Coef], a: C64, x: &[Coef]) {
        simd::scale_into(kernel, y, a, x);
    }
}

impl Elem for f64 {
    type Factor = f64;
    const ZERO: f64 = 0.0;
    #[inline(always)]
    fn mul_add(y: &mut f64, a: f64, x: f64) {
        *y += a * x;
    }
    #[inline(always)]
    fn weigh(a: f64, w: f64) -> f64 {
        a * w
    }
    /// Real convolutions are a small share of the work: plain loops, which the compiler vectorizes for the baseline.
    #[inline]
    fn axpy(_: Verified, y: &mut [f64], a: f64, x: &[f64]) {
        debug_assert_eq!(y.len(), x.len());
        y.iter_mut().zip(x).for_each(|(yi, &xi)| *yi += a * xi);
    }
    #[inline]
    fn scale_into(_: Verified, y: &mut [f64], a: f64, x: &[f64]) {
        debug_assert_eq!(y.len(), x.len());
        y.iter_mut().zip(x).for_each(|(yi, &xi)| *yi = a * xi);
    }
}

/// The weights of one layer step: `a_j · occ[d]` for every free mode `j` and occupation `d`, row by row.
pub(crate) struct Weights<F> {
    values: Vec<F>,
    /// Occupations per row (`occ.len()`).
    stride: usize,
    /// Free modes (rows).
    pub modes: usize,
}

impl<F: Copy> Weights<F> {
    pub fn new<E: Elem<Factor = F>>(a: &[F], occ: &[f64]) -> Weights<F> {
        let values = a.iter().flat_map(|&aj| occ.iter().map(move |&w| E::weigh(aj, w))).collect();
        Weights { values, stride: occ.len(), modes: a.len() }
    }

    /// `a_j · occ[d]`.
    #[inline(always)]
    pub fn get(&self, j: usize, d: usize) -> F {
        self.values[j * self.stride + d]
    }

    /// `a_j · occ[d]` for every `d`.
    #[inline(always)]
    fn row(&self, j: usize) -> &[F] {
        &self.values[j * self.stride..(j + 1) * self.stride]
    }
}

/// `child += parent ⊗ L(a_{j0}, a_{j0+1}, …)`: `child` has shape (k photons, the `weights.modes − j0` modes from `j0`),
/// `parent` shape (k−1, same modes).
pub(crate) fn mul_acc<E: Elem>(
    child: &mut [E],
    parent: &[E],
    weights: &Weights<E::Factor>,
    j0: usize,
    k: usize,
    counts: &CountTable,
    kernel: Verified,
) {
    let f = weights.modes - j0;
    match f {
        0 => {}
        1 => E::mul_add(&mut child[0], weights.get(j0, k), parent[0]),
        2 => {
            // Index i holds (k−i, i) in the child and (k−1−i, i) in the parent.
            let (w0, w1) = (weights.row(j0), weights.row(j0 + 1));
            let (child, parent) = (&mut child[..=k], &parent[..k]);
            for (i, &p) in parent.iter().enumerate() {
                E::mul_add(&mut child[i], w0[k - i], p);
                E::mul_add(&mut child[i + 1], w1[i + 1], p);
            }
        }
        3 => {
            // Three modes left: short blocks, so each child state (d, r−i, i), r = k − d, pulls its (at most three)
            // terms at once instead of a recursion of AXPYs a few states long. Parent block d (r states) holds
            // (d, r−1−i, i) and is followed by parent block d − 1 (r + 1 states), which holds (d − 1, r−i, i).
            let (w0, w1, w2) = (weights.row(j0), weights.row(j0 + 1), weights.row(j0 + 2));
            let mut co = 0;
            let mut po = 0;
            for d in (0..=k).rev() {
                let r = k - d;
                let block = &mut child[co..=co + r];
                let here = if d < k { &parent[po..po + r] } else { &parent[..0] };
                let below = if d >= 1 { &parent[po + here.len()..=po + here.len() + r] } else { &parent[..0] };
                for (i, y) in block.iter_mut().enumerate() {
                    let mut acc = *y;
                    if d >= 1 {
                        E::mul_add(&mut acc, w0[d], below[i]);
                    }
                    if i < r {
                        E::mul_add(&mut acc, w1[r - i], here[i]);
                    }
                    if i >= 1 {
                        E::mul_add(&mut acc, w2[i], here[i - 1]);
                    }
                    *y = acc;
                }
                po += here.len();
                co += r + 1;
            }
        }
        _ => {
            let mut co = 0;
            let mut po = 0;
            for d in (0..=k).rev() {
                let cs = counts.get(k - d, f - 1);
                let block = &mut child[co..co + cs];
                if d == k {
                    // Parent block k−1 (one state) feeds child block k through mode j0 only.
                    E::axpy(kernel, block, weights.get(j0, d), &parent[po..po + cs]);
                } else {
                    let ps = counts.get(k - 1 - d, f - 1);
                    if d >= 1 {
                        E::axpy(kernel, block, weights.get(j0, d), &parent[po + ps..po + ps + cs]);
                    }
                    mul_acc(block, &parent[po..po + ps], weights, j0 + 1, k - d, counts, kernel);
                    po += ps;
                }
                co += cs;
            }
        }
    }
}

/// One independent piece of a layer step: `child[child_off .. child_off+len] = Σ c·source + parent ⊗ L(a[f0..])`.
/// Offsets of `pending` sources and of `parent` point into the parent layer.
#[derive(Clone, Debug)]
pub(crate) struct Task<F> {
    pub child_off: usize,
    pub len: usize,
    pub pending: Vec<(F, usize)>,
    pub parent: Option<(usize, usize)>,
    pub f0: usize,
    pub k: usize,
}

/// Splits `task` into its sub-blocks by the occupation of mode `f0`, carrying the AXPY terms down so that they are
/// applied once the child piece is small enough to stay in cache. Tasks already small, or over fewer than three modes,
/// are returned whole. `weights` are those of the free modes for this layer.
pub(crate) fn split<E: Elem>(
    task: Task<E::Factor>,
    weights: &Weights<E::Factor>,
    target: usize,
    counts: &CountTable,
    out: &mut Vec<Task<E::Factor>>,
) {
    let f = weights.modes - task.f0;
    if task.len <= target || f < 3 {
        out.push(task);
        return;
    }
    let k = task.k;
    let mut co = task.child_off;
    let mut po = task.parent.map(|(off, _)| off);
    for d in (0..=k).rev() {
        let cs = counts.get(k - d, f - 1);
        let rel = co - task.child_off;
        let mut pending: Vec<(E::Factor, usize)> = task.pending.iter().map(|&(c, off)| (c, off + rel)).collect();
        let mut parent = None;
        if let Some(p) = po {
            if d == k {
                // Parent block k−1 (one state at offset p) feeds child block k through this mode only.
                pending.push((weights.get(task.f0, d), p));
            } else {
                let ps = counts.get(k - 1 - d, f - 1);
                if d >= 1 {
                    pending.push((weights.get(task.f0, d), p + ps));
                }
                parent = Some((p, ps));
                po = Some(p + ps);
            }
        }
        let sub = Task { child_off: co, len: cs, pending, parent, f0: task.f0 + 1, k: k - d };
        split::<E>(sub, weights, target, counts, out);
        co += cs;
    }
}

/// Runs one task on its child piece.
pub(crate) fn run_task<E: Elem>(
    child: &mut [E],
    task: &Task<E::Factor>,
    parent_layer: &[E],
    weights: &Weights<E::Factor>,
    counts: &CountTable,
    kernel: Verified,
) {
    debug_assert_eq!(child.len(), task.len);
    let mut terms = task.pending.iter();
    match terms.next() {
        Some(&(c, off)) => E::scale_into(kernel, child, c, &parent_layer[off..off + task.len]),
        None => child.iter_mut().for_each(|x| *x = E::ZERO),
    }
    for &(c, off) in terms {
        E::axpy(kernel, child, c, &parent_layer[off..off + task.len]);
    }
    if let Some((off, len)) = task.parent {
        mul_acc(child, &parent_layer[off..off + len], weights, task.f0, task.k, counts, kernel);
    }
}
