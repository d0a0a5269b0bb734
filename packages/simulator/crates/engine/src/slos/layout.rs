//! Which states a SLOS layer holds when output heralds prune it, and where they sit.
//!
//! The heralded modes are put first. A layer of `k` photons is then a list of blocks, one per herald occupation
//! vector `o` (each `o_i ≤ expected_i`: a partial state with more photons on a heralded mode than expected can never
//! match, Perceval's "allow missing" mask), and block `o` holds every state of the free modes with `k − |o|` photons,
//! densely in `FSArray` order. With [`HeraldFit::Exact`] a block also needs enough photons left to fill the heralds,
//! so the last layer is the single block `o = expected`.

use crate::fock::CountTable;

/// How the last layer must match the heralds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeraldFit {
    /// Exactly the expected photons on each heralded mode (a single group of indistinguishable photons).
    Exact,
    /// At most the expected photons (one of several distinguishable groups; their sum is checked afterwards).
    AtMost,
}

/// Position of one block inside a layer's coefficient array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BlockSlot {
    pub offset: usize,
    pub len: usize,
    /// Photons on the free modes.
    pub free_photons: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// Expected photons per heralded mode, in the order the heralded modes were given.
    pub caps: Vec<u8>,
    /// Number of free (non-heralded) modes.
    pub free: usize,
    /// Photons of the input.
    pub n: usize,
    pub fit: HeraldFit,
    /// Number of herald occupation vectors, `Π (cap_i + 1)`.
    pub prefixes: usize,
}

/// The blocks of one layer, indexed by herald occupation vector (mixed radix, first herald fastest).
#[derive(Clone, Debug)]
pub(crate) struct LayerSlots {
    pub slots: Vec<Option<BlockSlot>>,
    pub total: usize,
}

impl Layout {
    pub fn new(caps: Vec<u8>, free: usize, n: usize, fit: HeraldFit) -> Layout {
        let prefixes = caps.iter().map(|&c| c as usize + 1).product();
        Layout { caps, free, n, fit, prefixes }
    }

    /// The herald occupation vector of prefix index `idx`.
    pub fn prefix(&self, mut idx: usize) -> Vec<u8> {
        self.caps
            .iter()
            .map(|&c| {
                let radix = c as usize + 1;
                let o = (idx % radix) as u8;
                idx /= radix;
                o
            })
            .collect()
    }

    /// Prefix index of `o` with one photon fewer on herald `i`, if `o_i > 0`.
    pub fn minus_one(&self, idx: usize, i: usize) -> Option<usize> {
        let stride: usize = self.caps[..i].iter().map(|&c| c as usize + 1).product();
        let o_i = (idx / stride) % (self.caps[i] as usize + 1);
        (o_i > 0).then(|| idx - stride)
    }

    /// Blocks of layer `k`, or `None` if some size overflows `usize`.
    pub fn layer(&self, k: usize, counts: &CountTable) -> Option<LayerSlots> {
        let mut slots = Vec::with_capacity(self.prefixes);
        let mut total: usize = 0;
        let cap_sum: usize = self.caps.iter().map(|&c| c as usize).sum();
        for idx in 0..self.prefixes {
            let o = self.prefix(idx);
            let used: usize = o.iter().map(|&x| x as usize).sum();
            let missing = cap_sum - used;
            let fits = used <= k && (self.fit == HeraldFit::AtMost || missing <= self.n - k);
            if !fits {
                slots.push(None);
                continue;
            }
            let free_photons = k - used;
            let len = counts.get(free_photons, self.free);
            if len == usize::MAX {
                return None;
            }
            if len == 0 {
                slots.push(None);
                continue;
            }
            slots.push(Some(BlockSlot { offset: total, len, free_photons }));
            total = total.checked_add(len)?;
        }
        Some(LayerSlots { slots, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_heralds_a_layer_is_one_dense_block() {
        let counts = CountTable::new(3, 4);
        let layout = Layout::new(vec![], 4, 3, HeraldFit::Exact);
        let layer = layout.layer(3, &counts).unwrap();
        assert_eq!(layer.slots, vec![Some(BlockSlot { offset: 0, len: 20, free_photons: 3 })]);
    }

    #[test]
    fn exact_heralds_leave_one_block_in_the_last_layer() {
        // Heralds expecting 1 and 0 photons; 2 free modes; 3 photons in total.
        let counts = CountTable::new(3, 2);
        let layout = Layout::new(vec![1, 0], 2, 3, HeraldFit::Exact);
        let last = layout.layer(3, &counts).unwrap();
        let kept: Vec<Vec<u8>> =
            (0..layout.prefixes).filter(|&i| last.slots[i].is_some()).map(|i| layout.prefix(i)).collect();
        assert_eq!(kept, vec![vec![1, 0]]);
        assert_eq!(last.total, 3); // 2 photons on 2 free modes
        let at_most = Layout::new(vec![1, 0], 2, 3, HeraldFit::AtMost).layer(3, &counts).unwrap();
        assert_eq!(at_most.total, 4 + 3);
        assert_eq!(layout.minus_one(1, 0), Some(0));
        assert_eq!(layout.minus_one(0, 0), None);
    }
}
