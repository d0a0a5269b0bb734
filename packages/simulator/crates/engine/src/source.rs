//! The single-photon source model (docs/simulation.md, Perceval's `Source`): brightness β, multiphoton component g2
//! (its extra photon distinguishable or not), indistinguishability M and transmittance η.
//!
//! Each requested photon independently yields nothing, one photon or two, and each photon is the "signal" photon
//! (noise tag 0, indistinguishable from the other signal photons) with probability `sqrt(M)`, else a photon with a
//! fresh tag, distinguishable from everything. A source state is therefore fully described by two occupation
//! vectors: signal photons and distinguishable photons.

use crate::error::{EngineError, Result};
use crate::request::SourceNoise;

/// One input the source may emit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceState {
    /// Occupations of the mutually indistinguishable signal photons.
    pub signal: Vec<u8>,
    /// Occupations of photons distinguishable from every other photon (one fresh tag each).
    pub distinguishable: Vec<u8>,
}

impl SourceState {
    /// Photons emitted, all kinds.
    pub fn photons(&self) -> usize {
        self.signal.iter().chain(&self.distinguishable).map(|&k| k as usize).sum()
    }

    /// The groups simulated independently: the signal photons, then one single-photon state per distinguishable
    /// photon.
    pub fn groups(&self) -> Vec<Vec<u8>> {
        let m = self.signal.len();
        let mut groups = Vec::new();
        if self.signal.iter().any(|&k| k > 0) {
            groups.push(self.signal.clone());
        }
        for (mode, &k) in self.distinguishable.iter().enumerate() {
            for _ in 0..k {
                let mut single = vec![0u8; m];
                single[mode] = 1;
                groups.push(single);
            }
        }
        groups
    }

    /// Photon counts per mode, kinds merged.
    pub fn occupations(&self) -> Vec<u8> {
        self.signal.iter().zip(&self.distinguishable).map(|(a, b)| a + b).collect()
    }
}

/// What one requested photon turns into: `(signal photons, distinguishable photons, probability)`.
pub type Outcome = (u8, u8, f64);

fn check_unit(value: f64, field: &str, what: &str) -> Result<()> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(EngineError::validation(field, format!("{what} must be in [0, 1], got {value}")))
    }
}

/// Validates the noise parameters.
pub fn validate(noise: &SourceNoise) -> Result<()> {
    check_unit(noise.brightness, "request.input.noise.brightness", "brightness")?;
    check_unit(noise.g2, "request.input.noise.g2", "g2")?;
    check_unit(noise.indistinguishability, "request.input.noise.indistinguishability", "indistinguishability")?;
    check_unit(noise.transmittance, "request.input.noise.transmittance", "transmittance")?;
    if 2.0 * noise.brightness * noise.g2 > 1.0 {
        return Err(EngineError::validation(
            "request.input.noise.g2",
            format!("brightness × g2 must not exceed 1/2 (got {} × {})", noise.brightness, noise.g2),
        ));
    }
    Ok(())
}

/// The outcomes of one requested photon (docs/simulation.md, Processor pipeline), zero-probability ones omitted.
pub fn photon_outcomes(noise: &SourceNoise) -> Vec<Outcome> {
    let beta = noise.brightness;
    let g2 = noise.g2;
    let p2 = if g2 == 0.0 { 0.0 } else { (1.0 - beta * g2 - (1.0 - 2.0 * beta * g2).sqrt()) / g2 };
    let p1 = beta - p2;
    let eta = noise.transmittance;
    let p1to1 = eta * p1;
    let p2to2 = eta * eta * p2;
    let p2to1 = eta * (1.0 - eta) * p2;
    let p0 = 1.0 - (p1to1 + 2.0 * p2to1 + p2to2);
    let d = 1.0 - noise.indistinguishability.sqrt();
    let mut out: Vec<Outcome> = if noise.g2_distinguishable {
        // The noise photon always carries a fresh tag.
        vec![
            (0, 0, p0),
            (1, 1, (1.0 - d) * p2to2),
            (0, 2, d * p2to2),
            (0, 1, d * (p1to1 + p2to1) + p2to1),
            (1, 0, (1.0 - d) * (p1to1 + p2to1)),
        ]
    } else {
        // The noise photon carries the signal tag.
        vec![
            (0, 0, p0),
            (2, 0, (1.0 - d) * p2to2),
            (1, 1, d * p2to2),
            (0, 1, d * (p1to1 + p2to1)),
            (1, 0, (1.0 - d) * (p1to1 + p2to1) + p2to1),
        ]
    };
    out.retain(|o| o.2 > 0.0);
    out
}

/// The outcomes of a mode fed `photons` requested photons: the tensor power of [`photon_outcomes`].
pub fn mode_outcomes(noise: &SourceNoise, photons: u8) -> Vec<Outcome> {
    let single = photon_outcomes(noise);
    let mut acc: Vec<Outcome> = vec![(0, 0, 1.0)];
    for _ in 0..photons {
        let mut next: Vec<Outcome> = Vec::new();
        for &(s, d, p) in &acc {
            for &(s1, d1, p1) in &single {
                let key = (s + s1, d + d1);
                match next.iter_mut().find(|o| (o.0, o.1) == key) {
                    Some(o) => o.2 += p * p1,
                    None => next.push((key.0, key.1, p * p1)),
                }
            }
        }
        acc = next;
    }
    acc
}

/// Every source state worth simulating for the requested `occupations`, with its probability. States below
/// `max(1e-16, precision × most likely)` are left out (Perceval's default precision is 1e-6); since the most
/// likely state is the product of each mode's most likely outcome, pruning happens while the product is built.
pub fn distribution(noise: &SourceNoise, occupations: &[u8], precision: f64) -> Vec<(SourceState, f64)> {
    let m = occupations.len();
    if noise.is_perfect() {
        return vec![(SourceState { signal: occupations.to_vec(), distinguishable: vec![0; m] }, 1.0)];
    }
    let per_mode: Vec<Vec<Outcome>> = occupations.iter().map(|&k| mode_outcomes(noise, k)).collect();
    let best: Vec<f64> = per_mode.iter().map(|o| o.iter().map(|x| x.2).fold(0.0, f64::max)).collect();
    // best_tail[i] = Π_{j ≥ i} best[j]: the largest factor the modes from i on can still contribute.
    let mut best_tail = vec![1.0; m + 1];
    for i in (0..m).rev() {
        best_tail[i] = best_tail[i + 1] * best[i];
    }
    let threshold = (precision * best_tail[0]).max(1e-16);
    let mut states: Vec<(Vec<u8>, Vec<u8>, f64)> = vec![(Vec::with_capacity(m), Vec::with_capacity(m), 1.0)];
    for (i, outcomes) in per_mode.iter().enumerate() {
        let mut next = Vec::with_capacity(states.len() * outcomes.len());
        for (signal, dist, p) in &states {
            for &(s, d, q) in outcomes {
                let p = p * q;
                if p * best_tail[i + 1] < threshold {
                    continue;
                }
                let mut signal = signal.clone();
                signal.push(s);
                let mut dist = dist.clone();
                dist.push(d);
                next.push((signal, dist, p));
            }
        }
        states = next;
    }
    states.into_iter().map(|(signal, distinguishable, p)| (SourceState { signal, distinguishable }, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(brightness: f64, g2: f64, g2_distinguishable: bool, m: f64) -> SourceNoise {
        SourceNoise { brightness, g2, g2_distinguishable, indistinguishability: m, transmittance: 1.0 }
    }

    fn find(outcomes: &[Outcome], s: u8, d: u8) -> f64 {
        outcomes.iter().find(|o| (o.0, o.1) == (s, d)).map_or(0.0, |o| o.2)
    }

    #[test]
    fn reference_22_brightness_only() {
        let o = photon_outcomes(&noise(0.4, 0.0, true, 1.0));
        assert!((find(&o, 0, 0) - 0.6).abs() < 1e-12 && (find(&o, 1, 0) - 0.4).abs() < 1e-12);
        assert_eq!(o.len(), 2);
    }

    #[test]
    fn reference_23_indistinguishable_multiphoton_component() {
        let o = photon_outcomes(&noise(0.4, 0.1, false, 1.0));
        assert!((find(&o, 0, 0) - 0.6).abs() < 1e-12);
        assert!((find(&o, 2, 0) - 0.008336953374561418).abs() < 1e-12);
        assert!((find(&o, 1, 0) - (0.4 - 0.008336953374561418)).abs() < 1e-12);
    }

    #[test]
    fn reference_25_partial_indistinguishability() {
        let o = photon_outcomes(&noise(1.0, 0.0, true, 0.5));
        assert!((find(&o, 1, 0) - 0.5f64.sqrt()).abs() < 1e-12);
        assert!((find(&o, 0, 1) - (1.0 - 0.5f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn reference_26_two_photons_in_one_mode() {
        let b = 0.41;
        let o = mode_outcomes(&noise(b, 0.0, true, 1.0), 2);
        assert!((find(&o, 0, 0) - (1.0 - b) * (1.0 - b)).abs() < 1e-12);
        assert!((find(&o, 1, 0) - 2.0 * b * (1.0 - b)).abs() < 1e-12);
        assert!((find(&o, 2, 0) - b * b).abs() < 1e-12);
    }

    #[test]
    fn reference_28_brightness_on_a_four_mode_input() {
        let d = distribution(&noise(0.2, 0.0, true, 1.0), &[0, 1, 1, 0], 1e-6);
        let p = |occ: [u8; 4]| d.iter().find(|(s, _)| s.signal == occ).map_or(0.0, |x| x.1);
        assert!((p([0, 1, 1, 0]) - 0.04).abs() < 1e-12);
        assert!((p([0, 1, 0, 0]) - 0.16).abs() < 1e-12);
        assert!((p([0, 0, 1, 0]) - 0.16).abs() < 1e-12);
        assert!((p([0, 0, 0, 0]) - 0.64).abs() < 1e-12);
        assert_eq!(d.len(), 4);
    }

    #[test]
    fn every_model_is_normalised_and_transmittance_loses_photons() {
        for g2_dist in [true, false] {
            let n = SourceNoise {
                brightness: 0.8,
                g2: 0.05,
                g2_distinguishable: g2_dist,
                indistinguishability: 0.9,
                transmittance: 0.7,
            };
            let total: f64 = photon_outcomes(&n).iter().map(|o| o.2).sum();
            assert!((total - 1.0).abs() < 1e-12);
            let d = distribution(&n, &[1, 0, 1], 0.0);
            assert!((d.iter().map(|x| x.1).sum::<f64>() - 1.0).abs() < 1e-12);
        }
        let lossy = SourceNoise { transmittance: 0.7, ..SourceNoise::default() };
        let o = photon_outcomes(&lossy);
        assert!((find(&o, 1, 0) - 0.7).abs() < 1e-12 && (find(&o, 0, 0) - 0.3).abs() < 1e-12);
    }

    #[test]
    fn groups_separate_signal_and_distinguishable_photons() {
        let s = SourceState { signal: vec![1, 0, 1], distinguishable: vec![0, 2, 0] };
        assert_eq!(s.groups(), vec![vec![1, 0, 1], vec![0, 1, 0], vec![0, 1, 0]]);
        assert_eq!(s.photons(), 4);
        assert_eq!(s.occupations(), vec![1, 2, 1]);
    }

    #[test]
    fn pruning_keeps_states_above_the_relative_precision() {
        let n = noise(0.999, 0.0, true, 1.0);
        // Single-loss states have p ≈ 1e-3 relative to the best, double losses ≈ 1e-6·(1/0.999²).
        let d = distribution(&n, &[1, 1, 1], 1e-4);
        assert_eq!(d.len(), 4);
    }

    #[test]
    fn invalid_parameters_name_their_field() {
        let bad = SourceNoise { brightness: 1.2, ..SourceNoise::default() };
        assert!(
            matches!(validate(&bad), Err(EngineError::Validation { field, .. }) if field == "request.input.noise.brightness")
        );
        let bad = SourceNoise { brightness: 1.0, g2: 0.6, ..SourceNoise::default() };
        assert!(
            matches!(validate(&bad), Err(EngineError::Validation { field, .. }) if field == "request.input.noise.g2")
        );
    }
}
