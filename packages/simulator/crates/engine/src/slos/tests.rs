use super::*;
use crate::control::Silent;
use crate::fock::{prod_factorials, rank};
use crate::permanent::permanent;
use crate::rng::Rng;

fn mat(rows: usize, cols: usize, data: Vec<C64>) -> Matrix {
    Matrix { rows, cols, data }
}

/// `BS.H()` (50:50, H convention).
fn bs_h() -> Matrix {
    let s = std::f64::consts::FRAC_1_SQRT_2;
    mat(2, 2, vec![C64::new(s, 0.0), C64::new(s, 0.0), C64::new(s, 0.0), C64::new(-s, 0.0)])
}

/// `⟨t|U|s⟩` through one permanent (the Naive formula).
fn amplitude_by_permanent(u: &Matrix, s: &[u8], t: &[u8]) -> C64 {
    let cols: Vec<usize> = s.iter().enumerate().flat_map(|(i, &k)| std::iter::repeat_n(i, k as usize)).collect();
    let rows: Vec<usize> = t.iter().enumerate().flat_map(|(i, &k)| std::iter::repeat_n(i, k as usize)).collect();
    let sub = u.submatrix(&rows, &cols);
    permanent(&sub) / (prod_factorials(s) * prod_factorials(t)).sqrt()
}

fn setup<'a>(u: &'a Matrix, input: &'a [u8], heralds: &'a [Herald], threads: usize) -> SlosSetup<'a> {
    SlosSetup { unitary: u, input, heralds, fit: HeraldFit::Exact, threads }
}

#[test]
fn hom_dip_through_a_balanced_splitter() {
    let u = bs_h();
    let amps = amplitudes(&setup(&u, &[1, 1], &[], 1), &Silent).unwrap();
    let v = &amps.blocks[0].values; // |2,0>, |1,1>, |0,2>
    assert!((v[0] - C64::new(std::f64::consts::FRAC_1_SQRT_2, 0.0)).abs() < 1e-12);
    assert!(v[1].abs() < 1e-12);
    assert!((v[2] - C64::new(-std::f64::consts::FRAC_1_SQRT_2, 0.0)).abs() < 1e-12);
    let probs = probabilities(&setup(&u, &[2, 0], &[], 1), &Silent).unwrap();
    let p = &probs.blocks[0].values;
    assert!((p[0] - 0.25).abs() < 1e-12 && (p[1] - 0.5).abs() < 1e-12 && (p[2] - 0.25).abs() < 1e-12);
}

#[test]
fn agrees_with_permanents_on_haar_unitaries_including_split_and_threaded_layers() {
    let mut rng = Rng::seed_from_u64(7);
    // (m, input): the last two exceed one task and one thread's worth of states.
    let cases: Vec<(usize, Vec<u8>)> = vec![
        (4, vec![1, 1, 1, 0]),
        (5, vec![2, 0, 1, 1, 0]),
        (6, vec![1, 1, 1, 1, 1, 0]),
        (12, vec![1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]),
        (12, vec![2, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]),
    ];
    for (m, input) in cases {
        let u = Matrix::random_haar(m, &mut rng);
        for threads in [1, 2] {
            let amps = amplitudes(&setup(&u, &input, &[], threads), &Silent).unwrap();
            let n = input.iter().map(|&k| k as usize).sum::<usize>();
            assert_eq!(amps.blocks.len(), 1);
            let values = &amps.blocks[0].values;
            assert_eq!(values.len() as u64, crate::fock::count_states(n, m).unwrap());
            // Spot-check states spread over the whole layer.
            let step = (values.len() / 97).max(1);
            for r in (0..values.len()).step_by(step) {
                let t = crate::fock::unrank(r as u64, n, m);
                let expected = amplitude_by_permanent(&u, &input, &t);
                assert!((values[r] - expected).abs() < 1e-10, "m={m} t={t:?}: {:?} vs {expected:?}", values[r]);
            }
            let total: f64 = values.iter().map(|a| a.norm_sqr()).sum();
            assert!((total - 1.0).abs() < 1e-10);
        }
    }
}

#[test]
fn exact_heralds_compute_exactly_the_matching_outputs() {
    let mut rng = Rng::seed_from_u64(11);
    let u = Matrix::random_haar(6, &mut rng);
    let input = [1, 1, 0, 1, 1, 0];
    let full = probabilities(&setup(&u, &input, &[], 1), &Silent).unwrap();
    let heralds = [Herald { mode: 4, expected: 1 }, Herald { mode: 1, expected: 0 }];
    let masked = probabilities(&setup(&u, &input, &heralds, 2), &Silent).unwrap();
    assert_eq!(masked.herald_modes, vec![4, 1]);
    assert_eq!(masked.free_modes, vec![0, 2, 3, 5]);
    let mut seen = 0;
    masked.for_each(|t, &p| {
        assert_eq!((t[4], t[1]), (1, 0));
        let r = rank(t) as usize;
        assert!((full.blocks[0].values[r] - p).abs() < 1e-12, "{t:?}");
        seen += 1;
    });
    let expected = (0..full.blocks[0].values.len())
        .filter(|&r| {
            let t = crate::fock::unrank(r as u64, 4, 6);
            t[4] == 1 && t[1] == 0
        })
        .count();
    assert_eq!(seen, expected);
}

#[test]
fn at_most_heralds_keep_every_output_below_the_expected_counts() {
    let mut rng = Rng::seed_from_u64(12);
    let u = Matrix::random_haar(5, &mut rng);
    let input = [1, 1, 1, 0, 0];
    let full = probabilities(&setup(&u, &input, &[], 1), &Silent).unwrap();
    let heralds = [Herald { mode: 0, expected: 1 }, Herald { mode: 3, expected: 2 }];
    let s = SlosSetup { unitary: &u, input: &input, heralds: &heralds, fit: HeraldFit::AtMost, threads: 1 };
    let masked = probabilities(&s, &Silent).unwrap();
    let mut mass = 0.0;
    masked.for_each(|t, &p| {
        assert!(t[0] <= 1 && t[3] <= 2);
        assert!((full.blocks[0].values[rank(t) as usize] - p).abs() < 1e-12);
        mass += p;
    });
    let mut expected = 0.0;
    full.for_each(|t, &p| {
        if t[0] <= 1 && t[3] <= 2 {
            expected += p;
        }
    });
    assert!((mass - expected).abs() < 1e-12);
}

#[test]
fn vacuum_and_impossible_heralds() {
    let u = bs_h();
    let vac = probabilities(&setup(&u, &[0, 0], &[], 1), &Silent).unwrap();
    assert_eq!(vac.blocks[0].values, vec![1.0]);
    // Two heralded photons cannot come out of a one-photon input: nothing is computed.
    let h = [Herald { mode: 0, expected: 2 }];
    let none = probabilities(&setup(&u, &[1, 0], &h, 1), &Silent).unwrap();
    assert!(none.is_empty());
}

#[test]
fn cancellation_stops_the_run() {
    struct Cancel;
    impl Control for Cancel {
        fn progress(&self, _: f64, _: &str) {}
        fn is_canceled(&self) -> bool {
            true
        }
    }
    let u = bs_h();
    assert_eq!(probabilities(&setup(&u, &[1, 1], &[], 1), &Cancel), Err(EngineError::Canceled));
}

#[test]
fn bad_geometry_is_a_validation_error() {
    let u = bs_h();
    let e = probabilities(&setup(&u, &[1, 1, 0], &[], 1), &Silent).unwrap_err();
    assert!(matches!(e, EngineError::Validation { ref field, .. } if field == "input"));
    let h = [Herald { mode: 5, expected: 0 }];
    let e = probabilities(&setup(&u, &[1, 1], &h, 1), &Silent).unwrap_err();
    assert!(matches!(e, EngineError::Validation { ref field, .. } if field == "heralds"));
}

#[test]
fn required_bytes_of_the_benchmark_size() {
    let u = Matrix { rows: 14, cols: 14, data: vec![C64::ZERO; 196] };
    let input = [1u8; 14];
    let bytes = required_bytes(&setup(&u, &input, &[], 1), 8).unwrap().unwrap();
    // The peak is the last step: the buffer of layer 13 (10,400,600 states of 16-byte coefficients) and the
    // 20,058,300 f64 probabilities the last step writes directly, into the buffer that held layer 12 (5,200,300
    // coefficients, smaller): about 0.33 GB. Amplitudes need a buffer of their own.
    assert_eq!(bytes, 10_400_600 * 16 + 20_058_300 * 8);
    let amplitudes = required_bytes(&setup(&u, &input, &[], 1), 16).unwrap().unwrap();
    assert_eq!(amplitudes, (10_400_600 + 5_200_300) * 16 + 20_058_300 * 16);
}

#[test]
fn convolving_a_distinguishable_photon_equals_the_sparse_convolution() {
    use crate::distribution::StateMap;
    let mut rng = Rng::seed_from_u64(21);
    let u = Matrix::random_haar(5, &mut rng);
    let input = [1, 1, 0, 0, 1];
    let heralds = [Herald { mode: 3, expected: 1 }, Herald { mode: 0, expected: 0 }];
    // Signal photons under "at most" masks, then two distinguishable photons from modes 1 and 2; 5 photons in all.
    let s = SlosSetup { unitary: &u, input: &input, heralds: &heralds, fit: HeraldFit::AtMost, threads: 2 };
    let signal = probabilities(&s, &Silent).unwrap();
    let q = |mode: usize| (0..5).map(|j| u.get(j, mode).norm_sqr()).collect::<Vec<f64>>();
    let once = convolve_photon(&signal, &q(1), &[1, 0], 5, 2, &Silent).unwrap();
    let twice = convolve_photon(&once, &q(2), &[1, 0], 5, 1, &Silent).unwrap();

    let to_map = |b: &Blocks<f64>| {
        let mut map = StateMap::new(5);
        b.for_each(|t, &p| map.add(t, p));
        map
    };
    let single = |mode: usize| {
        let mut map = StateMap::new(5);
        for (j, p) in q(mode).into_iter().enumerate() {
            let mut t = [0u8; 5];
            t[j] = 1;
            map.add(&t, p);
        }
        map
    };
    let mut expected = to_map(&signal).convolve(&single(1)).convolve(&single(2));
    expected.retain(|t| t[3] == 1 && t[0] == 0);
    let got = to_map(&twice);
    assert_eq!(twice.blocks.len(), 1);
    assert_eq!(twice.blocks[0].herald_occupations, vec![1, 0]);
    assert!((got.total() - expected.total()).abs() < 1e-12);
    for (t, p) in &expected.map {
        let g = got.map.get(t).copied().unwrap_or(0.0);
        assert!((g - p).abs() < 1e-12, "{t:?}: {g} vs {p}");
    }
}

#[test]
fn the_walker_reuses_shared_photons_and_matches_independent_runs() {
    let mut rng = Rng::seed_from_u64(31);
    let u = Matrix::random_haar(6, &mut rng);
    let heralds = [Herald { mode: 2, expected: 1 }, Herald { mode: 5, expected: 0 }];
    let inputs: Vec<[u8; 6]> = vec![
        [1, 1, 1, 0, 1, 0],
        [1, 1, 0, 0, 1, 0],
        [1, 1, 1, 0, 0, 0],
        [0, 1, 1, 0, 1, 0],
        [2, 0, 1, 0, 1, 1],
        [0, 0, 0, 0, 0, 0],
        [1, 1, 1, 0, 1, 0],
    ];
    for heralds in [&heralds[..], &[]] {
        let mut walker = SlosWalker::new(&u, heralds, 5, 2).unwrap();
        for input in &inputs {
            for fit in [HeraldFit::Exact, HeraldFit::AtMost] {
                let walked = walker.probabilities(input, fit, &Silent).unwrap();
                let direct =
                    probabilities(&SlosSetup { unitary: &u, input, heralds, fit, threads: 1 }, &Silent).unwrap();
                assert_eq!(walked.herald_modes, direct.herald_modes);
                let mut expected = Vec::new();
                direct.for_each(|t, &p| expected.push((t.to_vec(), p)));
                let mut got = Vec::new();
                walked.for_each(|t, &p| got.push((t.to_vec(), p)));
                assert_eq!(got.len(), expected.len(), "{input:?} {fit:?}");
                for ((a, p), (b, q)) in got.iter().zip(&expected) {
                    assert_eq!(a, b);
                    assert!((p - q).abs() < 1e-12, "{input:?} {a:?}: {p} vs {q}");
                }
            }
        }
    }
}

#[test]
fn every_available_kernel_gives_the_portable_amplitudes_to_1e_12() {
    let mut rng = Rng::seed_from_u64(21);
    let portable = Verified::new(crate::permanent::Kernel::Portable).expect("always available");
    // The second input exceeds one task, so split tasks and their carried AXPYs run too.
    for (m, input) in [(7, vec![2, 1, 0, 1, 1, 0, 1]), (12, vec![1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0])] {
        let u = Matrix::random_haar(m, &mut rng);
        let reference = amplitudes_on(&setup(&u, &input, &[], 2), portable, &Silent).unwrap();
        for kernel in crate::permanent::Kernel::available() {
            let simd = Verified::new(kernel).expect("listed as available");
            let amps = amplitudes_on(&setup(&u, &input, &[], 2), simd, &Silent).unwrap();
            let (a, b) = (&amps.blocks[0].values, &reference.blocks[0].values);
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                assert!((*x - *y).abs() <= 1e-12, "{kernel:?}, m = {m}: {x:?} vs {y:?}");
            }
        }
    }
}

#[test]
fn reused_layer_buffers_of_changing_sizes_leave_no_stale_values() {
    // Exact heralds make the layers grow and then shrink (the layers of one parity share a buffer sized for the
    // largest of them, and a smaller later layer overwrites only its own part), and a 1-photon-per-mode input of
    // 9 photons on 10 modes has layers from 1 to 48,620 states on each parity. Every amplitude is checked against
    // the permanent formula.
    let mut rng = Rng::seed_from_u64(5);
    let u = Matrix::random_haar(6, &mut rng);
    let input = [2, 1, 1, 0, 1, 1];
    let heralds = [Herald { mode: 0, expected: 2 }, Herald { mode: 3, expected: 2 }];
    let amps = amplitudes(&setup(&u, &input, &heralds, 1), &Silent).unwrap();
    let mut seen = 0;
    amps.for_each(|t, &a| {
        assert_eq!((t[0], t[3]), (2, 2));
        let expected = amplitude_by_permanent(&u, &input, t);
        assert!((a - expected).abs() < 1e-12, "{t:?}: {a:?} vs {expected:?}");
        seen += 1;
    });
    assert_eq!(seen, 10); // 2 photons on the 4 free modes
    let u = Matrix::random_haar(10, &mut rng);
    let input = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0];
    for threads in [1, 2] {
        let amps = amplitudes(&setup(&u, &input, &[], threads), &Silent).unwrap();
        let values = &amps.blocks[0].values;
        assert_eq!(values.len(), 48_620);
        for r in (0..values.len()).step_by(487) {
            let t = crate::fock::unrank(r as u64, 9, 10);
            let expected = amplitude_by_permanent(&u, &input, &t);
            assert!((values[r] - expected).abs() < 1e-12, "{t:?}: {:?} vs {expected:?}", values[r]);
        }
    }
}
