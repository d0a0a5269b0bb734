//! Reads the plain request object built by `src/native/request.ts` into the engine's [`Request`].
//!
//! The shape is documented once, in `src/native/request.ts` (`NativeRequest`); this reader mirrors it
//! field by field. It only translates shapes and checks types; the engine validates the physics
//! (unitarity, mode ranges, photon counts, memory) and names the field on error.

use std::ffi::CStr;

use bosonic_engine::gurvits;
use bosonic_engine::matrix::Matrix;
use bosonic_engine::request::{
    Backend, CircuitSpec, Cmp, DetectorSpec, Element, Herald, InputSpec, PostSelectExpr, Request, SourceNoise,
    StateVectorSpec, TaggedPhoton, TaggedState,
};
use bosonic_engine::C64;

use crate::error::{BindingError, Result};
use crate::js::Env;
use crate::sys::napi_value;

/// Largest mode count the binding accepts; the engine applies its own (memory-based) limits on top.
const MAX_MODES: i64 = 1 << 16;
/// Deepest post-selection expression accepted (a guard against stack exhaustion on hostile input).
const MAX_POST_SELECT_DEPTH: usize = 64;
/// Largest exactly representable integer of a JavaScript number.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Reads `request` (a `NativeRequest`).
pub fn read_request(env: Env, request: napi_value) -> Result<Request> {
    let r = Reader { env };
    let root = "request";
    let backend = match r.string(request, c"backend", root)?.as_str() {
        "SLOS" => Backend::Slos,
        "Naive" => Backend::Naive,
        "CliffordClifford2017" => Backend::Clifford2017,
        "NaiveApprox" => Backend::NaiveApprox {
            iterations: r
                .optional_integer(request, c"gurvitsIterations", root, 1, MAX_SAFE_INTEGER)?
                .map_or(gurvits::DEFAULT_ITERATIONS, |k| k as u64),
        },
        "MPS" => Backend::Mps {
            cutoff: r.optional_integer(request, c"cutoff", root, 1, MAX_SAFE_INTEGER)?.map(|k| k as usize),
        },
        other => {
            return Err(BindingError::argument(
                "request.backend",
                format!("unknown backend '{other}' (expected SLOS, Naive, CliffordClifford2017, NaiveApprox or MPS)"),
            ))
        }
    };
    let m = r.integer(request, c"m", root, 0, MAX_MODES)? as usize;
    let elements = r
        .env
        .elements(r.env.get(request, c"elements", root)?, "request.elements")?
        .into_iter()
        .enumerate()
        .map(|(i, element)| r.element(element, &format!("request.elements[{i}]")))
        .collect::<Result<Vec<_>>>()?;
    let input = r.input(r.env.get(request, c"input", root)?, "request.input")?;
    let heralds = r
        .env
        .elements(r.env.get(request, c"heralds", root)?, "request.heralds")?
        .into_iter()
        .enumerate()
        .map(|(i, herald)| {
            let field = format!("request.heralds[{i}]");
            Ok(Herald {
                mode: r.integer(herald, c"mode", &field, 0, MAX_MODES)? as usize,
                expected: r.integer(herald, c"expected", &field, 0, 255)? as u8,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let keep_heralds = r.boolean(request, c"keepHeralds", root)?;
    let polarized = match r.env.get_optional(request, c"polarized", root)? {
        None => false,
        Some(value) => r.env.boolean_value(value, &path(root, c"polarized"))?,
    };
    let post_select = match r.env.get_optional(request, c"postSelect", root)? {
        None => None,
        Some(expr) => Some(r.post_select(expr, "request.postSelect", 0)?),
    };
    let detectors = r
        .env
        .elements(r.env.get(request, c"detectors", root)?, "request.detectors")?
        .into_iter()
        .enumerate()
        .map(|(i, detector)| r.detector(detector, &format!("request.detectors[{i}]")))
        .collect::<Result<Vec<_>>>()?;
    let thresholded_output = r.boolean(request, c"thresholdedOutput", root)?;
    let min_detected_photons =
        r.optional_integer(request, c"minDetectedPhotons", root, 0, MAX_MODES * 255)?.map(|k| k as usize);
    let precision = r.optional_number(request, c"precision", root)?;
    let memory_limit_bytes =
        r.optional_integer(request, c"memoryLimitBytes", root, 0, MAX_SAFE_INTEGER)?.map(|b| b as u64);
    let threads = r.integer(request, c"threads", root, 0, 1024)? as usize;
    // Any safe integer (core's seeds may be negative); two's complement keeps distinct seeds distinct.
    let seed = r.integer(request, c"seed", root, -MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)? as u64;
    Ok(Request {
        backend,
        circuit: CircuitSpec { m, elements },
        input,
        polarized,
        heralds,
        keep_heralds,
        post_select,
        detectors,
        thresholded_output,
        min_detected_photons,
        precision,
        memory_limit_bytes,
        threads,
        seed,
    })
}

/// Field-path-aware accessors over [`Env`].
struct Reader {
    env: Env,
}

/// `parent.name`, the field path used in error messages.
fn path(parent: &str, name: &CStr) -> String {
    format!("{parent}.{}", name.to_str().unwrap_or("?"))
}

impl Reader {
    fn value(&self, object: napi_value, name: &CStr, parent: &str) -> Result<(napi_value, String)> {
        Ok((self.env.get(object, name, parent)?, path(parent, name)))
    }

    fn string(&self, object: napi_value, name: &CStr, parent: &str) -> Result<String> {
        let (value, field) = self.value(object, name, parent)?;
        self.env.string_value(value, &field)
    }

    fn number(&self, object: napi_value, name: &CStr, parent: &str) -> Result<f64> {
        let (value, field) = self.value(object, name, parent)?;
        self.env.finite(value, &field)
    }

    fn optional_number(&self, object: napi_value, name: &CStr, parent: &str) -> Result<Option<f64>> {
        match self.env.get_optional(object, name, parent)? {
            None => Ok(None),
            Some(value) => self.env.finite(value, &path(parent, name)).map(Some),
        }
    }

    fn integer(&self, object: napi_value, name: &CStr, parent: &str, min: i64, max: i64) -> Result<i64> {
        let (value, field) = self.value(object, name, parent)?;
        self.env.integer(value, &field, min, max)
    }

    fn optional_integer(
        &self,
        object: napi_value,
        name: &CStr,
        parent: &str,
        min: i64,
        max: i64,
    ) -> Result<Option<i64>> {
        match self.env.get_optional(object, name, parent)? {
            None => Ok(None),
            Some(value) => self.env.integer(value, &path(parent, name), min, max).map(Some),
        }
    }

    fn boolean(&self, object: napi_value, name: &CStr, parent: &str) -> Result<bool> {
        let (value, field) = self.value(object, name, parent)?;
        self.env.boolean_value(value, &field)
    }

    fn element(&self, element: napi_value, field: &str) -> Result<Element> {
        match self.string(element, c"kind", field)?.as_str() {
            "unitary" => {
                let first_mode = self.integer(element, c"firstMode", field, 0, MAX_MODES)? as usize;
                let size = self.integer(element, c"size", field, 0, MAX_MODES)? as usize;
                let (data, data_field) = self.value(element, c"matrix", field)?;
                let values = self.env.float64_contents(data, &data_field)?;
                let matrix = Matrix::from_interleaved_field(&data_field, size, size, &values)?;
                Ok(Element::Unitary { first_mode, matrix })
            }
            "hidden" => Ok(Element::Hidden { photons: self.integer(element, c"photons", field, 0, 255)? as u8 }),
            "loss" => Ok(Element::Loss {
                mode: self.integer(element, c"mode", field, 0, MAX_MODES)? as usize,
                loss: self.number(element, c"loss", field)?,
            }),
            other => Err(BindingError::argument(
                format!("{field}.kind"),
                format!("unknown circuit element kind '{other}' (expected unitary, loss or hidden)"),
            )),
        }
    }

    fn input(&self, input: napi_value, field: &str) -> Result<InputSpec> {
        match self.string(input, c"kind", field)?.as_str() {
            "source" => {
                let (occupations, occupations_field) = self.value(input, c"occupations", field)?;
                let occupations = self.env.uint8_contents(occupations, &occupations_field)?;
                let (noise, noise_field) = self.value(input, c"noise", field)?;
                Ok(InputSpec::Source { occupations, noise: self.noise(noise, &noise_field)? })
            }
            "mixed" => {
                let m = self.integer(input, c"m", field, 0, MAX_MODES)? as usize;
                let (components, components_field) = self.value(input, c"components", field)?;
                let components = self
                    .env
                    .elements(components, &components_field)?
                    .into_iter()
                    .enumerate()
                    .map(|(i, component)| {
                        let field = format!("{components_field}[{i}]");
                        let probability = self.number(component, c"probability", &field)?;
                        let (terms, terms_field) = self.value(component, c"terms", &field)?;
                        let terms = self
                            .env
                            .elements(terms, &terms_field)?
                            .into_iter()
                            .enumerate()
                            .map(|(j, term)| self.term(term, m, &format!("{terms_field}[{j}]")))
                            .collect::<Result<Vec<_>>>()?;
                        Ok((probability, StateVectorSpec { terms }))
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(InputSpec::Mixed(components))
            }
            other => Err(BindingError::argument(
                format!("{field}.kind"),
                format!("unknown input kind '{other}' (expected source or mixed)"),
            )),
        }
    }

    /// One `amplitude · state` term: `{ re, im, occupations: Uint8Array, tags?: number[] }` (`NativeTerm`).
    fn term(&self, term: napi_value, m: usize, field: &str) -> Result<(C64, TaggedState)> {
        let amplitude = C64::new(self.number(term, c"re", field)?, self.number(term, c"im", field)?);
        let (occupations, occupations_field) = self.value(term, c"occupations", field)?;
        let occupations = self.env.uint8_contents(occupations, &occupations_field)?;
        if occupations.len() != m {
            return Err(BindingError::argument(
                occupations_field,
                format!("a state of the input has {} modes, expected {m}", occupations.len()),
            ));
        }
        let mut state = TaggedState::from_occupations(&occupations);
        if let Some(tags) = self.env.get_optional(term, c"tags", field)? {
            let tags_field = format!("{field}.tags");
            let tags = self.env.elements(tags, &tags_field)?;
            if tags.len() != state.photons.len() {
                return Err(BindingError::argument(
                    &tags_field,
                    format!("{} noise tags for {} photons", tags.len(), state.photons.len()),
                ));
            }
            // Tags are listed photon by photon in mode order, as `from_occupations` lists the photons.
            for (k, (photon, tag)) in state.photons.iter_mut().zip(tags).enumerate() {
                photon.tag = self.env.integer(tag, &format!("{tags_field}[{k}]"), 0, i64::from(u32::MAX))? as u32;
            }
        }
        debug_assert!(state.photons.iter().all(|p: &TaggedPhoton| p.mode < m));
        Ok((amplitude, state))
    }

    fn noise(&self, noise: napi_value, field: &str) -> Result<SourceNoise> {
        Ok(SourceNoise {
            brightness: self.number(noise, c"brightness", field)?,
            g2: self.number(noise, c"g2", field)?,
            g2_distinguishable: self.boolean(noise, c"g2Distinguishable", field)?,
            indistinguishability: self.number(noise, c"indistinguishability", field)?,
            transmittance: self.number(noise, c"transmittance", field)?,
        })
    }

    fn post_select(&self, expr: napi_value, field: &str, depth: usize) -> Result<PostSelectExpr> {
        if depth > MAX_POST_SELECT_DEPTH {
            return Err(BindingError::argument(field, "the post-selection expression is nested too deeply"));
        }
        let kind = self.string(expr, c"kind", field)?;
        let children = |name: &str| -> Result<Vec<PostSelectExpr>> {
            let (children, children_field) = self.value(expr, c"children", field)?;
            let children = self.env.elements(children, &children_field)?;
            if children.is_empty() {
                return Err(BindingError::argument(&children_field, format!("an '{name}' needs operands")));
            }
            children
                .into_iter()
                .enumerate()
                .map(|(i, child)| self.post_select(child, &format!("{children_field}[{i}]"), depth + 1))
                .collect()
        };
        match kind.as_str() {
            "condition" => {
                let (modes, modes_field) = self.value(expr, c"modes", field)?;
                let modes = self
                    .env
                    .elements(modes, &modes_field)?
                    .into_iter()
                    .enumerate()
                    .map(|(i, mode)| {
                        self.env.integer(mode, &format!("{modes_field}[{i}]"), 0, MAX_MODES).map(|k| k as usize)
                    })
                    .collect::<Result<Vec<_>>>()?;
                let op = match self.string(expr, c"op", field)?.as_str() {
                    "==" => Cmp::Eq,
                    "<" => Cmp::Lt,
                    ">" => Cmp::Gt,
                    "<=" => Cmp::Le,
                    ">=" => Cmp::Ge,
                    other => {
                        return Err(BindingError::argument(
                            format!("{field}.op"),
                            format!("unknown comparison '{other}' (expected ==, <, >, <= or >=)"),
                        ))
                    }
                };
                let value = self.integer(expr, c"value", field, -MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)?;
                Ok(PostSelectExpr::Condition { modes, op, value })
            }
            "and" => Ok(PostSelectExpr::And(children("and")?)),
            "or" => Ok(PostSelectExpr::Or(children("or")?)),
            "xor" => Ok(PostSelectExpr::Xor(children("xor")?)),
            "true" => Ok(PostSelectExpr::True),
            other => Err(BindingError::argument(
                format!("{field}.kind"),
                format!("unknown post-selection node '{other}' (expected condition, and, or, xor or true)"),
            )),
        }
    }

    fn detector(&self, detector: napi_value, field: &str) -> Result<DetectorSpec> {
        if self.env.is_nullish(detector)? {
            return Ok(DetectorSpec::Pnr);
        }
        match self.string(detector, c"kind", field)?.as_str() {
            "pnr" => Ok(DetectorSpec::Pnr),
            "threshold" => Ok(DetectorSpec::Threshold),
            "ppnr" => Ok(DetectorSpec::Ppnr {
                wires: self.optional_integer(detector, c"wires", field, 1, i64::from(u32::MAX))?.map(|w| w as u32),
                max_detections: self
                    .optional_integer(detector, c"maxDetections", field, 1, i64::from(u32::MAX))?
                    .map(|d| d as u32),
                efficiency: self.number(detector, c"efficiency", field)?,
            }),
            other => Err(BindingError::argument(
                format!("{field}.kind"),
                format!("unknown detector kind '{other}' (expected pnr, threshold or ppnr)"),
            )),
        }
    }
}
