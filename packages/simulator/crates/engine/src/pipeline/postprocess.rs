//! After the linear optics: detectors, the min-detected-photons filter, heralds and post-selection, and the removal
//! of heralded modes (docs/simulation.md, `Simulator.probs_svd` steps 4–5).

use crate::distribution::StateMap;

use super::prepare::Prepared;

/// What the detectors report, as a distribution over reported counts (identity when every detector is PNR).
pub(crate) fn detect(map: StateMap, prepared: &Prepared) -> StateMap {
    if prepared.all_pnr {
        return map;
    }
    let m = map.m;
    if prepared.detectors.iter().all(super::super::detector::Detector::is_deterministic) {
        return map.map_states(m, |s, out| {
            out.extend(s.iter().zip(&prepared.detectors).map(|(&k, d)| if d.is_pnr() { k } else { k.min(1) }));
        });
    }
    let mut out = StateMap::new(m);
    let mut partial: Vec<(Vec<u8>, f64)> = Vec::new();
    for (state, &p) in &map.map {
        // Tensor product of the per-mode detection distributions.
        partial.clear();
        partial.push((Vec::with_capacity(m), p));
        for (&k, det) in state.iter().zip(&prepared.detectors) {
            let dist = det.distribution(k as usize);
            let mut next = Vec::with_capacity(partial.len() * 2);
            for (prefix, q) in &partial {
                for (d, &pd) in dist.iter().enumerate() {
                    if pd > 0.0 {
                        let mut s = prefix.clone();
                        s.push(d as u8);
                        next.push((s, q * pd));
                    }
                }
            }
            partial = next;
        }
        for (s, q) in &partial {
            out.add(s, *q);
        }
    }
    out
}

/// Total reported photons of a state.
pub(crate) fn photons(state: &[u8]) -> usize {
    state.iter().map(|&k| k as usize).sum()
}

/// Results over the output modes (heralded modes dropped unless kept).
pub(crate) fn to_output_modes(map: StateMap, prepared: &Prepared) -> StateMap {
    if prepared.output_modes.len() == map.m {
        return map;
    }
    map.map_states(prepared.output_modes.len(), |s, out| prepared.output_state(s, out))
}
