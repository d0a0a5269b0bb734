//! `probs()`: the output distribution of a processor with its perf figures (docs/simulation.md, `Simulator.probs_svd`).
//!
//! Masses along the way: `M0` all inputs kept by the source precision, `M1` those with enough photons
//! (`physical = M1/M0`), `M2` the backend output under the herald masks (`logical = M2/M1`), `M3` what the detectors
//! report with enough photons (`physical ×= M3/M2`), `M4` what heralds and post-selection accept
//! (`logical ×= M4/M3`). The result is normalised by `M4`.

use std::collections::HashMap;

use crate::complex::C64;
use crate::control::Control;
use crate::distribution::{Blocks, StateMap};
use crate::error::{EngineError, Result};
use crate::request::{Distribution, DistributionStorage, Request};

use super::accumulate::Accum;
use super::convolve::Convolver;
use super::estimate::{check_primitive, Primitive};
use super::inputs::{kept_inputs, weighted_inputs, PureInput, TaggedGroups};
use super::postprocess::{detect, photons, to_output_modes};
use super::prepare::{prepare, Prepared};
use super::progress::Scaled;
use super::strong::{GroupDist, Strong};

/// Progress phases, as Perceval names them.
pub(crate) const PHASE_COMPUTE: &str = "compute probability distributions";
pub(crate) const PHASE_DETECT: &str = "simulate detectors";

/// Masses below this fraction of what came in are rounding noise (e.g. the `|1,1>` of a HOM dip, about 1e-33):
/// nothing was accepted.
const NUMERICAL_ZERO: f64 = 1e-15;

/// True when `mass` is nothing but rounding noise relative to `reference`.
fn is_nothing(mass: f64, reference: f64) -> bool {
    mass <= NUMERICAL_ZERO * reference
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// A distribution with nothing in it (every input or output rejected).
fn empty(m: usize, physical: f64, logical: f64) -> Distribution {
    Distribution {
        m,
        storage: DistributionStorage::Sparse { occupations: Vec::new(), probs: Vec::new() },
        global_perf: physical * logical,
        physical_perf: physical,
        logical_perf: logical,
    }
}

/// The output distribution of `request`.
pub fn probs(request: &Request, control: &dyn Control) -> Result<Distribution> {
    compute(request, control).map(Distribution::settled)
}

fn compute(request: &Request, control: &dyn Control) -> Result<Distribution> {
    let prepared = prepare(request)?;
    check_primitive(request.backend, Primitive::Probs)?;
    let inputs = weighted_inputs(&prepared);
    let m0: f64 = inputs.iter().map(|i| i.p).sum();
    let kept = kept_inputs(&inputs, prepared.min_total);
    let m1: f64 = kept.iter().map(|i| i.p).sum();
    let mut physical = ratio(m1, m0);
    let out_m = prepared.output_modes.len();
    if kept.is_empty() || m1 <= 0.0 {
        return Ok(empty(out_m, physical, 0.0));
    }
    let no_post_select = !prepared.post_selects();
    let max_photons = kept.iter().map(|i| i.photons).max().unwrap_or(0);
    let mut strong = Strong::new(&prepared, max_photons);

    if let [single] = kept.as_slice() {
        if let PureInput::Groups(groups) = &single.input {
            if groups.len() <= 1
                && !prepared.circuit.has_losses()
                && prepared.all_pnr
                && no_post_select
                && !prepared.polarized()
            {
                return fast_path(&prepared, &strong, groups.first(), physical, control);
            }
        }
    }

    let mut acc = Accum::new(prepared.m, prepared.memory_limit);
    let mut convolver = Convolver::new();
    // Sorted inputs share the prefixes of their convolutions (same group, same first distinguishable photons).
    let mut kept = kept;
    kept.sort_by_cached_key(|w| match &w.input {
        PureInput::Groups(groups) => split_groups(groups, prepared.m),
        PureInput::Superposed(_) => None,
    });
    for (i, input) in kept.iter().enumerate() {
        let ctl = Scaled { inner: control, start: i as f64 / kept.len() as f64, width: 1.0 / kept.len() as f64 };
        match &input.input {
            PureInput::Groups(groups) => match groups.as_slice() {
                [] => {
                    let vacuum = StateMap::certain(vec![0; prepared.m]);
                    acc.add_map(&vacuum, input.p);
                }
                [group] => {
                    let dist = strong.probabilities(group, true, &ctl)?;
                    acc.add(&dist, input.p)?;
                }
                _ => match split_groups(groups, prepared.m) {
                    Some((base, singles)) => {
                        let blocks = convolver.distribution(&mut strong, &base, &singles, &ctl)?;
                        acc.add(&strong.over_real_modes(blocks), input.p)?;
                    }
                    None => {
                        let map = convolved(&prepared, &mut strong, groups, &ctl)?;
                        acc.add_map(&map, input.p);
                    }
                },
            },
            PureInput::Superposed(terms) => {
                let map = superposed(&prepared, &mut strong, terms, &ctl)?;
                acc.add_map(&map, input.p);
            }
        }
        control.progress((i + 1) as f64 / kept.len() as f64, PHASE_COMPUTE);
    }
    let m2 = acc.total();
    if is_nothing(m2, m1) {
        return Ok(empty(out_m, physical, 0.0));
    }
    let mut logical = ratio(m2, m1);
    // Lossless PNR detection of inputs that all have enough photons, nothing to select: the sum is the result.
    if prepared.all_pnr
        && prepared.heralds.is_empty()
        && no_post_select
        && !prepared.circuit.has_losses()
        && !prepared.polarized()
    {
        return acc.into_distribution(m2, physical * logical, physical, logical, control);
    }

    // A polarized detector sees both polarizations of its mode: probabilities of equal spatial states add.
    let mut map = if prepared.polarized() {
        acc.into_map_of(prepared.detected_m, |s, out| prepared.detected_state(s, out), control)?
    } else {
        acc.into_map(control)?
    };
    control.progress(0.0, PHASE_DETECT);
    map = detect(map, &prepared);
    canceled(control)?;
    let m3 = if prepared.min_total > 0 { map.retain(|s| photons(s) >= prepared.min_total) } else { m2 };
    physical *= ratio(m3, m2);
    if is_nothing(m3, m2) {
        return Ok(empty(out_m, 0.0, logical));
    }
    let m4 = map.retain(|s| prepared.accepts(s));
    canceled(control)?;
    control.progress(1.0, PHASE_DETECT);
    if is_nothing(m4, m3) {
        return Ok(empty(out_m, physical, 0.0));
    }
    logical *= ratio(m4, m3);
    let out = to_output_modes(map, &prepared);
    canceled(control)?;
    Ok(out.into_distribution(m4, physical * logical, physical, logical))
}

/// [`EngineError::Canceled`] once the caller canceled: checked between the post-processing passes, each one pass
/// over the states.
fn canceled(control: &dyn Control) -> Result<()> {
    if control.is_canceled() {
        return Err(EngineError::Canceled);
    }
    Ok(())
}

/// A single perfect Fock input, PNR detectors, no loss and no post-selection: the backend's block is the result
/// (heralds were applied by its mask), normalised in place.
fn fast_path(
    prepared: &Prepared,
    strong: &Strong,
    group: Option<&Vec<u8>>,
    physical: f64,
    control: &dyn Control,
) -> Result<Distribution> {
    let out_m = prepared.output_modes.len();
    let vacuum = vec![0u8; prepared.m];
    let group = group.unwrap_or(&vacuum);
    // Lossless here, so the blocks cover the real modes only.
    let blocks = strong.compute_blocks(group, true, control)?;
    let mass: f64 = blocks.blocks.iter().flat_map(|b| b.values.iter()).sum();
    if is_nothing(mass, 1.0) {
        return Ok(empty(out_m, physical, 0.0));
    }
    let logical = mass;
    if prepared.heralds.is_empty() || !prepared.request.keep_heralds {
        // One block: the free modes are exactly the output modes, in FSArray order.
        let block = blocks.blocks.into_iter().next().expect("positive mass means one block");
        let mut probs = block.values;
        if mass != 1.0 {
            probs.iter_mut().for_each(|p| *p /= mass);
        }
        return Ok(Distribution {
            m: out_m,
            storage: DistributionStorage::Dense { n: block.free_photons, probs },
            global_perf: physical * logical,
            physical_perf: physical,
            logical_perf: logical,
        });
    }
    let mut map = StateMap::new(prepared.m);
    blocks.for_each(|s, &p| map.add(s, p));
    Ok(map.into_distribution(mass, physical * logical, physical, logical))
}

/// Splits distinguishable groups into one group of several photons (or none) and the input modes of the
/// single-photon groups, sorted; `None` when several groups hold more than one photon.
fn split_groups(groups: &[Vec<u8>], m: usize) -> Option<(Vec<u8>, Vec<usize>)> {
    let mut base: Option<&Vec<u8>> = None;
    let mut singles = Vec::new();
    for g in groups {
        let photons: usize = g.iter().map(|&k| k as usize).sum();
        if photons == 1 {
            singles.extend(g.iter().position(|&k| k == 1));
        } else if photons > 1 {
            if base.is_some() {
                return None;
            }
            base = Some(g);
        }
    }
    singles.sort_unstable();
    Some((base.cloned().unwrap_or_else(|| vec![0; m]), singles))
}

/// A group distribution as a sparse map over the real modes.
fn as_map(dist: &GroupDist, m: usize) -> StateMap {
    match dist {
        GroupDist::Sparse(map) => map.clone(),
        GroupDist::Dense(blocks) => {
            let mut map = StateMap::new(m);
            blocks.for_each(|s, &p| {
                if p > 0.0 {
                    map.add(&s[..m], p);
                }
            });
            map
        }
    }
}

/// Distinguishable groups: each simulated alone (at most the heralds' photons), distributions convolved, then the
/// heralds checked on the sum.
fn convolved(prepared: &Prepared, strong: &mut Strong, groups: &[Vec<u8>], control: &dyn Control) -> Result<StateMap> {
    let mut acc: Option<StateMap> = None;
    for g in groups {
        let dist = as_map(&strong.probabilities(g, false, control)?, prepared.m);
        acc = Some(match acc {
            None => dist,
            Some(a) => a.convolve(&dist),
        });
    }
    let mut map = acc.unwrap_or_else(|| StateMap::certain(vec![0; prepared.m]));
    map.retain(|s| prepared.mask_heralds.iter().all(|h| s[h.mode] == h.expected));
    Ok(map)
}

/// Output amplitudes of a tagged basis state: `(tag, output occupations over every mode)` per group with the
/// product amplitude, for every combination of group outputs.
pub(crate) fn tagged_outputs(
    strong: &mut Strong,
    groups: &TaggedGroups,
    control: &dyn Control,
) -> Result<Vec<(TaggedGroups, C64)>> {
    let exact = groups.len() == 1;
    let mut partial: Vec<(TaggedGroups, C64)> = vec![(Vec::new(), C64::ONE)];
    for (tag, occ) in groups {
        let blocks: std::rc::Rc<Blocks<C64>> = strong.amplitudes(occ, exact, control)?;
        let mut outputs: Vec<(Vec<u8>, C64)> = Vec::with_capacity(blocks.len());
        blocks.for_each(|s, &a| {
            if a.norm_sqr() > 0.0 {
                outputs.push((s.to_vec(), a));
            }
        });
        let mut next = Vec::with_capacity(partial.len() * outputs.len());
        for (key, amp) in &partial {
            for (s, a) in &outputs {
                let mut k = key.clone();
                k.push((*tag, s.clone()));
                next.push((k, *amp * *a));
            }
        }
        partial = next;
    }
    Ok(partial)
}

/// A coherent superposition: amplitudes of equal tagged outputs add, then probabilities are taken and tags
/// forgotten (loss modes traced out).
fn superposed(
    prepared: &Prepared,
    strong: &mut Strong,
    terms: &[(C64, TaggedGroups)],
    control: &dyn Control,
) -> Result<StateMap> {
    let mut amplitudes: HashMap<TaggedGroups, C64> = HashMap::new();
    for (a, groups) in terms {
        for (key, amp) in tagged_outputs(strong, groups, control)? {
            *amplitudes.entry(key).or_insert(C64::ZERO) += *a * amp;
        }
    }
    let m = prepared.m;
    let mut map = StateMap::new(m);
    let mut merged = vec![0u8; m];
    for (key, amp) in amplitudes {
        merged.iter_mut().for_each(|x| *x = 0);
        for (_, occ) in &key {
            for (x, &k) in merged.iter_mut().zip(occ) {
                *x += k;
            }
        }
        if prepared.mask_heralds.iter().all(|h| merged[h.mode] == h.expected) {
            map.add(&merged, amp.norm_sqr());
        }
    }
    Ok(map)
}
