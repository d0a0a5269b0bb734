//! Detectors (docs/simulation.md): what a detector on one mode reports for the photons that reach it.
//!
//! A PNR detector reports the photon count, a threshold detector whether anything arrived, and a pseudo-PNR detector
//! spreads the light over `W` threshold wires of efficiency `η`, with the recurrence
//! `P(d, n) = P(d−1, n−1)·(W−d+1)·η/W + P(d, n−1)·(η·d/W + 1 − η)`, `P(0, n) = (1−η)^n`
//! (binomial `C(n,d)·η^d·(1−η)^{n−d}` with infinitely many wires); counts above `max_detections` pile onto it.

use crate::error::{EngineError, Result};
use crate::request::DetectorSpec;
use crate::rng::Rng;

/// A validated detector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Detector {
    Pnr,
    Threshold,
    Ppnr { wires: Option<u32>, max_detections: Option<u32>, efficiency: f64 },
}

impl Detector {
    /// Validates `spec` and simplifies it (Perceval's rules: a PPNR with at most one detection and η = 1 is a
    /// threshold detector; with no wire or detection limit and η = 1, a PNR one).
    pub fn from_spec(spec: &DetectorSpec, field: &str) -> Result<Detector> {
        match *spec {
            DetectorSpec::Pnr => Ok(Detector::Pnr),
            DetectorSpec::Threshold => Ok(Detector::Threshold),
            DetectorSpec::Ppnr { wires, max_detections, efficiency } => {
                if !(efficiency > 0.0 && efficiency <= 1.0) {
                    return Err(EngineError::validation(
                        field,
                        format!("wire efficiency must be in (0, 1], got {efficiency}"),
                    ));
                }
                if wires == Some(0) {
                    return Err(EngineError::validation(field, "a PPNR detector needs at least one wire"));
                }
                if max_detections == Some(0) {
                    return Err(EngineError::validation(field, "max_detections must be at least 1"));
                }
                let cap = match (wires, max_detections) {
                    (Some(w), Some(d)) => Some(w.min(d)),
                    (w, d) => w.or(d),
                };
                if efficiency == 1.0 && cap == Some(1) {
                    Ok(Detector::Threshold)
                } else if efficiency == 1.0 && wires.is_none() && max_detections.is_none() {
                    Ok(Detector::Pnr)
                } else {
                    Ok(Detector::Ppnr { wires, max_detections, efficiency })
                }
            }
        }
    }

    /// True when the detector reports the photon count itself.
    pub fn is_pnr(&self) -> bool {
        matches!(self, Detector::Pnr)
    }

    /// True when the count reported is a function of the photon count (no randomness).
    pub fn is_deterministic(&self) -> bool {
        !matches!(self, Detector::Ppnr { .. })
    }

    /// `P(reported = d)` for `photons` photons, `d = 0..=photons`.
    pub fn distribution(&self, photons: usize) -> Vec<f64> {
        let mut out = vec![0.0; photons + 1];
        match *self {
            Detector::Pnr => out[photons] = 1.0,
            Detector::Threshold => out[photons.min(1)] = 1.0,
            Detector::Ppnr { wires, max_detections, efficiency: eta } => {
                let raw = match wires {
                    None => binomial_row(photons, eta),
                    Some(w) => wire_recurrence(photons, w as usize, eta),
                };
                let cap = max_detections.map_or(photons, |c| (c as usize).min(photons));
                for (d, p) in raw.into_iter().enumerate() {
                    out[d.min(cap)] += p;
                }
            }
        }
        out
    }

    /// The reported count for `photons` photons, drawn with `rng` when the detector is random.
    pub fn detect(&self, photons: usize, rng: &mut Rng) -> usize {
        match self {
            Detector::Pnr => photons,
            Detector::Threshold => photons.min(1),
            Detector::Ppnr { .. } => {
                let dist = self.distribution(photons);
                let mut u = rng.next_f64();
                for (d, &p) in dist.iter().enumerate() {
                    if u < p {
                        return d;
                    }
                    u -= p;
                }
                dist.iter().rposition(|&p| p > 0.0).unwrap_or(0)
            }
        }
    }
}

/// `C(n, d)·η^d·(1−η)^{n−d}` for `d = 0..=n`.
fn binomial_row(n: usize, eta: f64) -> Vec<f64> {
    let mut row = vec![0.0; n + 1];
    row[0] = 1.0;
    for k in 1..=n {
        for d in (0..=k).rev() {
            let stay = row[d] * (1.0 - eta);
            let up = if d > 0 { row[d - 1] * eta } else { 0.0 };
            row[d] = stay + up;
        }
    }
    row
}

/// The PPNR recurrence over photons, each landing on one of `w` wires and seen with probability `eta`.
fn wire_recurrence(n: usize, w: usize, eta: f64) -> Vec<f64> {
    let top = n.min(w);
    let mut row = vec![0.0; n + 1];
    row[0] = 1.0;
    for k in 1..=n {
        for d in (0..=k.min(top)).rev() {
            let stay = row[d] * (eta * d as f64 / w as f64 + 1.0 - eta);
            let up = if d > 0 { row[d - 1] * (w - d + 1) as f64 * eta / w as f64 } else { 0.0 };
            row[d] = stay + up;
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ppnr(wires: Option<u32>, max: Option<u32>, eta: f64) -> Detector {
        Detector::from_spec(&DetectorSpec::Ppnr { wires, max_detections: max, efficiency: eta }, "d").unwrap()
    }

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-12, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn reference_30_ppnr_three_wires_efficiency_0_7() {
        close(&ppnr(Some(3), None, 0.7).distribution(3), &[0.027, 3367.0 / 9000.0, 196.0 / 375.0, 343.0 / 4500.0]);
    }

    #[test]
    fn reference_30_ppnr_two_perfect_wires() {
        close(&ppnr(Some(2), None, 1.0).distribution(2), &[0.0, 0.5, 0.5]);
        close(&ppnr(Some(2), None, 1.0).distribution(3), &[0.0, 0.25, 0.75, 0.0]);
    }

    #[test]
    fn infinitely_many_wires_give_a_binomial_and_the_cap_absorbs_the_rest() {
        close(&ppnr(None, None, 0.5).distribution(2), &[0.25, 0.5, 0.25]);
        close(&ppnr(None, Some(1), 0.5).distribution(2), &[0.25, 0.75, 0.0]);
    }

    #[test]
    fn simplifications_and_deterministic_detectors() {
        assert_eq!(ppnr(Some(1), None, 1.0), Detector::Threshold);
        assert_eq!(ppnr(None, None, 1.0), Detector::Pnr);
        assert_eq!(Detector::Threshold.distribution(3), vec![0.0, 1.0, 0.0, 0.0]);
        assert_eq!(Detector::Pnr.distribution(2), vec![0.0, 0.0, 1.0]);
        assert_eq!(Detector::Threshold.distribution(0), vec![1.0]);
        let bad = DetectorSpec::Ppnr { wires: Some(2), max_detections: None, efficiency: 1.5 };
        assert!(
            matches!(Detector::from_spec(&bad, "request.detectors[1]"), Err(EngineError::Validation { field, .. }) if field == "request.detectors[1]")
        );
    }

    #[test]
    fn random_detection_follows_the_distribution() {
        let d = ppnr(Some(3), None, 0.7);
        let mut rng = Rng::seed_from_u64(5);
        let mut counts = [0usize; 4];
        for _ in 0..200_000 {
            counts[d.detect(3, &mut rng)] += 1;
        }
        let expected = d.distribution(3);
        for (c, p) in counts.iter().zip(&expected) {
            assert!((*c as f64 / 200_000.0 - p).abs() < 0.005);
        }
    }
}
