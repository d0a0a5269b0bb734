//! From the request's element list to one unitary, with loss channels expanded into virtual modes.
//!
//! `LC(loss)` on mode `i` is Perceval's `LossSimulator` construction: a fresh virtual mode `v` (empty at the input)
//! coupled to `i` by `BS.H(r_to_theta(1 − loss))`, i.e. reflectivity `1 − loss` keeps the photon in `i`. Virtual modes
//! follow the `m` real ones and are traced out of every result. Elements compose as `U = U_last · … · U_first`.

use crate::complex::C64;
use crate::error::{EngineError, Result};
use crate::matrix::Matrix;
use crate::request::{CircuitSpec, Element};

/// Largest deviation from unitarity accepted for a unitary element: `max |(U†U − I)_ij|`.
pub const UNITARY_TOLERANCE: f64 = 1e-6;

/// A circuit ready for simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpandedCircuit {
    /// Real modes.
    pub m: usize,
    /// Real, hidden and virtual (loss) modes: the size of `unitary`.
    pub modes: usize,
    pub unitary: Matrix,
    /// Photons entering each hidden mode (modes `m .. m + hidden.len()`).
    pub hidden: Vec<u8>,
}

impl ExpandedCircuit {
    /// True when modes are traced out of results: loss channels or hidden modes.
    pub fn has_losses(&self) -> bool {
        self.modes > self.m
    }

    /// True when the circuit has hidden modes (time delays).
    pub fn has_hidden_modes(&self) -> bool {
        !self.hidden.is_empty()
    }

    /// Photons entering the hidden modes.
    pub fn hidden_photons(&self) -> usize {
        self.hidden.iter().map(|&k| k as usize).sum()
    }

    /// `input` (m real modes) followed by the hidden modes' photons and empty virtual modes.
    pub fn pad_input(&self, input: &[u8]) -> Vec<u8> {
        let mut padded = input.to_vec();
        padded.extend_from_slice(&self.hidden);
        padded.resize(self.modes, 0);
        padded
    }
}

/// Left-multiplies rows `first .. first+k` of `total` by the k×k `block`: `total ← E · total`.
fn apply_block(total: &mut Matrix, first: usize, block: &Matrix) {
    let k = block.rows;
    let n = total.cols;
    let rows: Vec<Vec<C64>> = (0..k).map(|r| total.row(first + r).to_vec()).collect();
    for r in 0..k {
        let out = &mut total.data[(first + r) * n..(first + r + 1) * n];
        out.iter_mut().for_each(|x| *x = C64::ZERO);
        for (c, row) in rows.iter().enumerate() {
            let e = block.get(r, c);
            if e == C64::ZERO {
                continue;
            }
            for (o, &x) in out.iter_mut().zip(row) {
                *o += e * x;
            }
        }
    }
}

/// Validates the elements and multiplies them into one `(m + losses)`-mode unitary.
pub fn expand(spec: &CircuitSpec) -> Result<ExpandedCircuit> {
    let m = spec.m;
    if m == 0 {
        return Err(EngineError::validation("request.m", "a circuit needs at least one mode"));
    }
    let losses = spec.elements.iter().filter(|e| matches!(e, Element::Loss { .. })).count();
    let hidden: Vec<u8> = spec
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Hidden { photons } => Some(*photons),
            _ => None,
        })
        .collect();
    // Real and hidden modes: where components may act.
    let visible = m + hidden.len();
    let modes = visible + losses;
    let mut total = Matrix::identity(modes);
    let mut next_virtual = visible;
    for (i, element) in spec.elements.iter().enumerate() {
        match element {
            Element::Hidden { .. } => {}
            Element::Unitary { first_mode, matrix } => {
                let field = format!("request.elements[{i}].matrix");
                if !matrix.is_square() || matrix.rows == 0 || matrix.data.len() != matrix.rows * matrix.cols {
                    return Err(EngineError::validation(
                        field,
                        format!("a component matrix must be square and non-empty, got {}×{}", matrix.rows, matrix.cols),
                    ));
                }
                matrix.check_finite(&field)?;
                if first_mode.checked_add(matrix.rows).is_none_or(|end| end > visible) {
                    return Err(EngineError::validation(
                        format!("request.elements[{i}].firstMode"),
                        format!(
                            "a {}-mode component at mode {first_mode} does not fit in {visible} modes",
                            matrix.rows
                        ),
                    ));
                }
                let err = matrix.unitarity_error();
                if err > UNITARY_TOLERANCE {
                    return Err(EngineError::validation(
                        field,
                        format!(
                            "the matrix is not unitary (max |U†U − I| = {err:.3e}, tolerance {UNITARY_TOLERANCE:e})"
                        ),
                    ));
                }
                apply_block(&mut total, *first_mode, matrix);
            }
            Element::Loss { mode, loss } => {
                if *mode >= visible {
                    return Err(EngineError::validation(
                        format!("request.elements[{i}].mode"),
                        format!("loss channel on mode {mode}, outside the {visible} modes"),
                    ));
                }
                if !(0.0..=1.0).contains(loss) {
                    return Err(EngineError::validation(
                        format!("request.elements[{i}].loss"),
                        format!("a loss must be in [0, 1], got {loss}"),
                    ));
                }
                // BS.H with reflectivity R = 1 − loss: [[√R, √loss], [√loss, −√R]] on (mode, virtual).
                let (c, s) = ((1.0 - loss).sqrt(), loss.sqrt());
                let v = next_virtual;
                next_virtual += 1;
                let row_mode = total.row(*mode).to_vec();
                let row_virtual = total.row(v).to_vec();
                for col in 0..modes {
                    total.set(*mode, col, row_mode[col] * c + row_virtual[col] * s);
                    total.set(v, col, row_mode[col] * s - row_virtual[col] * c);
                }
            }
        }
    }
    Ok(ExpandedCircuit { m, modes, unitary: total, hidden })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bs_h() -> Matrix {
        let s = std::f64::consts::FRAC_1_SQRT_2;
        Matrix { rows: 2, cols: 2, data: vec![C64::new(s, 0.0), C64::new(s, 0.0), C64::new(s, 0.0), C64::new(-s, 0.0)] }
    }

    fn ps(phi: f64) -> Matrix {
        Matrix { rows: 1, cols: 1, data: vec![C64::cis(phi)] }
    }

    #[test]
    fn elements_compose_last_times_first() {
        // PS on mode 1 after a BS: U = diag(1, e^{iφ}) · BS.
        let spec = CircuitSpec {
            m: 2,
            elements: vec![
                Element::Unitary { first_mode: 0, matrix: bs_h() },
                Element::Unitary { first_mode: 1, matrix: ps(0.3) },
            ],
        };
        let c = expand(&spec).unwrap();
        let expected =
            Matrix { rows: 2, cols: 2, data: vec![C64::ONE, C64::ZERO, C64::ZERO, C64::cis(0.3)] }.mul(&bs_h());
        for (a, b) in c.unitary.data.iter().zip(&expected.data) {
            assert!((*a - *b).abs() < 1e-15);
        }
        assert!(!c.has_losses());
    }

    #[test]
    fn a_loss_channel_adds_a_virtual_mode_keeping_amplitude_sqrt_of_transmission() {
        let spec = CircuitSpec { m: 1, elements: vec![Element::Loss { mode: 0, loss: 0.3 }] };
        let c = expand(&spec).unwrap();
        assert_eq!(c.modes, 2);
        assert!((c.unitary.get(0, 0).re - 0.7f64.sqrt()).abs() < 1e-15);
        assert!((c.unitary.get(1, 0).re - 0.3f64.sqrt()).abs() < 1e-15);
        assert!(c.unitary.is_unitary(1e-12));
        assert_eq!(c.pad_input(&[2]), vec![2, 0]);
    }

    #[test]
    fn hidden_modes_follow_the_real_ones_with_their_photons_and_components_may_act_on_them() {
        let spec = CircuitSpec {
            m: 1,
            elements: vec![
                Element::Hidden { photons: 2 },
                Element::Unitary { first_mode: 0, matrix: bs_h() },
                Element::Loss { mode: 1, loss: 0.5 },
            ],
        };
        let c = expand(&spec).unwrap();
        assert_eq!((c.m, c.modes, c.hidden_photons()), (1, 3, 2));
        assert!(c.has_losses() && c.has_hidden_modes());
        assert_eq!(c.pad_input(&[1]), vec![1, 2, 0]);
        assert!(c.unitary.is_unitary(1e-12));
    }

    #[test]
    fn bad_elements_are_validation_errors_naming_the_element() {
        let not_unitary = Matrix { rows: 1, cols: 1, data: vec![C64::new(2.0, 0.0)] };
        let cases = vec![
            (Element::Unitary { first_mode: 0, matrix: not_unitary }, "request.elements[0].matrix"),
            (Element::Unitary { first_mode: 1, matrix: bs_h() }, "request.elements[0].firstMode"),
            (Element::Loss { mode: 2, loss: 0.1 }, "request.elements[0].mode"),
            (Element::Loss { mode: 0, loss: 1.5 }, "request.elements[0].loss"),
            (Element::Loss { mode: 0, loss: f64::NAN }, "request.elements[0].loss"),
        ];
        for (element, expected) in cases {
            match expand(&CircuitSpec { m: 2, elements: vec![element] }) {
                Err(EngineError::Validation { field, .. }) => assert_eq!(field, expected),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(expand(&CircuitSpec { m: 0, elements: vec![] }), Err(EngineError::Validation { .. })));
    }
}
