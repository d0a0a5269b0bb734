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
//! `occ[d]` carries that factor.

use crate::complex::C64;
use crate::fock::CountTable;

/// A coefficient stored as `[re, im]`: the same layout as [`C64`], but `vec![[0.0; 2]; n]` is a zeroed allocation
/// (calloc) whose pages the worker threads fault in on first write, instead of a single-threaded memset.
pub(crate) type Coef = [f64; 2];

/// What a layer holds: complex amplitude coefficients ([`Coef`], multiplied by [`C64`] entries of U), or real
/// probabilities (`f64`, multiplied by single-photon probabilities) when a distinguishable photon is convolved in.
pub(crate) trait Elem: Copy + Send + Sync {
    type Factor: Copy + Send + Sync;
    const ZERO: Self;
    fn mul_add(y: &mut Self, a: Self::Factor, x: Self);
    fn scaled(a: Self::Factor, x: Self) -> Self;
    /// `a · w` for a real weight.
    fn weigh(a: Self::Factor, w: f64) -> Self::Factor;
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
    fn scaled(a: C64, x: Coef) -> Coef {
        [a.re * x[0] - a.im * x[1], a.re * x[1] + a.im * x[0]]
    }
    #[inline(always)]
    fn weigh(a: C64, w: f64) -> C64 {
        a.scale(w)
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
    fn scaled(a: f64, x: f64) -> f64 {
        a * x
    }
    #[inline(always)]
    fn weigh(a: f64, w: f64) -> f64 {
        a * w
    }
}

/// `y += a · x`.
#[inline]
pub(crate) fn axpy<E: Elem>(y: &mut [E], a: E::Factor, x: &[E]) {
    debug_assert_eq!(y.len(), x.len());
    for (yi, &xi) in y.iter_mut().zip(x) {
        E::mul_add(yi, a, xi);
    }
}

/// `y = a · x`.
#[inline]
pub(crate) fn scale_into<E: Elem>(y: &mut [E], a: E::Factor, x: &[E]) {
    debug_assert_eq!(y.len(), x.len());
    for (yi, &xi) in y.iter_mut().zip(x) {
        *yi = E::scaled(a, xi);
    }
}

/// `child += parent ⊗ L(a)`: `child` has shape (k photons, `a.len()` modes), `parent` shape (k−1, `a.len()`);
/// `occ[d]` weighs a photon arriving where it makes `d`.
pub(crate) fn mul_acc<E: Elem>(
    child: &mut [E],
    parent: &[E],
    a: &[E::Factor],
    k: usize,
    occ: &[f64],
    counts: &CountTable,
) {
    let f = a.len();
    match f {
        0 => {}
        1 => E::mul_add(&mut child[0], E::weigh(a[0], occ[k]), parent[0]),
        2 => {
            // Index i holds (k−i, i) in the child and (k−1−i, i) in the parent.
            let (a0, a1) = (a[0], a[1]);
            for (i, &p) in parent.iter().enumerate().take(k) {
                E::mul_add(&mut child[i], E::weigh(a0, occ[k - i]), p);
                E::mul_add(&mut child[i + 1], E::weigh(a1, occ[i + 1]), p);
            }
        }
        _ => {
            let mut co = 0;
            let mut po = 0;
            for d in (0..=k).rev() {
                let cs = counts.get(k - d, f - 1);
                let block = &mut child[co..co + cs];
                if d == k {
                    // Parent block k−1 (one state) feeds child block k through mode 0 only.
                    axpy(block, E::weigh(a[0], occ[d]), &parent[po..po + cs]);
                } else {
                    let ps = counts.get(k - 1 - d, f - 1);
                    if d >= 1 {
                        axpy(block, E::weigh(a[0], occ[d]), &parent[po + ps..po + ps + cs]);
                    }
                    mul_acc(block, &parent[po..po + ps], &a[1..], k - d, occ, counts);
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
/// are returned whole. `a` is the column of the free modes for this layer.
pub(crate) fn split<E: Elem>(
    task: Task<E::Factor>,
    a: &[E::Factor],
    occ: &[f64],
    target: usize,
    counts: &CountTable,
    out: &mut Vec<Task<E::Factor>>,
) {
    let f = a.len() - task.f0;
    if task.len <= target || f < 3 {
        out.push(task);
        return;
    }
    let k = task.k;
    let a0 = a[task.f0];
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
                pending.push((E::weigh(a0, occ[d]), p));
            } else {
                let ps = counts.get(k - 1 - d, f - 1);
                if d >= 1 {
                    pending.push((E::weigh(a0, occ[d]), p + ps));
                }
                parent = Some((p, ps));
                po = Some(p + ps);
            }
        }
        let sub = Task { child_off: co, len: cs, pending, parent, f0: task.f0 + 1, k: k - d };
        split::<E>(sub, a, occ, target, counts, out);
        co += cs;
    }
}

/// Runs one task on its child piece.
pub(crate) fn run_task<E: Elem>(
    child: &mut [E],
    task: &Task<E::Factor>,
    parent_layer: &[E],
    a: &[E::Factor],
    occ: &[f64],
    counts: &CountTable,
) {
    debug_assert_eq!(child.len(), task.len);
    let mut terms = task.pending.iter();
    match terms.next() {
        Some(&(c, off)) => scale_into(child, c, &parent_layer[off..off + task.len]),
        None => child.iter_mut().for_each(|x| *x = E::ZERO),
    }
    for &(c, off) in terms {
        axpy(child, c, &parent_layer[off..off + task.len]);
    }
    if let Some((off, len)) = task.parent {
        mul_acc(child, &parent_layer[off..off + len], &a[task.f0..], task.k, occ, counts);
    }
}
