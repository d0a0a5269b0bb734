//! Validation of a [`Request`] and everything derived from it once: the expanded circuit, detectors, heralds,
//! thresholds and limits.

use crate::circuit::{expand, ExpandedCircuit};
use crate::detector::Detector;
use crate::error::{EngineError, Result};
use crate::gurvits;
use crate::memory;
use crate::postselect;
use crate::request::{Backend, Element, Herald, InputSpec, PostSelectExpr, Request};
use crate::source;

/// Perceval's default precision for neglecting unlikely source states.
pub(crate) const DEFAULT_PRECISION: f64 = 1e-6;

/// Most photons a request may hold: far beyond what any backend can simulate, low enough that counts stay exact.
pub(crate) const MAX_PHOTONS: usize = 250;

/// A validated request.
pub(crate) struct Prepared<'r> {
    pub request: &'r Request,
    pub circuit: ExpandedCircuit,
    /// Real modes.
    pub m: usize,
    /// Modes the detectors see: the real ones, or the spatial ones of a polarized request (`m / 2`, each the sum of
    /// its H and V modes). Detectors, heralds, post-selection and `output_modes` refer to these.
    pub detected_m: usize,
    /// One detector per detected mode.
    pub detectors: Vec<Detector>,
    pub all_pnr: bool,
    /// Output heralds sorted by mode.
    pub heralds: Vec<Herald>,
    /// Heralds on PNR modes: checked inside the backends (they prune the computation); none when polarized (a
    /// herald counts two real modes).
    pub mask_heralds: Vec<Herald>,
    /// Fewest photons (clicks) the detectors must report over all modes, heralds included.
    pub min_total: usize,
    pub precision: f64,
    pub memory_limit: u64,
    pub threads: usize,
    /// Modes kept in results: all of them with `keep_heralds`, else the non-heralded ones.
    pub output_modes: Vec<usize>,
}

impl Prepared<'_> {
    /// True for a polarized request (see [`Request::polarized`]).
    pub fn polarized(&self) -> bool {
        self.request.polarized
    }

    /// The photons the detectors see of a state over the real modes: the state itself, or, polarized, the sum of
    /// each spatial mode's H and V modes.
    pub fn detected_state(&self, real: &[u8], out: &mut Vec<u8>) {
        out.clear();
        if self.polarized() {
            out.extend(real[..self.m].chunks_exact(2).map(|hv| hv[0] + hv[1]));
        } else {
            out.extend_from_slice(&real[..self.m]);
        }
    }

    /// True when `state` (detected modes) shows every herald's expected count.
    pub fn heralds_match(&self, state: &[u8]) -> bool {
        self.heralds.iter().all(|h| state[h.mode] == h.expected)
    }

    /// True when `state` matches the heralds and the post-selection.
    pub fn accepts(&self, state: &[u8]) -> bool {
        self.heralds_match(state) && self.request.post_select.as_ref().is_none_or(|ps| postselect::accepts(ps, state))
    }

    /// True when a post-selection may reject states (an empty `PostSelect()` accepts all).
    pub fn post_selects(&self) -> bool {
        self.request.post_select.as_ref().is_some_and(|ps| *ps != PostSelectExpr::True)
    }

    /// `state` restricted to the output modes.
    pub fn output_state(&self, state: &[u8], out: &mut Vec<u8>) {
        out.clear();
        out.extend(self.output_modes.iter().map(|&i| state[i]));
    }
}

pub(crate) fn prepare(request: &Request) -> Result<Prepared<'_>> {
    if let Backend::NaiveApprox { iterations } = request.backend {
        gurvits::check_iterations(iterations, "request.gurvitsIterations")?;
    }
    if let Backend::Mps { cutoff } = request.backend {
        if cutoff == Some(0) {
            return Err(EngineError::validation("request.cutoff", "the MPS bond dimension must be at least 1"));
        }
        if let Some(i) = request.circuit.elements.iter().position(|e| !matches!(e, Element::Unitary { .. })) {
            return Err(EngineError::validation(
                format!("request.elements[{i}]"),
                "the MPS backend simulates unitary components only (no loss channel or time delay)",
            ));
        }
    }
    let memory_limit = memory::limit(request.memory_limit_bytes);
    // The circuit's unitary (real and loss modes) and a product buffer must fit before anything is built.
    let losses = request.circuit.elements.iter().filter(|e| matches!(e, Element::Loss { .. })).count() as u64;
    let modes = request.circuit.m as u64 + losses;
    memory::check(
        modes.checked_mul(modes).and_then(|x| x.checked_mul(32)),
        memory_limit,
        &format!("a circuit of {modes} modes"),
    )?;
    let circuit = expand(&request.circuit)?;
    let m = circuit.m;
    if request.polarized && m % 2 == 1 {
        return Err(EngineError::validation(
            "request.m",
            format!("a polarized request has an H and a V mode per spatial mode, an even count; got {m}"),
        ));
    }
    let detected_m = if request.polarized { m / 2 } else { m };
    if circuit.has_hidden_modes() && !matches!(&request.input, InputSpec::Source { noise, .. } if noise.is_perfect()) {
        return Err(EngineError::validation(
            "request.input",
            "hidden modes (time delays) need a Fock-state input through a perfect source",
        ));
    }

    let mut heralds = request.heralds.clone();
    heralds.sort_by_key(|h| h.mode);
    for (i, h) in request.heralds.iter().enumerate() {
        if h.mode >= detected_m {
            return Err(EngineError::validation(
                format!("request.heralds[{i}].mode"),
                format!("herald on mode {}, but the processor has {detected_m} modes", h.mode),
            ));
        }
    }
    if let Some(w) = heralds.windows(2).find(|w| w[0].mode == w[1].mode) {
        return Err(EngineError::validation("request.heralds", format!("mode {} is heralded twice", w[0].mode)));
    }

    let detectors: Vec<Detector> = if request.thresholded_output {
        vec![Detector::Threshold; detected_m]
    } else if request.detectors.is_empty() {
        vec![Detector::Pnr; detected_m]
    } else if request.detectors.len() != detected_m {
        return Err(EngineError::validation(
            "request.detectors",
            format!("expected one detector per mode ({detected_m}), got {}", request.detectors.len()),
        ));
    } else {
        request
            .detectors
            .iter()
            .enumerate()
            .map(|(i, d)| Detector::from_spec(d, &format!("request.detectors[{i}]")))
            .collect::<Result<_>>()?
    };
    let all_pnr = detectors.iter().all(Detector::is_pnr);
    let mask_heralds: Vec<Herald> = if request.polarized {
        Vec::new()
    } else {
        heralds.iter().copied().filter(|h| detectors[h.mode].is_pnr()).collect()
    };

    if let Some(ps) = &request.post_select {
        postselect::validate(ps, detected_m)?;
    }

    let herald_photons: usize = heralds.iter().map(|h| h.expected as usize).sum();
    let min_total = match request.min_detected_photons {
        Some(k) if k > MAX_PHOTONS => {
            return Err(EngineError::validation(
                "request.minDetectedPhotons",
                format!("at most {MAX_PHOTONS} photons can be required, got {k}"),
            ))
        }
        Some(k) => k + herald_photons,
        None => 0,
    };

    let precision = request.precision.unwrap_or(DEFAULT_PRECISION);
    if !(0.0..1.0).contains(&precision) {
        return Err(EngineError::validation(
            "request.precision",
            format!("precision must be in [0, 1), got {precision}"),
        ));
    }

    validate_input(&request.input, m)?;

    let output_modes =
        (0..detected_m).filter(|i| request.keep_heralds || !heralds.iter().any(|h| h.mode == *i)).collect::<Vec<_>>();
    Ok(Prepared {
        request,
        circuit,
        m,
        detected_m,
        detectors,
        all_pnr,
        heralds,
        mask_heralds,
        min_total,
        precision,
        memory_limit,
        threads: crate::threads::resolve(request.threads),
        output_modes,
    })
}

fn validate_input(input: &InputSpec, m: usize) -> Result<()> {
    match input {
        InputSpec::Source { occupations, noise } => {
            if occupations.len() != m {
                return Err(EngineError::validation(
                    "request.input.occupations",
                    format!("the input state has {} modes but the processor has {m}", occupations.len()),
                ));
            }
            let n: usize = occupations.iter().map(|&k| k as usize).sum();
            if n > MAX_PHOTONS {
                return Err(EngineError::validation(
                    "request.input.occupations",
                    format!("{n} photons is more than the {MAX_PHOTONS} the engine accepts"),
                ));
            }
            source::validate(noise)
        }
        InputSpec::Mixed(components) => {
            if components.is_empty() {
                return Err(EngineError::validation("request.input", "the input distribution is empty"));
            }
            let mut total = 0.0;
            for (i, (p, sv)) in components.iter().enumerate() {
                if !(p.is_finite() && *p >= 0.0) {
                    return Err(EngineError::validation(
                        format!("request.input[{i}].probability"),
                        format!("a probability must be a finite non-negative number, got {p}"),
                    ));
                }
                total += p;
                if sv.terms.is_empty() {
                    return Err(EngineError::validation(
                        format!("request.input[{i}].state"),
                        "the state vector is empty",
                    ));
                }
                let mut norm = 0.0;
                for (j, (a, state)) in sv.terms.iter().enumerate() {
                    let field = format!("request.input[{i}].state.terms[{j}]");
                    if !(a.re.is_finite() && a.im.is_finite()) {
                        return Err(EngineError::validation(field, "the amplitude is not a finite number"));
                    }
                    norm += a.norm_sqr();
                    if state.m != m {
                        return Err(EngineError::validation(
                            field,
                            format!("the state has {} modes but the processor has {m}", state.m),
                        ));
                    }
                    if let Some(p) = state.photons.iter().find(|p| p.mode >= m) {
                        return Err(EngineError::validation(
                            field,
                            format!("a photon sits on mode {}, outside the {m} modes", p.mode),
                        ));
                    }
                    if state.photons.len() > MAX_PHOTONS {
                        return Err(EngineError::validation(field, format!("more than {MAX_PHOTONS} photons")));
                    }
                    let occ = state.photons.iter().fold(vec![0usize; m], |mut acc, p| {
                        acc[p.mode] += 1;
                        acc
                    });
                    if occ.iter().any(|&k| k > u8::MAX as usize) {
                        return Err(EngineError::validation(field, "more than 255 photons in one mode"));
                    }
                }
                if norm <= 0.0 {
                    return Err(EngineError::validation(
                        format!("request.input[{i}].state"),
                        "the state vector has zero norm",
                    ));
                }
            }
            if total <= 0.0 {
                return Err(EngineError::validation("request.input", "the input probabilities sum to zero"));
            }
            Ok(())
        }
    }
}
