//! docs/reference-values.md #7 and #8: the postprocessed CNOT, built from its components.

mod common;

use bosonic_engine::pipeline::probs;
use bosonic_engine::request::{Cmp, Herald, PostSelectExpr};
use bosonic_engine::slos::{self, HeraldFit, SlosSetup};
use bosonic_engine::{circuit::expand, Silent};
use common::*;

/// Dual rail: |0>_L = |1,0>, |1>_L = |0,1>; ctrl on modes 0–1, data on 2–3, ancillas 4–5 empty.
fn logical(ctrl: u8, data: u8) -> Vec<u8> {
    vec![1 - ctrl, ctrl, 1 - data, data, 0, 0]
}

fn cnot_post_select() -> PostSelectExpr {
    PostSelectExpr::And(vec![
        PostSelectExpr::Condition { modes: vec![0, 1], op: Cmp::Eq, value: 1 },
        PostSelectExpr::Condition { modes: vec![2, 3], op: Cmp::Eq, value: 1 },
    ])
}

#[test]
fn case_7_raw_distribution_of_logical_00() {
    let d = probs(&request(postprocessed_cnot(), &logical(0, 0)), &Silent).unwrap();
    close(prob(&d, &logical(0, 0)), 1.0 / 9.0);
    close(prob(&d, &logical(0, 1)), 0.0);
    let on_ancillas: f64 = support(&d).iter().filter(|(s, _)| s[4] + s[5] > 0).map(|(_, p)| p).sum();
    close(on_ancillas, 7.0 / 9.0);
}

#[test]
fn case_7_truth_table_each_with_probability_one_ninth() {
    for (input, output) in [((0, 0), (0, 0)), ((0, 1), (0, 1)), ((1, 0), (1, 1)), ((1, 1), (1, 0))] {
        let d = probs(&request(postprocessed_cnot(), &logical(input.0, input.1)), &Silent).unwrap();
        close(prob(&d, &logical(output.0, output.1)), 1.0 / 9.0);
        // Through the processor: heralds {4:0, 5:0} and "[0,1]==1 & [2,3]==1" leave the gate's action alone.
        let mut req = request(postprocessed_cnot(), &logical(input.0, input.1));
        req.heralds = vec![Herald { mode: 4, expected: 0 }, Herald { mode: 5, expected: 0 }];
        req.post_select = Some(cnot_post_select());
        let gate = probs(&req, &Silent).unwrap();
        assert_eq!(gate.m, 4);
        let expected = &logical(output.0, output.1)[..4];
        assert_eq!(support(&gate), vec![(expected.to_vec(), 1.0)], "input {input:?}");
        close(gate.logical_perf, 1.0 / 9.0);
        close(gate.physical_perf, 1.0);
        close(gate.global_perf, 1.0 / 9.0);
    }
}

#[test]
fn case_8_mask_on_the_ancillas_leaves_exactly_two_states() {
    // Perceval's mask "****00": heralds on modes 4 and 5 expecting 0 photons; the masked output is not normalised.
    let circ = expand(&postprocessed_cnot()).unwrap();
    let heralds = [Herald { mode: 4, expected: 0 }, Herald { mode: 5, expected: 0 }];
    let input = logical(0, 0);
    for threads in [1, 2] {
        let setup =
            SlosSetup { unitary: &circ.unitary, input: &input, heralds: &heralds, fit: HeraldFit::Exact, threads };
        let masked = slos::probabilities(&setup, &Silent).unwrap();
        let mut nonzero = Vec::new();
        masked.for_each(|s, &p| {
            assert_eq!((s[4], s[5]), (0, 0));
            if p > TOL {
                nonzero.push((s.to_vec(), p));
            }
        });
        assert_eq!(nonzero.len(), 2);
        assert_eq!(nonzero[0].0, vec![1, 1, 0, 0, 0, 0]);
        close(nonzero[0].1, 1.0 / 9.0);
        assert_eq!(nonzero[1].0, input);
        close(nonzero[1].1, 1.0 / 9.0);
    }
    // The same through the processor, heralds kept: renormalised, the missing 7/9 in logical_perf.
    let mut req = request(postprocessed_cnot(), &input);
    req.heralds = heralds.to_vec();
    req.keep_heralds = true;
    let d = probs(&req, &Silent).unwrap();
    assert_eq!(d.m, 6);
    let s = support(&d);
    assert_eq!(s.len(), 2);
    close(prob(&d, &[1, 1, 0, 0, 0, 0]), 0.5);
    close(prob(&d, &input), 0.5);
    close(d.logical_perf, 2.0 / 9.0);
}
