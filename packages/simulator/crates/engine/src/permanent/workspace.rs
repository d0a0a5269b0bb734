//! Per-thread scratch memory of the block kernels, aligned to cache lines so that no vector load straddles two.

use super::plan::GrayPlan;

/// A zeroed run of doubles whose first element sits on a 64-byte boundary.
pub(crate) struct AlignedBuf {
    storage: Vec<f64>,
    start: usize,
    len: usize,
}

impl AlignedBuf {
    pub fn zeroed(len: usize) -> AlignedBuf {
        let storage = vec![0.0; len + 8];
        // At most 7 doubles from a 64-byte boundary, since a Vec<f64> is 8-byte aligned.
        let start = storage.as_ptr().align_offset(64).min(8);
        AlignedBuf { storage, start, len }
    }

    pub fn as_slice(&self) -> &[f64] {
        &self.storage[self.start..self.start + self.len]
    }

    pub fn as_mut_slice(&mut self) -> &mut [f64] {
        &mut self.storage[self.start..self.start + self.len]
    }
}

/// Everything one thread needs to run blocks of one plan.
pub(crate) struct Workspace {
    /// Outer row sums of the current block (block layout).
    pub h: AlignedBuf,
    /// Shared inner row sums (`rpad` each).
    pub l_re: AlignedBuf,
    pub l_im: AlignedBuf,
    /// Outer sign of each lane.
    pub signs: Vec<f64>,
    /// Permanent kernels: per-lane sums, real parts then imaginary parts.
    pub out: AlignedBuf,
    /// Sub-permanent kernels: suffix products and per-row accumulators (block layout).
    pub suf: AlignedBuf,
    pub acc: AlignedBuf,
}

impl Workspace {
    /// Buffers for `plan`; the sub-permanent buffers only when `sub` is set.
    pub fn new(plan: &GrayPlan, sub: bool) -> Workspace {
        let sub_len = if sub { plan.block_len() } else { 0 };
        Workspace {
            h: AlignedBuf::zeroed(plan.block_len()),
            l_re: AlignedBuf::zeroed(plan.rpad),
            l_im: AlignedBuf::zeroed(plan.rpad),
            signs: vec![0.0; plan.lanes],
            out: AlignedBuf::zeroed(2 * plan.lanes),
            suf: AlignedBuf::zeroed(sub_len),
            acc: AlignedBuf::zeroed(sub_len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_start_on_a_cache_line_and_have_the_asked_length() {
        for len in [0, 1, 13, 64] {
            let mut b = AlignedBuf::zeroed(len);
            assert_eq!(b.as_slice().len(), len);
            assert_eq!(b.as_mut_slice().as_ptr() as usize % 64, 0);
            assert!(b.as_slice().iter().all(|&x| x == 0.0));
        }
    }
}
