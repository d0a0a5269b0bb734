//! Evaluating Perceval's `PostSelect` expressions on output states.

use crate::error::{EngineError, Result};
use crate::request::{Cmp, PostSelectExpr};

/// Deepest expression accepted, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Checks that every mode index exists and the tree is not absurdly deep.
pub fn validate(expr: &PostSelectExpr, m: usize) -> Result<()> {
    fn walk(e: &PostSelectExpr, m: usize, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(EngineError::validation(
                "request.postSelect",
                format!("expression nested deeper than {MAX_DEPTH}"),
            ));
        }
        match e {
            PostSelectExpr::Condition { modes, .. } => match modes.iter().find(|&&i| i >= m) {
                Some(i) => Err(EngineError::validation(
                    "request.postSelect",
                    format!("the condition refers to mode {i}, but the processor has {m} modes"),
                )),
                None => Ok(()),
            },
            PostSelectExpr::And(items) | PostSelectExpr::Or(items) | PostSelectExpr::Xor(items) => {
                items.iter().try_for_each(|i| walk(i, m, depth + 1))
            }
            PostSelectExpr::True => Ok(()),
        }
    }
    walk(expr, m, 0)
}

/// True when `state` (occupations of every processor mode, heralds included) satisfies `expr`.
pub fn accepts(expr: &PostSelectExpr, state: &[u8]) -> bool {
    match expr {
        PostSelectExpr::Condition { modes, op, value } => {
            let sum: i64 = modes.iter().map(|&i| i64::from(state.get(i).copied().unwrap_or(0))).sum();
            match op {
                Cmp::Eq => sum == *value,
                Cmp::Lt => sum < *value,
                Cmp::Gt => sum > *value,
                Cmp::Le => sum <= *value,
                Cmp::Ge => sum >= *value,
            }
        }
        PostSelectExpr::And(items) => items.iter().all(|e| accepts(e, state)),
        PostSelectExpr::Or(items) => items.iter().any(|e| accepts(e, state)),
        PostSelectExpr::Xor(items) => items.iter().filter(|e| accepts(e, state)).count() % 2 == 1,
        PostSelectExpr::True => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(modes: &[usize], op: Cmp, value: i64) -> PostSelectExpr {
        PostSelectExpr::Condition { modes: modes.to_vec(), op, value }
    }

    #[test]
    fn cnot_postselection_accepts_one_photon_per_qubit() {
        // "[0,1]==1 & [2,3]==1"
        let ps = PostSelectExpr::And(vec![cond(&[0, 1], Cmp::Eq, 1), cond(&[2, 3], Cmp::Eq, 1)]);
        assert!(accepts(&ps, &[1, 0, 0, 1, 0, 0]));
        assert!(!accepts(&ps, &[2, 0, 0, 0, 0, 0]));
        assert!(!accepts(&ps, &[1, 0, 0, 0, 1, 0]));
    }

    #[test]
    fn perceval_grammar_example_with_or_and_xor() {
        // "([1,2]>=1 & [3] < 2) | ([4] == 1 xor [5] > 0)"
        let ps = PostSelectExpr::Or(vec![
            PostSelectExpr::And(vec![cond(&[1, 2], Cmp::Ge, 1), cond(&[3], Cmp::Lt, 2)]),
            PostSelectExpr::Xor(vec![cond(&[4], Cmp::Eq, 1), cond(&[5], Cmp::Gt, 0)]),
        ]);
        assert!(accepts(&ps, &[0, 1, 0, 0, 0, 0]));
        assert!(!accepts(&ps, &[0, 0, 0, 0, 1, 1]));
        assert!(accepts(&ps, &[0, 0, 0, 0, 0, 1]));
        assert!(!accepts(&ps, &[0, 1, 0, 2, 0, 0]));
        assert!(accepts(&PostSelectExpr::True, &[3]));
        assert!(accepts(&cond(&[0], Cmp::Le, 0), &[0]));
    }

    #[test]
    fn modes_out_of_range_are_rejected() {
        assert!(validate(&cond(&[0, 6], Cmp::Eq, 1), 6).is_err());
        assert!(validate(&PostSelectExpr::And(vec![cond(&[0, 6], Cmp::Eq, 1)]), 6).is_err());
        assert!(validate(&cond(&[0, 5], Cmp::Eq, 1), 6).is_ok());
    }
}
