//! From SLOS coefficients to amplitudes and probabilities.
//!
//! The last layer holds `c(t) = Perm(U_{T,S}) / Π t_j!`, so `amp(t) = c(t)·sqrt(Π t_j! / Π s_i!)` and
//! `prob(t) = |c(t)|²·Π t_j! / Π s_i!` (simulation.md §3.1). `Π t_j!` is accumulated along the same block recursion
//! as the kernel, so no state is decoded.

use crate::complex::C64;
use crate::fock::CountTable;
use crate::slos::kernel::Coef;

/// Writes `out[i] = g(c[i], w_i)` where `w_i = factor · Π t_j!` of the i-th state of a block of `k` photons on
/// `f` modes.
#[allow(clippy::too_many_arguments)] // the recursion state, passed down as is
pub(crate) fn weigh<T, G: Fn(C64, f64) -> T + Copy>(
    out: &mut [T],
    c: &[Coef],
    k: usize,
    f: usize,
    factor: f64,
    factorials: &[f64],
    counts: &CountTable,
    g: G,
) {
    let z = |x: Coef| C64::new(x[0], x[1]);
    match f {
        0 => {
            if let (Some(o), Some(&ci)) = (out.first_mut(), c.first()) {
                *o = g(z(ci), factor);
            }
        }
        1 => out[0] = g(z(c[0]), factor * factorials[k]),
        2 => {
            for i in 0..=k {
                out[i] = g(z(c[i]), factor * factorials[k - i] * factorials[i]);
            }
        }
        _ => {
            let mut off = 0;
            for d in (0..=k).rev() {
                let len = counts.get(k - d, f - 1);
                weigh(
                    &mut out[off..off + len],
                    &c[off..off + len],
                    k - d,
                    f - 1,
                    factor * factorials[d],
                    factorials,
                    counts,
                    g,
                );
                off += len;
            }
        }
    }
}

/// A piece of a block for parallel weighing: states `offset .. offset+len` form a sub-block of `k` photons on the
/// last `f` modes, whose leading modes contribute `factor`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Piece {
    pub offset: usize,
    pub len: usize,
    pub k: usize,
    pub f: usize,
    pub factor: f64,
}

/// Cuts a block into pieces of at most about `target` states.
pub(crate) fn pieces(p: Piece, target: usize, factorials: &[f64], counts: &CountTable, out: &mut Vec<Piece>) {
    if p.len <= target || p.f < 3 {
        out.push(p);
        return;
    }
    let mut off = p.offset;
    for d in (0..=p.k).rev() {
        let len = counts.get(p.k - d, p.f - 1);
        let sub = Piece { offset: off, len, k: p.k - d, f: p.f - 1, factor: p.factor * factorials[d] };
        pieces(sub, target, factorials, counts, out);
        off += len;
    }
}
